package io.siamese.training;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import javax.swing.SwingUtilities;
import java.awt.GraphicsEnvironment;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LiveCurvesTest {

    private static EpochMetrics epoch(int n, double loss) {
        return new EpochMetrics(n, loss, loss + 0.1, 0.8, 0.7, 0.75, 0.74, 0.9, 0.2, 0.9, 1e-3, 1.0, 0);
    }

    @Test
    void withoutADisplayNoWindowIsOpenedAndNothingThrows() {
        Assumptions.assumeTrue(GraphicsEnvironment.isHeadless());
        assertTrue(LiveCurves.open("test").isEmpty());
    }

    @Test
    @Tag("gui")
    void theWindowRedrawsTheCurvesAfterEachEpoch() throws Exception {
        Assumptions.assumeFalse(GraphicsEnvironment.isHeadless(), "needs a display (run under xvfb-run)");
        LiveCurves window = LiveCurves.open("test").orElseThrow();
        List<EpochMetrics> history = List.of(epoch(1, 0.7), epoch(2, 0.5));
        window.epochDone(new TrainingState(2, history, 2, 0.9, "auc", TinyRuns.config(2), TinyRuns.spec(), "test", 0, 1, 2), history.get(1));
        double[][] shown = new double[1][];
        SwingUtilities.invokeAndWait(() -> shown[0] = window.chart(0).getSeriesMap().get("train").getYData());
        assertArrayEquals(new double[] {0.7, 0.5}, shown[0], 1e-12);
        window.close();
    }
}
