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
    }
}
