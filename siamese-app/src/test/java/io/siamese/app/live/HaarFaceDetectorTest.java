package io.siamese.app.live;

import io.siamese.app.TestFaces;
import io.siamese.data.Mats;
import io.siamese.data.face.HaarFaceCropper;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Rect;
import org.junit.jupiter.api.Test;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class HaarFaceDetectorTest {

    @Test
    void findsTheFaceOfALargeFrameOnAShrunkCopyInFullFrameCoordinates() {
        HaarFaceCropper cropper = new HaarFaceCropper();
        // The drawings are cartoons: the cascade finds some of them only, so the first one found at both scales is used.
        for (BufferedImage face : TestFaces.detectable(12)) {
            // A webcam-sized frame with the face 360 pixels tall at (160, 60).
            BufferedImage canvas = new BufferedImage(640, 480, BufferedImage.TYPE_3BYTE_BGR);
            Graphics2D g = canvas.createGraphics();
            g.setColor(new Color(90, 110, 130));
            g.fillRect(0, 0, 640, 480);
            g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
            g.drawImage(face, 160, 60, 360, 360, null);
            g.dispose();
            Mat frame = Mats.fromBufferedImage(canvas);
            Optional<Rect> fullResolution = cropper.detect(frame);
            Optional<FaceBox> onShrunkCopy = new HaarFaceDetector(cropper).detect(frame);
            if (fullResolution.isEmpty() || onShrunkCopy.isEmpty()) continue;
            Rect full = fullResolution.get();
            FaceBox shrunk = onShrunkCopy.get();
            double fullCentreX = full.x() + full.width() / 2.0, fullCentreY = full.y() + full.height() / 2.0;
            double centreX = shrunk.x() + shrunk.width() / 2.0, centreY = shrunk.y() + shrunk.height() / 2.0;
            assertTrue(Math.abs(centreX - fullCentreX) < 0.1 * full.width() && Math.abs(centreY - fullCentreY) < 0.1 * full.height(),
                    "same place: " + shrunk + " vs " + full.x() + "," + full.y() + " " + full.width() + "x" + full.height());
            assertTrue(Math.abs(shrunk.width() - full.width()) < 0.2 * full.width(), "same size: " + shrunk.width() + " vs " + full.width());
            assertTrue(shrunk.x() >= 120 && shrunk.x() + shrunk.width() <= 560, "inside the drawn face's area: " + shrunk);
            return;
        }
        throw new AssertionError("no synthetic face was found both at full resolution and on the shrunk copy");
    }

    @Test
    void smallFramesAreNotResized() {
        HaarFaceCropper cropper = new HaarFaceCropper();
        Mat face = Mats.fromBufferedImage(TestFaces.detectable(1).get(0));
        Rect r = cropper.detect(face).orElseThrow();
        assertEquals(Optional.of(new FaceBox(r.x(), r.y(), r.width(), r.height())), new HaarFaceDetector(cropper).detect(face));
        assertTrue(new HaarFaceDetector(cropper).detect(Mats.fromBufferedImage(TestFaces.noise(320, 240, 4))).isEmpty());
        assertThrows(IllegalArgumentException.class, () -> new HaarFaceDetector(cropper, 20));
    }
}
