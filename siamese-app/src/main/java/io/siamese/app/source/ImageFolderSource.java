package io.siamese.app.source;

import io.siamese.data.DataProblems;
import io.siamese.data.DatasetException;
import io.siamese.data.FileImage;
import io.siamese.data.ImageDecodeException;
import io.siamese.data.ImageFiles;
import org.bytedeco.opencv.opencv_core.Mat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The image files of a folder played as a video: sorted by name, each shown for a fixed interval, starting over after
 * the last one, so the feed never ends. Files that cannot be decoded are skipped with one warning each.
 */
public final class ImageFolderSource implements FrameSource {

    private final Path folder;
    private final List<Path> images;
    private final Duration interval;
    private final DataProblems problems = new DataProblems();
    private int next;
    private Path current;

    private ImageFolderSource(Path folder, List<Path> images, Duration interval) {
        this.folder = folder;
        this.images = images;
        this.interval = interval;
    }

    /**
     * Opens a folder of images.
     *
     * @param interval how long each image stays on screen, zero or more
     * @throws FrameSourceException when the folder is missing or holds no image files
     */
    public static ImageFolderSource open(Path folder, Duration interval) {
        if (interval == null || interval.isNegative()) throw new IllegalArgumentException("frame interval must be zero or more, got " + interval);
        List<Path> images;
        try {
            images = ImageFiles.images(folder, new DataProblems());
        } catch (DatasetException e) {
            throw new FrameSourceException(e.getMessage(), e);
        }
        if (images.isEmpty()) {
            throw new FrameSourceException("no image files in " + folder + " (expected " + String.join("/", ImageFiles.EXTENSIONS.stream().sorted().toList()) + ")");
        }
        return new ImageFolderSource(folder, images, interval);
    }

    /** The images played, in order. */
    public List<Path> images() {
        return images;
    }

    /** The file of the frame last returned by {@link #grab()}, if any. */
    public Optional<Path> current() {
        return Optional.ofNullable(current);
    }

    @Override
    public Optional<Mat> grab() {
        for (int tried = 0; tried < images.size(); tried++) {
            Path file = images.get(next);
            next = (next + 1) % images.size();
            if (problems.wasSkipped(file.toString())) continue;
            try {
                Mat frame = Frames.bgrCopy(new FileImage(file).decode());
                current = file;
                return Optional.of(frame);
            } catch (ImageDecodeException e) {
                problems.skip(file.toString(), e.getMessage());
            }
        }
        throw new FrameSourceException("none of the " + images.size() + " image files in " + folder + " can be decoded");
    }

    @Override
    public String name() {
        return "folder " + folder;
    }

    @Override
    public Duration frameInterval() {
        return interval;
    }

    @Override
    public void close() {
        // A folder holds nothing open between frames.
    }
}
