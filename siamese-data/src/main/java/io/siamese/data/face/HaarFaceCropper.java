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
import java.util.Optional;

import static org.bytedeco.opencv.global.opencv_imgproc.COLOR_BGR2GRAY;
import static org.bytedeco.opencv.global.opencv_imgproc.cvtColor;
import static org.bytedeco.opencv.global.opencv_imgproc.equalizeHist;

/**
 * Finds faces with OpenCV's Haar cascade {@code haarcascade_frontalface_alt.xml}, which ships inside the OpenCV jar
 * (nothing is downloaded), and cuts out the largest one as a square with a margin around it, in the input's own
 * colours. Detection runs on a grayscale, histogram-equalised copy.
 *
 * <p>OpenCV's {@code CascadeClassifier} is not thread-safe. Each instance owns one and detects under the
 * instance's lock, so an instance may be shared, but threads then take turns; give each worker thread its own
 * instance to detect in parallel.
 */
public final class HaarFaceCropper implements FaceCropper {

    /** The cascade's file name. */
    public static final String CASCADE = "haarcascade_frontalface_alt.xml";
    /** Default margin around the detected face, as a fraction of its size on each side. */
    public static final double DEFAULT_MARGIN = 0.2;
    /** Default smallest face, as a fraction of the image's shorter side. */
    public static final double DEFAULT_MIN_FACE_FRACTION = 0.1;

    private final double margin;
    private final double minFaceFraction;
    private final CascadeClassifier classifier;

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
        this.classifier = new CascadeClassifier(cascadeFile().getAbsolutePath());
        if (classifier.empty()) throw new IllegalStateException("OpenCV could not load the face cascade " + cascadeFile());
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
        List<Rect> faces = detectAll(image);
        return faces.isEmpty() ? Optional.empty() : Optional.of(faces.get(0));
    }

    /** Every face of an 8-bit BGR or grayscale image, largest first; empty when there is none. */
    public List<Rect> detectAll(Mat image) {
        if (image == null || image.empty()) return List.of();
        Mat gray = new Mat();
        if (image.channels() == 3) cvtColor(image, gray, COLOR_BGR2GRAY);
        else if (image.channels() == 1) image.copyTo(gray);
        else throw new IllegalArgumentException("expected a 1- or 3-channel image, got " + image.channels() + " channels");
        equalizeHist(gray, gray);
        int minSide = Math.max(20, (int) Math.round(Math.min(image.cols(), image.rows()) * minFaceFraction));
        RectVector faces = new RectVector();
        synchronized (this) {
            classifier.detectMultiScale(gray, faces, 1.1, 3, 0, new Size(minSide, minSide), new Size());
        }
        List<Rect> all = new ArrayList<>();
        for (long i = 0; i < faces.size(); i++) {
            Rect face = faces.get(i);
            all.add(new Rect(face.x(), face.y(), face.width(), face.height()));
        }
        // Largest first; a stable sort keeps the detector's order among equal sizes.
        all.sort(Comparator.comparingLong((Rect r) -> (long) r.width() * r.height()).reversed());
        return all;
    }

    /** The square crop of the largest face with the margin, clamped to the image; the input is not modified. */
    @Override
    public Optional<Mat> crop(Mat image) {
        return detect(image).map(face -> {
            int[] square = squareWithMargin(face.x(), face.y(), face.width(), face.height(), margin, image.cols(), image.rows());
            return new Mat(image, new Rect(square[0], square[1], square[2], square[2])).clone();
        });
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
