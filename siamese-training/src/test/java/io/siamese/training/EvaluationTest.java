package io.siamese.training;

import io.siamese.data.DataProblems;
import io.siamese.data.ImageDataset;
import io.siamese.data.ImagePreprocessor;
import io.siamese.data.ImageRef;
import io.siamese.data.OneShotTrial;
import io.siamese.data.SyntheticFaces;
import io.siamese.model.Calibration;
import io.siamese.model.Names;
import io.siamese.model.OptimizerSpec;
import io.siamese.model.SiameseModel;
import io.siamese.model.SiameseNetwork;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

class EvaluationTest {

    /** A model whose head weights are all negative: the smaller the L1 distance, the higher the score. */
    private static SiameseModel distanceModel() {
        SiameseNetwork network = SiameseNetwork.create(TinyRuns.spec(), OptimizerSpec.DEFAULTS, 3);
        network.graph().getParam(Names.weights(Names.SCORE)).assign(-1.0);
        return new SiameseModel(network, Calibration.UNCALIBRATED);
    }

    @Test
    void oneShotPicksTheCandidateWithTheHighestScore() {
        ImageDataset ds = SyntheticFaces.dataset(new SyntheticFaces.Config(5, 2, 24, 9));
        Map<String, List<ImageRef>> byId = ds.byIdentity();
        List<String> ids = new ArrayList<>(byId.keySet());
        List<OneShotTrial> trials = new ArrayList<>();
        for (int answer = 0; answer < 5; answer++) {
            // The query is itself among the candidates, so its distance to the right answer is zero.
            List<ImageRef> candidates = ids.stream().map(id -> byId.get(id).get(0)).toList();
            trials.add(new OneShotTrial(candidates.get(answer), candidates, answer));
        }
        Evaluation.OneShotReport report = Evaluation.oneShot(distanceModel(), trials, new ImagePreprocessor(16, 16, 1), new DataProblems());
        assertEquals(5, report.ways());
        assertEquals(5, report.trials());
        assertEquals(1.0, report.accuracy(), 0.0);

        // Pointing every answer one candidate further makes every trial wrong.
        List<OneShotTrial> wrong = trials.stream().map(t -> new OneShotTrial(t.query(), t.candidates(), (t.answer() + 1) % 5)).toList();
        assertEquals(0.0, Evaluation.oneShot(distanceModel(), wrong, new ImagePreprocessor(16, 16, 1), new DataProblems()).accuracy(), 0.0);
    }

    @Test
    void verificationReportHasTheDocumentedKeys() {
        var report = new Evaluation.VerificationReport(10, 0.9, 0.8, 0.7, 0.75, 0.95, 0.1, 0.6, 0.01, 0.3);
        assertEquals(List.of("pairs", "accuracy", "precision", "recall", "f1", "auc", "eer", "threshold", "far", "frr"),
                new ArrayList<>(report.toJsonMap().keySet()));
        assertEquals(List.of("ways", "trials", "accuracy"), new ArrayList<>(new Evaluation.OneShotReport(20, 400, 0.9).toJsonMap().keySet()));
    }
}
