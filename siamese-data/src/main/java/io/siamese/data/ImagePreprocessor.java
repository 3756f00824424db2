package io.siamese.data;

import org.bytedeco.javacv.Frame;
import org.bytedeco.javacv.OpenCVFrameConverter;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Rect;
import org.bytedeco.opencv.opencv_core.Size;
import org.datavec.image.data.ImageWritable;
import org.datavec.image.loader.NativeImageLoader;
import org.datavec.image.transform.ImageTransform;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Optional;
import java.util.Random;

import static org.bytedeco.opencv.global.opencv_imgproc.COLOR_BGR2GRAY;
import static org.bytedeco.opencv.global.opencv_imgproc.COLOR_GRAY2BGR;
import static org.bytedeco.opencv.global.opencv_imgproc.INTER_AREA;
import static org.bytedeco.opencv.global.opencv_imgproc.cvtColor;
import static org.bytedeco.opencv.global.opencv_imgproc.resize;

/**
 * The one image preprocessing of the project, used by training, evaluation and the live app alike:
 * decode, convert to the model's channels (grayscale or BGR), optionally cut out the face, optionally augment,
 * crop the centre square, resize to the model's input (area interpolation), and scale to [0, 1] through DataVec's
 * {@link NativeImageLoader}. The result is {@code [1, C, H, W]} float.
 *
 * <p>Safe to share between threads (each thread gets its own loader); augmentation transforms are not, so each
 * caller passes its own.
 */
public final class ImagePreprocessor {

    /** What to do when face cropping is on and no face is found. */
    public enum MissingFace {
        /** Throw {@link NoFaceException}: live verification, where a frame without a face means nothing. */
        FAIL,
        /** Use the whole image: datasets whose images are already face crops, or nearly so. */
        USE_WHOLE_IMAGE
    }

    private final int height;
    private final int width;
    private final int channels;
    private final FaceCropper faceCropper;
    private final MissingFace missingFace;
    private final ThreadLocal<NativeImageLoader> loader;

    public ImagePreprocessor(int height, int width, int channels) {
        this(height, width, channels, null, MissingFace.USE_WHOLE_IMAGE);
    }

    private ImagePreprocessor(int height, int width, int channels, FaceCropper faceCropper, MissingFace missingFace) {
        if (height < 1 || width < 1) throw new IllegalArgumentException("size must be positive, got " + height + "x" + width);
        if (channels != 1 && channels != 3) throw new IllegalArgumentException("channels must be 1 or 3, got " + channels);
        this.height = height;
        this.width = width;
        this.channels = channels;
        this.faceCropper = faceCropper;
        this.missingFace = missingFace;
        this.loader = ThreadLocal.withInitial(() -> new NativeImageLoader(height, width, channels));
    }

    /** The same preprocessing with face cropping first. */
    public ImagePreprocessor withFaceCropper(FaceCropper cropper, MissingFace whenMissing) {
        return new ImagePreprocessor(height, width, channels, cropper, whenMissing);
    }

    public int height() {
        return height;
    }

    public int width() {
        return width;
    }

    public int channels() {
        return channels;
    }

    public boolean cropsFaces() {
        return faceCropper != null;
    }

    /** Decodes and preprocesses one image. */
    public INDArray load(ImageSource source) {
        return load(source, null, null);
    }

    /** Decodes, augments with {@code augmentation} (may be null) drawing from {@code random}, and preprocesses. */
    public INDArray load(ImageSource source, ImageTransform augmentation, Random random) {
        Mat image = source.decode();
        return toTensor(face(image, source.name()), augmentation, random);
    }

    /** Preprocesses an image already in memory (a camera frame, BGR or grayscale 8-bit). */
    public INDArray fromMat(Mat image, String name) {
        return toTensor(face(image, name), null, null);
    }

    /**
     * The face cut out of an image in its own colours (the whole image when cropping is off, or when no face is found
     * and the policy allows it). The enrolment store saves this, so references keep their resolution and colour
     * whatever model later reads them.
     */
    public Mat cropFace(Mat image, String name) {
        if (faceCropper == null) return image;
        Optional<Mat> face = faceCropper.crop(image);
        if (face.isPresent()) return face.get();
        if (missingFace == MissingFace.FAIL) throw new NoFaceException("no face found in " + name);
        return image;
    }

    private Mat face(Mat image, String name) {
        return convertChannels(cropFace(image, name));
    }

    private INDArray toTensor(Mat image, ImageTransform augmentation, Random random) {
        Mat ready = image;
        if (augmentation != null) {
            OpenCVFrameConverter.ToMat converter = new OpenCVFrameConverter.ToMat();
            Frame frame = converter.convert(image.clone());
            ImageWritable out = augmentation.transform(new ImageWritable(frame), random);
            ready = converter.convert(out.getFrame());
            ready = convertChannels(ready);
        }
        ready = squareAndResize(ready);
        try {
            return loader.get().asMatrix(ready).divi(255.0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Mat convertChannels(Mat image) {
        if (image.channels() == channels) return image;
        Mat out = new Mat();
        if (channels == 1) cvtColor(image, out, COLOR_BGR2GRAY);
        else cvtColor(image, out, COLOR_GRAY2BGR);
        return out;
    }

    private Mat squareAndResize(Mat image) {
        Mat square = image;
        if (image.rows() != image.cols()) {
            int side = Math.min(image.rows(), image.cols());
            int x = (image.cols() - side) / 2;
            int y = (image.rows() - side) / 2;
            square = new Mat(image, new Rect(x, y, side, side));
        }
        if (square.rows() == height && square.cols() == width) return square;
        Mat out = new Mat();
        resize(square, out, new Size(width, height), 0, 0, INTER_AREA);
        return out;
    }
}
