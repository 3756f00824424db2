package io.siamese.app.enrol;

import io.siamese.data.FaceCropper;
import io.siamese.data.ImageFiles;
import io.siamese.data.NoFaceException;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.IntPointer;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Size;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Objects;

import static org.bytedeco.opencv.global.opencv_imgcodecs.IMWRITE_JPEG_QUALITY;
import static org.bytedeco.opencv.global.opencv_imgcodecs.imencode;
import static org.bytedeco.opencv.global.opencv_imgproc.INTER_AREA;
import static org.bytedeco.opencv.global.opencv_imgproc.INTER_LINEAR;
import static org.bytedeco.opencv.global.opencv_imgproc.resize;

/**
 * Saves the face of a live frame as an anchor, a positive or a reference image: the face is cut out with the face
 * cropper, resized to {@value #SIZE}x{@value #SIZE} in its original colours (so any model can read it later, whatever
 * its input size or channels) and written as a JPEG with a unique, timestamped name such as
 * {@code anchor-20240131-142501-123.jpg}. A file is never overwritten, even by two stores writing at once.
 */
public final class EnrolmentStore {

    private static final Logger log = LoggerFactory.getLogger(EnrolmentStore.class);

    /** Width and height of saved images, as in the original projects. */
    public static final int SIZE = 250;
    /** JPEG quality of saved images. */
    public static final int JPEG_QUALITY = 95;
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

    /** How many image files the kind's folder holds now (0 when it does not exist yet). */
    public int count(Kind kind) {
        Path folder = folder(kind);
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
        Mat face = cropper.crop(frame).orElseThrow(() -> new NoFaceException("no face in the frame: nothing saved as " + kind.prefix()));
        byte[] jpeg = encode(fit(face));
        Path folder = folder(kind);
        try {
            Files.createDirectories(folder);
            String stamp = LocalDateTime.now(clock).format(STAMP);
            for (int attempt = 1; ; attempt++) {
                String name = kind.prefix() + "-" + stamp + (attempt == 1 ? "" : "-" + attempt) + ".jpg";
                Path file = folder.resolve(name);
                try {
                    Files.write(file, jpeg, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
                    log.info("saved {} {} ({} bytes)", kind.prefix(), file, jpeg.length);
                    return file;
                } catch (FileAlreadyExistsException e) {
                    // Two saves in the same millisecond: the next suffix is tried.
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot save the " + kind.prefix() + " image in " + folder + ": " + e.getMessage(), e);
        }
    }

    private static Mat fit(Mat face) {
        if (face.cols() == SIZE && face.rows() == SIZE) return face;
        Mat out = new Mat();
        int interpolation = face.cols() > SIZE ? INTER_AREA : INTER_LINEAR;
        resize(face, out, new Size(SIZE, SIZE), 0, 0, interpolation);
        return out;
    }

    private static byte[] encode(Mat image) {
        try (BytePointer buffer = new BytePointer(); IntPointer parameters = new IntPointer(IMWRITE_JPEG_QUALITY, JPEG_QUALITY)) {
            if (!imencode(".jpg", image, buffer, parameters)) {
                throw new IllegalStateException("OpenCV could not encode a " + image.cols() + "x" + image.rows() + " image as JPEG");
            }
            byte[] bytes = new byte[(int) buffer.limit()];
            buffer.get(bytes);
            return bytes;
        }
    }
}
