package io.siamese.data.face;

import io.siamese.data.FaceCropper;
import org.bytedeco.javacpp.Loader;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Rect;
import org.bytedeco.opencv.opencv_core.RectVector;
import org.bytedeco.opencv.opencv_core.Size;
import org.bytedeco.opencv.opencv_objdetect.CascadeClassifier;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedDeque;

import static org.bytedeco.opencv.global.opencv_imgproc.COLOR_BGR2GRAY;
import static org.bytedeco.opencv.global.opencv_imgproc.cvtColor;
import static org.bytedeco.opencv.global.opencv_imgproc.equalizeHist;

/**
 * Finds faces with OpenCV's Haar cascade {@code haarcascade_frontalface_alt.xml}, which ships inside the OpenCV jar
 * (nothing is downloaded), and cuts out the largest one as a square with a margin around it, in the input's own
 * colours. Detection runs on a grayscale, histogram-equalised copy.
 *
 * <p>OpenCV's {@code CascadeClassifier} is not thread-safe. An instance keeps a small pool of them, one per thread
 * detecting at the same moment (a second one is loaded the first time two threads detect at once), so an instance
 * may be shared and no thread waits for another's detection. The native memory a detection uses is released when it
 * returns; the pooled classifiers live as long as the instance.
 */
public final class HaarFaceCropper implements FaceCropper {

    /** The cascade's file name. */
    public static final String CASCADE = "haarcascade_frontalface_alt.xml";
    /** Default margin around the detected face, as a fraction of its size on each side. */
    public static final double DEFAULT_MARGIN = 0.2;
    /** Default smallest face, as a fraction of the image's shorter side. */
    public static final double DEFAULT_MIN_FACE_FRACTION = 0.1;

    /** {@code detectMultiScale}'s scale step and neighbour count. */
    private static final double SCALE_FACTOR = 1.1;
    private static final int MIN_NEIGHBOURS = 3;
    /** The smallest face searched for, in pixels, whatever the image size. */
    private static final int MIN_FACE_PIXELS = 20;

    private final double margin;
    private final double minFaceFraction;
    private final ConcurrentLinkedDeque<CascadeClassifier> idle = new ConcurrentLinkedDeque<>();

    /** A cropper with the default margin (20%) and smallest face (10% of the shorter side). */
    public HaarFaceCropper() {
        this(DEFAULT_MARGIN, DEFAULT_MIN_FACE_FRACTION);
    }

    /**
     * @param margin          added on each side of the face, as a fraction of its size (0 keeps the detector's box)
     * @param minFaceFraction faces smaller than this fraction of the image's shorter side are ignored, in (0, 1]
     * @throws IllegalStateException when the cascade cannot be loaded from the OpenCV jar
     */
    public HaarFaceCropper(double margin, double minFaceFraction) {
        if (!(margin >= 0 && margin <= 2)) throw new IllegalArgumentException("margin must be in [0, 2], got " + margin);
        if (!(minFaceFraction > 0 && minFaceFraction <= 1)) {
            throw new IllegalArgumentException("minFaceFraction must be in (0, 1], got " + minFaceFraction);
        }
        this.margin = margin;
        this.minFaceFraction = minFaceFraction;
        idle.push(loadClassifier());
    }

    /**
     * A classifier for the pool. It is retained once more than its creation asks, so that a {@code PointerScope}
     * open on the calling thread (ImagePreprocessor opens one per image) does not release it when it closes; the
     * garbage collector frees it with this cropper.
     */
    private static CascadeClassifier loadClassifier() {
        CascadeClassifier classifier = new CascadeClassifier(cascadeFile().getAbsolutePath());
        if (classifier.empty()) {
            classifier.close();
            throw new IllegalStateException("OpenCV could not load the face cascade " + cascadeFile());
        }
        return classifier.retainReference();
    }

    /** The cascade extracted from the OpenCV jar into JavaCPP's cache (done once per machine). */
    public static File cascadeFile() {
        String resource = "/org/bytedeco/opencv/" + Loader.getPlatform() + "/share/opencv4/haarcascades/" + CASCADE;
        try {
            return Loader.cacheResource(resource);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot extract " + resource + " from the OpenCV jar: " + e.getMessage(), e);
        }
    }

