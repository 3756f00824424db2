package io.siamese.app;

import io.siamese.app.source.VideoFileSource;
import io.siamese.app.verify.FaceEmbedder;
import io.siamese.data.DataProblems;
import io.siamese.data.FileImage;
import io.siamese.data.ImageDecodeException;
import io.siamese.data.ImageFiles;
import io.siamese.data.NoFaceException;
import io.siamese.model.BadInputException;
import io.siamese.model.Calibration;
import org.bytedeco.opencv.opencv_core.Mat;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Where the face that {@code verify} and {@code identify} check comes from: one image, a video, or a folder of frames
 * (one option of the three). From a video or a folder the decision takes the first {@code --frames N} frames that
 * show a face, as the window decides over the last N frames with a face; frames without a face are skipped.
 */
final class ProbeInput {

    @Option(names = "--image", paramLabel = "FILE", description = "The image to check.")
    Path image;

    @Option(names = "--video", paramLabel = "FILE", description = "A video: its first frames with a face are checked together (--frames).")
    Path video;

    @Option(names = "--folder", paramLabel = "DIR", description = "A folder of frames, in name order: its first frames with a face are checked together (--frames).")
    Path folder;

    /**
     * Checks {@code --frames} against the input: 1 to {@link Calibration#MAX_FRAMES}, and more than one only for a
     * video or a folder.
     */
    int frames(Integer frames) {
        int n = frames == null ? 1 : frames;
        if (n < 1 || n > Calibration.MAX_FRAMES) {
            throw new BadInputException("--frames must be 1 to " + Calibration.MAX_FRAMES + " (the most frames a model is calibrated for), got " + n);
        }
        if (n > 1 && image != null) throw new BadInputException("--frames " + n + " needs several frames: give --video FILE or --folder DIR instead of --image");
        return n;
    }

    /** A name for messages: the file or folder. */
    String describe() {
        return image != null ? image.toString() : video != null ? "video " + video : "folder " + folder;
    }

    /**
     * The first {@code n} faces of the input, embedded, oldest first.
     *
     * @throws ImageDecodeException when the image cannot be read
     * @throws NoFaceException      when fewer than {@code n} frames show a face
     * @throws io.siamese.app.source.FrameSourceException when the video cannot be opened or read
     * @throws io.siamese.data.DatasetException           when the folder is missing
     */
    List<FaceEmbedder.Face> faces(FaceEmbedder embedder, int n) {
        if (image != null) {
            if (!Files.isRegularFile(image)) throw new ImageDecodeException("image not found: " + image);
            return List.of(embedder.face(new FileImage(image).decode(), image.toString()));
        }
        List<FaceEmbedder.Face> faces = new ArrayList<>(n);
        int seen = 0;
        if (video != null) {
            try (VideoFileSource source = VideoFileSource.open(video)) {
                while (faces.size() < n) {
                    Optional<Mat> frame = source.grab();
                    if (frame.isEmpty()) break;
                    faceOf(embedder, frame.get(), "frame " + seen + " of " + video).ifPresent(faces::add);
                    seen++;
                }
            }
        } else {
            DataProblems problems = new DataProblems();
            for (Path file : ImageFiles.images(folder, problems)) {
                if (faces.size() == n) break;
                Mat frame;
                try {
                    frame = new FileImage(file).decode();
                } catch (ImageDecodeException e) {
                    problems.skip(file.toString(), e.getMessage());
                    continue;
                }
                faceOf(embedder, frame, file.toString()).ifPresent(faces::add);
                seen++;
            }
        }
        if (faces.size() < n) {
            throw new NoFaceException(faces.size() + " of the " + seen + " frames of " + describe() + " show a face; --frames " + n + " needs " + n);
        }
        return faces;
    }

    private static Optional<FaceEmbedder.Face> faceOf(FaceEmbedder embedder, Mat frame, String name) {
        try {
            return Optional.of(embedder.face(frame, name));
        } catch (NoFaceException e) {
            return Optional.empty();
        }
    }
}
