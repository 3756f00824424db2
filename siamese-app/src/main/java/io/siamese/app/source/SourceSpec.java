package io.siamese.app.source;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * Which frame source to open, as chosen on the command line. Opening is separate from choosing so that the window can
 * open the source on its background thread and show a failure (such as a missing camera) in the window.
 */
public sealed interface SourceSpec permits SourceSpec.Camera, SourceSpec.Video, SourceSpec.Folder {

    /** Opens the source; see the implementations for what can fail. */
    FrameSource open();

    /** A short description for titles and messages. */
    String describe();

    /** A camera by index; 0 is the default camera. */
    record Camera(int index) implements SourceSpec {
        /** The camera used when no source is chosen. */
        public static final Camera DEFAULT = new Camera(0);

        public Camera {
            if (index < 0) throw new IllegalArgumentException("camera index must be >= 0, got " + index);
        }

        @Override
        public FrameSource open() {
            return CameraSource.open(index);
        }

        @Override
        public String describe() {
            return "camera " + index;
        }
    }

    /** A video file, played once at its own frame rate. */
    record Video(Path file) implements SourceSpec {
        public Video {
            Objects.requireNonNull(file, "video file");
        }

        @Override
        public FrameSource open() {
            return VideoFileSource.open(file);
        }

        @Override
        public String describe() {
            return "video " + file;
        }
    }

    /** A folder of images shown one after another, each for {@code interval}, over and over. */
    record Folder(Path folder, Duration interval) implements SourceSpec {
        /** How long each image is shown when no interval is chosen. */
        public static final Duration DEFAULT_INTERVAL = Duration.ofMillis(1000);

        public Folder {
            Objects.requireNonNull(folder, "folder");
            if (interval == null || interval.isNegative()) throw new IllegalArgumentException("frame interval must be zero or more, got " + interval);
        }

        public Folder(Path folder) {
            this(folder, DEFAULT_INTERVAL);
        }

        @Override
        public FrameSource open() {
            return ImageFolderSource.open(folder, interval);
        }

        @Override
        public String describe() {
            return "folder " + folder;
        }
    }
}