    public double margin() {
        return margin;
    }

    /** The largest face of an 8-bit BGR or grayscale image, or empty when there is none. */
    public Optional<Rect> detect(Mat image) {
        List<int[]> faces = boxes(image);
        return faces.isEmpty() ? Optional.empty() : Optional.of(rect(faces.get(0)));
    }

    /** Every face of an 8-bit BGR or grayscale image, largest first; empty when there is none. */
    public List<Rect> detectAll(Mat image) {
        return boxes(image).stream().map(HaarFaceCropper::rect).toList();
    }

    private static Rect rect(int[] box) {
        return new Rect(box[0], box[1], box[2], box[3]);
    }

    /**
     * The faces as {@code {x, y, width, height}}, largest first (a stable sort keeps the detector's order among equal
     * sizes). Everything native made on the way is released before it returns.
     */
    private List<int[]> boxes(Mat image) {
        if (image == null || image.empty()) return List.of();
        if (image.channels() != 1 && image.channels() != 3) {
            throw new IllegalArgumentException("expected a 1- or 3-channel image, got " + image.channels() + " channels");
        }
        int minSide = Math.max(MIN_FACE_PIXELS, (int) Math.round(Math.min(image.cols(), image.rows()) * minFaceFraction));
        try (Mat gray = new Mat(); RectVector faces = new RectVector(); Size min = new Size(minSide, minSide); Size max = new Size()) {
            if (image.channels() == 3) cvtColor(image, gray, COLOR_BGR2GRAY);
            else image.copyTo(gray);
            equalizeHist(gray, gray);
            CascadeClassifier classifier = idle.poll();
            if (classifier == null) classifier = loadClassifier();
            try {
                classifier.detectMultiScale(gray, faces, SCALE_FACTOR, MIN_NEIGHBOURS, 0, min, max);
            } finally {
                idle.push(classifier);
            }
            List<int[]> all = new ArrayList<>();
            for (long i = 0; i < faces.size(); i++) {
                try (Rect face = faces.get(i)) {
                    all.add(new int[] {face.x(), face.y(), face.width(), face.height()});
                }
            }
            all.sort(Comparator.comparingLong((int[] b) -> (long) b[2] * b[3]).reversed());
            return all;
        }
    }

    /** The square crop of the largest face with the margin, clamped to the image; the input is not modified. */
    @Override
    public Optional<Mat> crop(Mat image) {
        List<int[]> faces = boxes(image);
        if (faces.isEmpty()) return Optional.empty();
        int[] face = faces.get(0);
        int[] square = squareWithMargin(face[0], face[1], face[2], face[3], margin, image.cols(), image.rows());
        try (Rect box = new Rect(square[0], square[1], square[2], square[2]); Mat region = new Mat(image, box)) {
            return Optional.of(region.clone());
        }
    }

    /** The cascade, the detector's parameters, the margin and the smallest face: what decides a crop. */
    @Override
    public Optional<String> cacheKey() {
        return Optional.of(String.format(Locale.ROOT, "haar(%s, opencv %s, scale %s, neighbours %d, min %d px or %s of the shorter side, margin %s)",
                CASCADE, org.bytedeco.opencv.global.opencv_core.CV_VERSION, SCALE_FACTOR, MIN_NEIGHBOURS, MIN_FACE_PIXELS,
                minFaceFraction, margin));
    }

    /**
     * The square around a face box: as wide as the box's longer side plus {@code margin} of it on each side, centred
     * on the box, shrunk to the image's shorter side if needed and shifted to lie inside the image.
     *
     * @return {@code {x, y, side}}
     */
    static int[] squareWithMargin(int x, int y, int width, int height, double margin, int imageWidth, int imageHeight) {
        int side = (int) Math.round(Math.max(width, height) * (1 + 2 * margin));
        side = Math.max(1, Math.min(side, Math.min(imageWidth, imageHeight)));
        double cx = x + width / 2.0, cy = y + height / 2.0;
        int left = (int) Math.round(cx - side / 2.0);
        int top = (int) Math.round(cy - side / 2.0);
        left = Math.max(0, Math.min(left, imageWidth - side));
        top = Math.max(0, Math.min(top, imageHeight - side));
        return new int[] {left, top, side};
    }
}
