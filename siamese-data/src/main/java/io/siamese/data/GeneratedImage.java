package io.siamese.data;

import org.bytedeco.opencv.opencv_core.Mat;

import java.awt.image.BufferedImage;
import java.util.function.Supplier;

/** An image drawn on demand (the synthetic dataset): nothing is stored, the same generator gives the same pixels. */
public record GeneratedImage(String name, Supplier<BufferedImage> generator) implements ImageSource {

    @Override
    public Mat decode() {
        return Mats.fromBufferedImage(generator.get());
    }
}
