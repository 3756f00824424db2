package io.siamese.app.enrol;

import io.siamese.app.gallery.Gallery;
import io.siamese.data.FaceCropper;
import io.siamese.data.ImageFiles;
import io.siamese.data.NoFaceException;
import org.bytedeco.opencv.opencv_core.Mat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Objects;

/**
 * Saves the face of a live frame as an anchor, a positive or a reference image: the face is cut out with the face
 * cropper and stored by {@link FaceImages} ({@value FaceImages#SIZE}x{@value FaceImages#SIZE} JPEG, original colours)
 * with a unique, timestamped name such as {@code anchor-20240131-142501-123.jpg}. A reference of a named person goes
 * to that person's folder of the gallery of people; an unnamed one to the one-person gallery. A file is never
 * overwritten, even by two stores writing at once.
 */
public final class EnrolmentStore {

    /** Width and height of saved images, as in the original projects. */
    public static final int SIZE = FaceImages.SIZE;
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss-SSS", Locale.ROOT);

    /** What an image is saved as. */
    public enum Kind {
        /** The person's anchor image, for training ({@code a}). */
        ANCHOR("anchor"),
        /** Another image of the same person, for training ({@code p}). */
        POSITIVE("positive"),
        /** A verification image the live face is compared with ("Add reference"). */
        REFERENCE("reference");

        private final String prefix;

        Kind(String prefix) {
            this.prefix = prefix;
        }

        /** The file name prefix and the word used in messages. */
        public String prefix() {
            return prefix;
        }
    }

    private final EnrolmentFolders folders;
    private final FaceCropper cropper;
    private final Clock clock;

    /**
     * @param cropper finds and cuts out the face; frames without a face are refused
     * @param clock   names files by its time
     */
    public EnrolmentStore(EnrolmentFolders folders, FaceCropper cropper, Clock clock) {
        this.folders = Objects.requireNonNull(folders, "folders");
        this.cropper = Objects.requireNonNull(cropper, "cropper");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    public EnrolmentFolders folders() {
        return folders;
    }

    /** The folder images of a kind go to. */
    public Path folder(Kind kind) {
        return switch (kind) {
            case ANCHOR -> folders.anchors();
            case POSITIVE -> folders.positives();
            case REFERENCE -> folders.references();
        };
    }

    /**
     * The folder images of a kind go to for a named person: a reference goes to the person's folder of the gallery of
     * people; anchors and positives (training images) go where they go without a name.
     *
     * @param person the person's name as typed, or null or blank for none
     * @throws io.siamese.model.BadInputException when the name cannot name a folder
     */
    public Path folder(Kind kind, String person) {
        if (kind != Kind.REFERENCE || person == null || person.isBlank()) return folder(kind);
        return new Gallery(folders.people()).folderOf(person);
    }

    /** How many image files the kind's folder holds now (0 when it does not exist yet). */
    public int count(Kind kind) {
        return count(folder(kind));
    }

    /** How many image files a folder holds now (0 when it does not exist yet). */
    public static int count(Path folder) {
        if (!Files.isDirectory(folder)) return 0;
        try (var files = Files.list(folder)) {
            return (int) files.filter(Files::isRegularFile).filter(ImageFiles::isImage).count();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + folder, e);
        }
    }

    /**
     * Cuts the face out of a frame and saves it.
     *
     * @param frame an 8-bit BGR or grayscale image; not modified
     * @return the file written
     * @throws NoFaceException      when the frame shows no face
     * @throws UncheckedIOException when the folder cannot be created or the file cannot be written
     */
    public Path save(Kind kind, Mat frame) {
        return save(kind, null, frame);
    }

    /**
     * Cuts the face out of a frame and saves it, a reference of a named person into their gallery folder.
     *
     * @param person the person's name, or null or blank for none
     * @return the file written
     * @throws NoFaceException                     when the frame shows no face
     * @throws io.siamese.model.BadInputException when the name cannot name a folder
     * @throws UncheckedIOException                when the folder cannot be created or the file cannot be written
     */
    public Path save(Kind kind, String person, Mat frame) {
        Path folder = folder(kind, person);
        Mat face = cropper.crop(frame).orElseThrow(() -> new NoFaceException("no face in the frame: nothing saved as " + kind.prefix()));
        return FaceImages.save(folder, kind.prefix() + "-" + LocalDateTime.now(clock).format(STAMP), face);
    }
}
