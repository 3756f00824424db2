package io.siamese.experiments;

import io.siamese.model.SiameseModel;
import io.siamese.training.Progress;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class Exp01QuickStartTest {

    @Test
    void runsEndToEndOnATinyBudgetAndReportsHeldOutNumbers(@TempDir Path dir) throws Exception {
        ExperimentResult result = Exp01QuickStart.run(Exp01QuickStart.Config.DEFAULTS.tiny().withOut(dir), Progress.NONE);
        assertEquals(dir, result.folder());
        for (String key : new String[] {"precision", "recall", "auc", "eer", "threshold", "one_shot_accuracy"}) {
            double v = result.number(key);
            assertTrue(v >= 0 && v <= 1, key + " = " + v);
        }
        for (String file : new String[] {"experiment.json", "config.json", "metrics.csv", "curves.png", "model.zip", "summary.md", "checkpoints/epoch-001.zip"}) {
            assertTrue(Files.isRegularFile(dir.resolve(file)), file);
        }
        String summary = Files.readString(dir.resolve("summary.md"));
        assertTrue(summary.contains("## Takeaways") && summary.contains("ROC-AUC"), summary);
        assertTrue(SiameseModel.load(dir.resolve("model.zip")).calibration().isCalibrated());
        assertTrue(result.jsonLine().startsWith("{\"experiment\":\"Exp01QuickStart\""), result.jsonLine());
        // The floors stand beside the model with its keys, measured on the same held-out pairs and trials.
        java.util.Map<?, ?> floors = (java.util.Map<?, ?>) result.numbers().get("floors");
        assertEquals(java.util.List.of("pixel_l1", "lbp"), new java.util.ArrayList<>(floors.keySet()));
        for (Object floor : floors.values()) {
            java.util.Map<?, ?> figures = (java.util.Map<?, ?>) floor;
            for (String key : new String[] {"precision", "recall", "auc", "eer", "far", "frr", "one_shot_accuracy"}) {
                double v = ((Number) figures.get(key)).doubleValue();
                assertTrue(v >= 0 && v <= 1, key + " = " + v);
            }
            assertEquals(result.number("one_shot_ways"), ((Number) figures.get("one_shot_ways")).doubleValue(), 0.0);
        }
        assertTrue(summary.contains("Against the floors, the trained model "), summary);
    }
}
