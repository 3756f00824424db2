package io.siamese.data;

import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.javacv.Frame;
import org.bytedeco.javacv.OpenCVFrameConverter;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Rect;
import org.bytedeco.opencv.opencv_core.Size;
import org.datavec.image.data.ImageWritable;
import org.datavec.image.loader.NativeImageLoader;
import org.datavec.image.transform.ImageTransform;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.Random;

import static org.bytedeco.opencv.global.opencv_core.CV_8UC1;
import static org.bytedeco.opencv.global.opencv_core.CV_8UC3;
import static org.bytedeco.opencv.global.opencv_imgproc.COLOR_BGR2GRAY;
import static org.bytedeco.opencv.global.opencv_imgproc.COLOR_GRAY2BGR;
import static org.bytedeco.opencv.global.opencv_imgproc.INTER_AREA;
import static org.bytedeco.opencv.global.opencv_imgproc.cvtColor;
import static org.bytedeco.opencv.global.opencv_imgproc.resize;

/**
 * The one image preprocessing of the project, used by training, evaluation and the live app alike:
 * decode, optionally cut out the face, convert to the model's channels (grayscale or BGR), crop the centre square,
 * resize to the model's input (area interpolation), optionally augment, and scale to [0, 1] in the layout of
 * DataVec's {@link NativeImageLoader}: {@code [1, C, H, W]} float, channels in OpenCV's BGR order (a test checks
 * that both agree value for value).
 *
 * <p><b>Decode once.</b> Everything before augmentation gives the same 8-bit image every time, so it is computed once
 * per image and kept in an {@link ImageCache} (in memory for the life of this preprocessor and its copies, on disk
 * when the cache has a folder); augmentation then works on the cached model-sized image, so one entry serves every
 * epoch. Cached and freshly computed images are the same bytes, hence bit-identical floats. Augmentation therefore
 * sees the image at the model's size: a translation of 2 pixels is 2 pixels of the model's input.
 *
 * <p><b>Native memory.</b> Each image is processed inside a JavaCPP {@code PointerScope}: every OpenCV matrix and
 * pointer made for it (decoding, face detection, conversions, augmentation frames) is released when the image is
 * done, not when a garbage collection comes, which a small heap may never trigger. An {@link ImageSource} or
 * {@link FaceCropper} must therefore return matrices the caller may release, never one it keeps itself.
 *
 * <p>Pixels are written straight into Java float arrays ({@link #loadInto}) rather than through
 * {@code NativeImageLoader.asMatrix}: that one runs ND4J operations for every image, and on the background prefetch
 * thread they compete with training for the same OpenMP threads (measured: 0.2 ms per image on an idle core, up to
 * 9 ms when both cores are busy, for a 48x48 image). A batch then costs one native copy.
 *
 * <p>Safe to share between threads; augmentation transforms are not, so each caller passes its own.
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
    private final ImageCache cache;

    /** A preprocessing to {@code height x width x channels} with an {@link ImageCache#standard()} cache of its own. */
    public ImagePreprocessor(int height, int width, int channels) {
        this(height, width, channels, null, MissingFace.USE_WHOLE_IMAGE, ImageCache.standard());
    }

    private ImagePreprocessor(int height, int width, int channels, FaceCropper faceCropper, MissingFace missingFace, ImageCache cache) {
        if (height < 1 || width < 1) throw new IllegalArgumentException("size must be positive, got " + height + "x" + width);
        if (channels != 1 && channels != 3) throw new IllegalArgumentException("channels must be 1 or 3, got " + channels);
        if (cache == null) throw new IllegalArgumentException("cache must not be null; use ImageCache.none() to keep nothing");
        this.height = height;
        this.width = width;
        this.channels = channels;
        this.faceCropper = faceCropper;
        this.missingFace = missingFace;
        this.cache = cache;
    }

    /** The same preprocessing with face cropping first; it shares this one's cache (entries are kept apart by their keys). */
    public ImagePreprocessor withFaceCropper(FaceCropper cropper, MissingFace whenMissing) {
        return new ImagePreprocessor(height, width, channels, cropper, whenMissing, cache);
    }

    /** The same preprocessing keeping its images in {@code newCache} ({@link ImageCache#none()}: decode every time). */
    public ImagePreprocessor withCache(ImageCache newCache) {
        return new ImagePreprocessor(height, width, channels, faceCropper, missingFace, newCache);
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

    /** Where preprocessed images are kept. */
    public ImageCache cache() {
        return cache;
    }

    /** Values in one preprocessed image: {@code C * H * W}. */
    public int imageSize() {
        return channels * height * width;
    }

    /**
     * What decides the cached image, for the cache's key; empty when the face cropper cannot describe itself (its
     * images are then not cached).
     */
    Optional<String> cacheKey() {
        String base = String.format(Locale.ROOT, "%dx%dx%d, centre square, area resize", height, width, channels);
        if (faceCropper == null) return Optional.of(base + ", no face cropping");
        return faceCropper.cacheKey().map(crop -> base + ", faces " + crop + ", no face: " + missingFace);
    }

    /** Decodes and preprocesses one image. */
    public INDArray load(ImageSource source) {
        return load(source, null, null);
    }

    /** Decodes, augments with {@code augmentation} (may be null) drawing from {@code random}, and preprocesses. */
    public INDArray load(ImageSource source, ImageTransform augmentation, Random random) {
        float[] values = new float[imageSize()];
        loadInto(source, augmentation, random, values, 0);
        return batch(values, 1);
    }

    /**
     * The first {@code n} images of {@code values} (filled by {@link #loadInto}) as a {@code [n, C, H, W]} batch.
     * Copies only the used part when the buffer holds room for more images.
     */
    public INDArray batch(float[] values, int n) {
        int length = n * imageSize();
        if (n < 1 || length > values.length) {
            throw new IllegalArgumentException(n + " images of " + imageSize() + " values do not fit into " + values.length + " values");
        }
        return Nd4j.create(length == values.length ? values : Arrays.copyOf(values, length),
                new long[] {n, channels, height, width}, 'c');
    }

    /**
     * Decodes (or takes from the cache), augments and preprocesses one image into
     * {@code target[offset .. offset + imageSize())} in {@code C, H, W} order: how batches are filled without an ND4J
     * operation per image.
     */
    public void loadInto(ImageSource source, ImageTransform augmentation, Random random, float[] target, int offset) {
        byte[] pixels = pixels(source);
        if (augmentation == null) {
            writeFloats(pixels, target, offset);
            return;
        }
        try (PointerScope scope = new PointerScope()) {
            Mat image = new Mat(height, width, channels == 1 ? CV_8UC1 : CV_8UC3);
            image.data().put(pixels);
            writeFloats(bytes(augment(image, augmentation, random)), target, offset);
        }
    }

    /**
     * The preprocessed 8-bit image of a source before augmentation: {@code H * W * C} bytes, rows of pixels with
     * their channels interleaved (BGR), as OpenCV holds them. From the cache when it has it. The array may be the
     * cache's own: do not change it.
     */
    byte[] pixels(ImageSource source) {
        return cache.pixels(source, cacheKey().orElse(null), imageSize(), new int[] {height, width, channels}, encoded -> {
            try (PointerScope scope = new PointerScope()) {
                Mat decoded = encoded != null ? Decoding.decode(encoded, source.name()) : source.decode();
                return bytes(prepare(decoded, source.name()));
            }
        });
    }

    /** Preprocesses an image already in memory (a camera frame, BGR or grayscale 8-bit); never cached. */
    public INDArray fromMat(Mat image, String name) {
        float[] values = new float[imageSize()];
        fromMatInto(image, name, values, 0);
        return batch(values, 1);
    }

    /** {@link #fromMat} into {@code target[offset .. offset + imageSize())}; the caller's matrix is left as it is. */
    void fromMatInto(Mat image, String name, float[] target, int offset) {
        try (PointerScope scope = new PointerScope()) {
            writeFloats(bytes(prepare(image, name)), target, offset);
        }
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

    /** Face, channels, centre square, size: the 8-bit image the network sees before augmentation. */
    private Mat prepare(Mat image, String name) {
        return squareAndResize(convertChannels(cropFace(image, name)));
    }

    /** Augments a prepared image; an augmentation that changes the size or channels is brought back to the model's. */
    private Mat augment(Mat image, ImageTransform augmentation, Random random) {
        OpenCVFrameConverter.ToMat converter = new OpenCVFrameConverter.ToMat();
        Frame frame = converter.convert(image);
        ImageWritable out = augmentation.transform(new ImageWritable(frame), random);
        return squareAndResize(convertChannels(converter.convert(out.getFrame())));
    }

    /** The pixels of an 8-bit image of the model's size, row by row, channels interleaved. */
    private byte[] bytes(Mat image) {
        Mat m = image.isContinuous() ? image : image.clone();
        byte[] pixels = new byte[imageSize()];
        m.data().get(pixels);
        return pixels;
    }

    /** Prepared pixels as floats in [0, 1], channel-major ({@code C, H, W}), BGR like NativeImageLoader. */
    private void writeFloats(byte[] pixels, float[] target, int offset) {
        int c = channels, plane = height * width;
        for (int i = 0; i < plane; i++) {
            for (int ch = 0; ch < c; ch++) {
                target[offset + ch * plane + i] = (pixels[i * c + ch] & 0xff) / 255f;
            }
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
