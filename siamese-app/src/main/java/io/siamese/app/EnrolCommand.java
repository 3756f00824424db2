package io.siamese.app;

import io.siamese.app.gallery.Gallery;
import io.siamese.app.gallery.GalleryEnrolment;
import io.siamese.app.enrol.EnrolmentStore;
import io.siamese.data.DatasetException;
import io.siamese.data.ImageDecodeException;
import io.siamese.data.face.HaarFaceCropper;
import io.siamese.model.BadInputException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code enrol}: adds photos of a person to a gallery of people, as the window's R key does with a name typed. Every
 * photo must show exactly one face; a photo without a face, with two faces or that cannot be read is refused with its
 * name, and then nothing is saved unless {@code --skip-refused} is given.
 */
@Command(name = "enrol", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Enrol photos of a person into a gallery of people (GALLERY/NAME/), for identify and the face-ID window.",
                "Each photo must show exactly one face: the face is cut out and saved at 250x250. A photo with no face or with two faces "
                + "is refused with its name; then nothing is saved, unless --skip-refused is given."},
        exitCodeListHeading = "%nExit status:%n",
        exitCodeList = {"0:every photo was enrolled (with --skip-refused: at least one)", "2:bad input: a photo refused, a bad name, missing photos"})
public final class EnrolCommand implements Callable<Integer> {

    /** Exit status for input that cannot be used. */
    public static final int BAD_INPUT = DatasetException.EXIT_STATUS;

    @Option(names = "--gallery", paramLabel = "DIR", description = "The gallery of people (default: application_data/people).")
    Path gallery;

    @Option(names = "--name", required = true, paramLabel = "NAME", description = "The person's name: the folder their photos go to.")
    String name;

    @Option(names = "--images", required = true, arity = "1..*", paramLabel = "FOLDER_OR_FILE",
            description = "Photos of the person: image files, or folders whose images are all taken.")
    List<Path> images;

    @Option(names = "--skip-refused", description = "Enrol the accepted photos even when others are refused.")
    boolean skipRefused;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        try {
            Gallery target = new Gallery(gallery != null ? gallery : Gallery.DEFAULT);
            Gallery.checkName(name);
            List<Path> photos = GalleryEnrolment.photos(images);
            GalleryEnrolment.Outcome outcome = new GalleryEnrolment(target, new HaarFaceCropper()).enrol(name, photos, skipRefused);
            for (GalleryEnrolment.Refused r : outcome.refused()) err.println("refused " + r.describe());
            if (outcome.saved().isEmpty()) {
                err.println("error: " + (outcome.refused().isEmpty() ? "no photo enrolled" : outcome.refused().size() + " of " + photos.size()
                        + " photos refused; nothing was saved" + (skipRefused ? "" : " (give --skip-refused to enrol the others)")));
                err.flush();
                return BAD_INPUT;
            }
            out.println("enrolled " + outcome.saved().size() + " of " + photos.size() + " photos of " + outcome.person() + " into " + outcome.folder()
                    + " (" + EnrolmentStore.count(outcome.folder()) + " references now)");
            out.flush();
            err.flush();
            return 0;
        } catch (DatasetException | ImageDecodeException | BadInputException e) {
            err.println("error: " + e.getMessage());
            err.flush();
            return BAD_INPUT;
        }
    }
}
