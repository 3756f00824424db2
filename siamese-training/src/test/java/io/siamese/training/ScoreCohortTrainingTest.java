package io.siamese.training;

import io.siamese.data.DataProblems;
import io.siamese.data.ImageDataset;
import io.siamese.data.ImageRef;
import io.siamese.model.Calibration;
import io.siamese.model.OptimizerSpec;
import io.siamese.model.SiameseModel;
import io.siamese.model.SiameseNetwork;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ScoreCohortTrainingTest {

    @TempDir
    Path dir;

    @Test
    void theFinalModelKeepsItsCohortAndIsCalibratedOnNormalisedScores() {
        TrainingConfig config = TinyRuns.config(2).withScoreCohort(10);
        TrainingData data = TinyRuns.data();
        TrainingResult result = new Trainer(dir.resolve("run"), config).train(TinyRuns.spec(), data, false);
        SiameseModel loaded = SiameseModel.load(result.modelPath());
        assertEquals(10, loaded.cohort().size());
        Evaluation.Scored scored = Evaluation.score(loaded, Trainer.validationPairs(data.validation(), config), data.preprocessor(), new DataProblems());
        assertEquals(Metrics.equalErrorRate(scored.scores(), scored.genuine()).rate(), loaded.calibration().eer(), 1e-12,
                "the calibration's EER is that of the scores the saved model gives");
        assertTrue(new Trainer(dir.resolve("plain"), TinyRuns.config(1)).train(TinyRuns.spec(), data, false).model().cohort().isEmpty(),
                "no cohort unless asked for");
    }

    @Test
    void aFoldersLayoutTakesItsCohortFromTheNegativesOnly() {
        ImageDataset people = TinyRuns.data().train();
        String self = people.identities().get(0);
        List<ImageRef> images = new ArrayList<>();
        int negatives = 0;
        for (ImageRef r : people.images()) {
            if (r.identity().equals(self)) {
                images.add(new ImageRef("self", images.size() % 2 == 0 ? ImageDataset.ANCHOR : ImageDataset.POSITIVE, r.source()));
            } else {
                images.add(new ImageRef(r.identity(), ImageDataset.NEGATIVE, r.source()));
                negatives++;
            }
        }
        ImageDataset folders = new ImageDataset("folders", ImageDataset.Layout.ANCHOR_POSITIVE_NEGATIVE, images);
        TrainingData data = new TrainingData(folders, folders, TinyRuns.data().preprocessor(), "folders (test)");
        SiameseModel model = new SiameseModel(SiameseNetwork.create(TinyRuns.spec(), OptimizerSpec.DEFAULTS, 1), Calibration.UNCALIBRATED);
        DataProblems problems = new DataProblems();
        assertEquals(negatives, Trainer.scoreCohort(model, data, TinyRuns.config(1).withScoreCohort(10_000), problems).size());
        assertTrue(negatives < images.size());
        assertEquals(5, Trainer.scoreCohort(model, data, TinyRuns.config(1).withScoreCohort(5), problems).size());
        assertTrue(Trainer.scoreCohort(model, data, TinyRuns.config(1), problems).isEmpty());
    }
}
