package io.siamese.data.augment;

import io.siamese.data.ImageFixtures;
import io.siamese.data.Mats;
import org.bytedeco.javacv.OpenCVFrameConverter;
import org.bytedeco.opencv.opencv_core.Mat;
import org.datavec.image.data.ImageWritable;
import org.datavec.image.transform.ImageTransform;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.util.Random;

/** Runs transforms on matrices and reads their pixels back, for tests. */
final class TransformFixtures {

    private TransformFixtures() {
    }

    static ImageWritable writable(Mat mat) {
        return new ImageWritable(new OpenCVFrameConverter.ToMat().convert(mat));
    }

    static Mat mat(ImageWritable writable) {
        return new OpenCVFrameConverter.ToMat().convert(writable.getFrame());
    }

    /** Applies a transform with a generator of the given seed. */
    static Mat apply(ImageTransform transform, Mat image, long seed) {
        return mat(transform.transform(writable(image), new Random(seed)));
    }

    /** The pixels, row by row, channels interleaved. */
    static byte[] pixels(Mat mat) {
        BufferedImage image = Mats.toBufferedImage(mat);
        return ((DataBufferByte) image.getRaster().getDataBuffer()).getData().clone();
    }

    static int pixel(Mat mat, int x, int y, int channel) {
        return pixels(mat)[(y * mat.cols() + x) * mat.channels() + channel] & 0xff;
    }

    static Mat colour(int width, int height, long seed) {
        return Mats.fromBufferedImage(ImageFixtures.colour(width, height, seed));
    }

    static Mat gray(int size, long seed) {
        return Mats.fromBufferedImage(ImageFixtures.drawing(size, seed));
    }

    /** A grayscale image of one value with one different pixel. */
    static Mat dot(int width, int height, int background, int x, int y, int value) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_BYTE_GRAY);
        byte[] px = ((DataBufferByte) image.getRaster().getDataBuffer()).getData();
        java.util.Arrays.fill(px, (byte) background);
        px[y * width + x] = (byte) value;
        return Mats.fromBufferedImage(image);
    }

    static double meanAbsoluteDifference(Mat a, Mat b) {
        byte[] p = pixels(a), q = pixels(b);
        double sum = 0;
        for (int i = 0; i < p.length; i++) sum += Math.abs((p[i] & 0xff) - (q[i] & 0xff));
        return sum / p.length;
    }
}
