package io.siamese.data;

import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.opencv.opencv_core.Mat;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;

import static org.bytedeco.opencv.global.opencv_core.CV_8UC1;
import static org.bytedeco.opencv.global.opencv_core.CV_8UC3;

/** Conversions between Java2D images and OpenCV matrices, without JavaCV's converters (which reuse their buffers). */
public final class Mats {

    private Mats() {
    }

    /** A BGR or grayscale 8-bit matrix with its own copy of the pixels. */
    public static Mat fromBufferedImage(BufferedImage image) {
        BufferedImage src = image;
        if (src.getType() != BufferedImage.TYPE_3BYTE_BGR && src.getType() != BufferedImage.TYPE_BYTE_GRAY) {
            BufferedImage bgr = new BufferedImage(src.getWidth(), src.getHeight(), BufferedImage.TYPE_3BYTE_BGR);
            bgr.getGraphics().drawImage(src, 0, 0, null);
            src = bgr;
        }
        boolean gray = src.getType() == BufferedImage.TYPE_BYTE_GRAY;
        byte[] pixels = ((DataBufferByte) src.getRaster().getDataBuffer()).getData();
        Mat mat = new Mat(src.getHeight(), src.getWidth(), gray ? CV_8UC1 : CV_8UC3);
        int rowBytes = src.getWidth() * (gray ? 1 : 3);
        BytePointer data = mat.data();
        long step = mat.step();
        for (int y = 0; y < src.getHeight(); y++) {
            data.position(y * step).put(pixels, y * rowBytes, rowBytes);
        }
        data.position(0);
        return mat;
    }

    /** A Java2D image (TYPE_3BYTE_BGR or TYPE_BYTE_GRAY) with its own copy of the pixels of an 8-bit matrix. */
    public static BufferedImage toBufferedImage(Mat mat) {
        boolean gray = mat.channels() == 1;
        BufferedImage out = new BufferedImage(mat.cols(), mat.rows(), gray ? BufferedImage.TYPE_BYTE_GRAY : BufferedImage.TYPE_3BYTE_BGR);
        byte[] pixels = ((DataBufferByte) out.getRaster().getDataBuffer()).getData();
        int rowBytes = mat.cols() * (gray ? 1 : 3);
        BytePointer data = mat.data();
        long step = mat.step();
        for (int y = 0; y < mat.rows(); y++) {
            data.position(y * step).get(pixels, y * rowBytes, rowBytes);
        }
        data.position(0);
        return out;
    }
}
