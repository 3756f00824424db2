package io.siamese.experiments.cli;

import io.siamese.data.DataProblems;
import io.siamese.data.ImageDataset;
import io.siamese.data.ImageDecodeException;
import io.siamese.data.ImagePreprocessor;
import io.siamese.data.ImageRef;
import io.siamese.data.ImageSource;
import org.bytedeco.opencv.opencv_core.Mat;

import java.util.List;
import java.util.Objects;

import static org.bytedeco.opencv.global.opencv_core.CV_8UC1;
import static org.bytedeco.opencv.global.opencv_core.CV_8UC3;

/**
 * An image already preprocessed to the model's size and held in memory as 8-bit pixels (rows, channels
 * interleaved): decoding it is a copy. The benchmark's floor: an epoch on these costs the network's time only.
 *
 * @param name     the original image's name
 * @param height   rows
 * @param width    columns
 * @param channels 1 or 3
 * @param pixels   {@code height * width * channels} bytes
 */
record InMemoryImage(String name, int height, int width, int channels, byte[] pixels) implements ImageSource {

    InMemoryImage {
        Objects.requireNonNull(name, "name");
        if (pixels.length != height * width * channels) {
            throw new IllegalArgumentException(pixels.length + " bytes do not make a " + height + "x" + width + "x" + channels + " image");
        }
    }

    /** A new matrix each time: the preprocessor releases what a source gives it. */
    @Override
    public Mat decode() {
        Mat image = new Mat(height, width, channels == 1 ? CV_8UC1 : CV_8UC3);
        image.data().put(pixels);
        return image;
    }

    /**
     * Every image of a dataset preprocessed once (decoded, face cut out, resized) and held in memory, in the same order
     * and with the same identities, so that splits and pairs drawn from it are those of the original. Unreadable
     * images are reported and left out.
     */
    static ImageDataset preload(ImageDataset dataset, ImagePreprocessor preprocessor, DataProblems problems) {
        int h = preprocessor.height(), w = preprocessor.width(), c = preprocessor.channels(), plane = h * w;
        List<ImageRef> loaded = dataset.images().parallelStream().map(ref -> {
            float[] values = new float[preprocessor.imageSize()];
            try {
                preprocessor.loadInto(ref.source(), null, null, values, 0);
            } catch (ImageDecodeException e) {
                problems.skip(ref.name(), e.getMessage());
                return null;
            }
            // Back from channel-major floats k/255 to interleaved bytes k: exact.
            byte[] pixels = new byte[values.length];
            for (int i = 0; i < plane; i++) {
                for (int ch = 0; ch < c; ch++) pixels[i * c + ch] = (byte) Math.round(values[ch * plane + i] * 255f);
            }
            return new ImageRef(ref.identity(), ref.group(), new InMemoryImage(ref.name(), h, w, c, pixels));
        }).filter(Objects::nonNull).toList();
        return new ImageDataset(dataset.name() + " (in memory)", dataset.layout(), loaded);
    }
}
