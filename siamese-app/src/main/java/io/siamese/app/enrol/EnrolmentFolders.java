package io.siamese.app.enrol;

import io.siamese.app.gallery.Gallery;

import java.nio.file.Path;
import java.util.Objects;

/**
 * Where enrolment writes, with the original face-ID projects' folder names as defaults, relative to the working
 * directory: {@code data/anchor}, {@code data/positive} (training pairs of the person, next to {@code data/negative})
 * and {@code application_data/verification_images} (the references a live face is verified against), and the gallery
 * of people {@code application_data/people} (one folder of references per person).
 *
 * @param anchors    where the {@code a} key saves anchor images
 * @param positives  where the {@code p} key saves positive images
 * @param references where "Add reference" saves verification images when no person is named
 * @param people     the gallery of people: "Add reference" with a name saves to {@code people/NAME}
 */
public record EnrolmentFolders(Path anchors, Path positives, Path references, Path people) {

    /** The folder training data goes below by default. */
    public static final Path DEFAULT_DATA = Path.of("data");
    /** The original projects' folders, relative to the working directory. */
    public static final EnrolmentFolders DEFAULTS = new EnrolmentFolders(DEFAULT_DATA.resolve("anchor"), DEFAULT_DATA.resolve("positive"),
            Path.of("application_data", "verification_images"), Gallery.DEFAULT);

    public EnrolmentFolders {
        Objects.requireNonNull(anchors, "anchors folder");
        Objects.requireNonNull(positives, "positives folder");
        Objects.requireNonNull(references, "references folder");
        Objects.requireNonNull(people, "people folder");
    }

    /** Anchors and positives below another data folder: {@code DATA/anchor} and {@code DATA/positive}. */
    public EnrolmentFolders withData(Path data) {
        return new EnrolmentFolders(data.resolve("anchor"), data.resolve("positive"), references, people);
    }

    public EnrolmentFolders withReferences(Path newReferences) {
        return new EnrolmentFolders(anchors, positives, newReferences, people);
    }

    public EnrolmentFolders withPeople(Path newPeople) {
        return new EnrolmentFolders(anchors, positives, references, newPeople);
    }
}
