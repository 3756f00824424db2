package io.siamese.app.source;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CameraSourceTest {

    @Test
    void aMissingCameraFailsFastWithAMessageSayingWhatToDo() {
        // No machine has a hundredth camera.
        long start = System.nanoTime();
        FrameSourceException e = assertThrows(FrameSourceException.class, () -> CameraSource.open(99));
        long millis = (System.nanoTime() - start) / 1_000_000;
        assertTrue(e.getMessage().startsWith("No camera found at index 99."), e.getMessage());
        assertTrue(e.getMessage().contains("--video FILE") && e.getMessage().contains("--folder DIR"), e.getMessage());
        assertTrue(millis < 5000, "the grabber's own start() would retry for 10 s; took " + millis + " ms");
    }

    @Test
    void theSpecValidatesTheIndexAndDescribesItself() {
        assertThrows(IllegalArgumentException.class, () -> new SourceSpec.Camera(-1));
        assertThrows(IllegalArgumentException.class, () -> CameraSource.open(-1));
        assertEquals("camera 0", SourceSpec.Camera.DEFAULT.describe());
        assertEquals(CameraSource.noCamera(99), assertThrows(FrameSourceException.class, () -> new SourceSpec.Camera(99).open()).getMessage());
    }
}
