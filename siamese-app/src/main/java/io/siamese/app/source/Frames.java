package io.siamese.app.source;

import org.bytedeco.opencv.opencv_core.Mat;

import static org.bytedeco.opencv.global.opencv_core.CV_8U;
import static org.bytedeco.opencv.global.opencv_imgproc.COLOR_BGRA2BGR;
import static org.bytedeco.opencv.global.opencv_imgproc.COLOR_GRAY2BGR;
import static org.bytedeco.opencv.global.opencv_imgproc.cvtColor;

/** Conversions every source applies to the frames it hands out. */
final class Frames {

    private Frames() {
    }

    /**
     * An 8-bit BGR copy of a frame with its own memory. Grabbers' matrices wrap buffers that the next grab overwrites,
     * so a frame leaves its source only through this method.
     */
    static Mat bgrCopy(Mat frame) {
        if (frame == null || frame.empty()) throw new FrameSourceException("the source delivered an empty frame");
        Mat eight = frame;
        if (frame.depth() != CV_8U) {
            eight = new Mat();
            frame.convertTo(eight, CV_8U);
        }
        Mat out = new Mat();
        switch (eight.channels()) {
            case 1 -> cvtColor(eight, out, COLOR_GRAY2BGR);
            case 3 -> eight.copyTo(out);
            case 4 -> cvtColor(eight, out, COLOR_BGRA2BGR);
            default -> throw new FrameSourceException("frames with " + eight.channels() + " channels are not supported; expected 1, 3 or 4");
        }
        return out;
    }
}
