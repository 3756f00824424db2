package io.siamese.data.lfw;

import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Scalar;
import org.junit.jupiter.api.Test;

import static org.bytedeco.opencv.global.opencv_core.CV_8UC1;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class LfwCentreCropTest {

    @Test
    void cutsTheCentralSquareOfTheShorterSide() {
        // 250x250 with a bright 10x10 block in the middle and a dark frame: the 40% crop is 100x100 around the centre.
        Mat image = new Mat(250, 250, CV_8UC1, new Scalar(0));
        for (int y = 120; y < 130; y++) for (int x = 120; x < 130; x++) image.ptr(y, x).put((byte) 255);
        Mat crop = new LfwCentreCrop(0.4).crop(image).orElseThrow();
        assertEquals(100, crop.rows());
        assertEquals(100, crop.cols());
        // The block sits at (120..129) in the image and at (45..54) in the crop that starts at 75.
        assertEquals(255, crop.ptr(50, 50).get() & 0xff);
        assertEquals(0, crop.ptr(10, 10).get() & 0xff);
        Mat wide = new Mat(100, 300, CV_8UC1, new Scalar(7));
        Mat square = new LfwCentreCrop(1.0).crop(wide).orElseThrow();
        assertEquals(100, square.rows());
        assertEquals(100, square.cols());
        assertThrows(IllegalArgumentException.class, () -> new LfwCentreCrop(0));
    }
}
