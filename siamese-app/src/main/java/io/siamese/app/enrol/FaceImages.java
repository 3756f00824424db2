package io.siamese.app.enrol;

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

import static org.bytedeco.opencv.global.opencv_imgcodecs.IMWRITE_JPEG_QUALITY;
import static org.bytedeco.opencv.global.opencv_imgcodecs.imencode;
import static org.bytedeco.opencv.global.opencv_imgproc.INTER_AREA;
import static org.bytedeco.opencv.global.opencv_imgproc.INTER_LINEAR;
import static org.bytedeco.opencv.global.opencv_imgproc.resize;

/**
 * How enrolled faces are stored, by the window and by {@code enrol} alike: the face crop resized to
 * {@value #SIZE}x{@value #SIZE} in its original colours (so any model can read it later, whatever its input size or
 * channels), as a JPEG written under a name that never overwrites an existing file.
 */
public final class FaceImages {

    private static final Logger log = LoggerFactory.getLogger(FaceImages.class);

    /** Width and height of saved images, as in the original projects. */
    public static final int SIZE = 250;
    /** JPEG quality of saved images. */
    public static final int JPEG_QUALITY = 95;

    private FaceImages() {
    }

    /**
     * Writes a face crop as {@code folder/BASE.jpg}, or {@code BASE-2.jpg}, {@code BASE-3.jpg} ... when the name is
     * taken (also by another writer at the same moment); creates the folder.
     *
     * @return the file written
     * @throws UncheckedIOException when the folder cannot be created or the file cannot be written
     */
    public static Path save(Path folder, String base, Mat face) {
        byte[] jpeg = jpeg(fit(face));
        try {
            Files.createDirectories(folder);
            for (int attempt = 1; ; attempt++) {
                Path file = folder.resolve(base + (attempt == 1 ? "" : "-" + attempt) + ".jpg");
                try {
                    Files.write(file, jpeg, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
                    log.info("saved {} ({} bytes)", file, jpeg.length);
                    return file;
                } catch (FileAlreadyExistsException e) {
                    // Taken: the next suffix is tried.
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot save " + base + ".jpg in " + folder + ": " + e.getMessage(), e);
        }
    }

    private static Mat fit(Mat face) {
        if (face.cols() == SIZE && face.rows() == SIZE) return face;
        Mat out = new Mat();
        int interpolation = face.cols() > SIZE ? INTER_AREA : INTER_LINEAR;
        resize(face, out, new Size(SIZE, SIZE), 0, 0, interpolation);
        return out;
    }

    private static byte[] jpeg(Mat image) {
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
