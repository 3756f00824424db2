package io.siamese.training.floor;

import io.siamese.data.DataProblems;
import io.siamese.data.DatasetException;
import io.siamese.data.GeneratedImage;
import io.siamese.data.ImagePreprocessor;
import io.siamese.data.ImageRef;
import io.siamese.data.OneShotTrial;
import io.siamese.data.Pair;
import io.siamese.data.SyntheticFaces;
import io.siamese.training.Evaluation;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FloorSetTest {

    private static final SyntheticFaces.Config FACES = new SyntheticFaces.Config(4, 3, 32, 11);
    private final ImagePreprocessor preprocessor = new ImagePreprocessor(24, 24, 1);
    private final AtomicInteger decodes = new AtomicInteger();

    /** Image {@code sample} of person {@code identity}, counting every decode. */
    private ImageRef face(int identity, int sample) {
        String name = SyntheticFaces.identityName(identity);
        return new ImageRef(name, new GeneratedImage(name + "/" + sample, () -> {
            decodes.incrementAndGet();
            return SyntheticFaces.render(identity, sample, FACES);
        }));
    }

    @Test
    void eachImageIsDecodedOnceAndAPairOfAnImageWithItselfScoresZero() {
        List<ImageRef> faces = new ArrayList<>();
        for (int id = 0; id < 4; id++) for (int s = 0; s < 3; s++) faces.add(face(id, s));
        List<Pair> pairs = new ArrayList<>();
        for (ImageRef a : faces) for (ImageRef b : faces) pairs.add(new Pair(a, b, a.identity().equals(b.identity())));
        List<ImageRef> all = new ArrayList<>();
        for (Pair p : pairs) { all.add(p.left()); all.add(p.right()); }
        FloorSet set = FloorSet.describe(Floors.faces(2), all, preprocessor, new DataProblems());
        assertEquals(12, decodes.get(), "12 distinct images, each decoded once for both floors");
        assertEquals(12, set.images());
        for (ImageDistance<?> floor : set.distances()) {
            Evaluation.Scored scored = set.score(floor, pairs);
            assertEquals(144, scored.size());
            for (int i = 0; i < 144; i++) {
                Pair p = pairs.get(i);
                if (p.left() == p.right()) assertEquals(0.0, scored.scores()[i], 0.0, floor.key() + ": an image against itself");
                else assertTrue(scored.scores()[i] <= 0, floor.key() + ": a score is a negated distance");
            }
            assertArrayEquals(pairs.stream().map(Pair::same).toList().toArray(), toObjects(scored.genuine()));
        }
    }

    @Test
    void oneShotPicksTheNearestCandidate() {
        List<ImageRef> candidates = List.of(face(0, 0), face(1, 0), face(2, 0), face(3, 0));
        List<OneShotTrial> trials = new ArrayList<>();
        // The query is one of the candidates, so its nearest candidate (distance 0) is the answer.
        for (int answer = 0; answer < 4; answer++) trials.add(new OneShotTrial(candidates.get(answer), candidates, answer));
        FloorSet set = FloorSet.describe(Floors.faces(2), candidates, preprocessor, new DataProblems());
        for (ImageDistance<?> floor : set.distances()) {
            Evaluation.OneShotReport report = set.oneShot(floor, trials);
            assertEquals(4, report.ways());
            assertEquals(4, report.trials());
            assertEquals(1.0, report.accuracy(), 0.0);
        }
    }

    @Test
    void pairsAndTrialsWithAnUnreadableImageAreLeftOutAndReportedOnce() {
        ImageRef broken = new ImageRef("person_09", new GeneratedImage("broken.jpg", () -> {
            throw new io.siamese.data.ImageDecodeException("not an image");
        }));
        ImageRef a = face(0, 0), b = face(0, 1), c = face(1, 0);
        List<Pair> pairs = List.of(new Pair(a, b, true), new Pair(a, broken, false), new Pair(broken, b, false));
        DataProblems problems = new DataProblems();
        FloorSet set = FloorSet.describe(List.of(new PixelL1()), List.of(a, b, c, broken, broken), preprocessor, problems);
        assertEquals(1, problems.count());
        assertEquals(1, set.score(set.distances().get(0), pairs).size());
        Evaluation.OneShotReport report = set.oneShot(set.distances().get(0),
                List.of(new OneShotTrial(a, List.of(b, broken), 0), new OneShotTrial(a, List.of(b, c), 0)));
        assertEquals(1, report.trials(), "the trial with the broken candidate is left out");
        assertThrows(DatasetException.class, () -> set.score(set.distances().get(0), List.of(new Pair(a, broken, false))));
    }

    @Test
    void aFloorsScoresGiveThresholdsTheWayAModelsDo() {
        // Negated distances: the impostors at -3, -2 and the genuines at -1, -0.5.
        Evaluation.Scored scored = new Evaluation.Scored(new double[] {-3, -2, -1, -0.5}, new boolean[] {false, false, true, true});
        assertEquals(-1.5, Evaluation.thresholdAtFar(scored, 0.001), 1e-12, "halfway between the highest impostor and the next score");
        assertEquals(0.0, Evaluation.verification(scored, Evaluation.thresholdAtFar(scored, 0.001)).far(), 0.0);
        assertEquals(1.0, Evaluation.verification(scored, Evaluation.eerThreshold(scored)).accuracy(), 0.0);
        Evaluation.Scored both = Evaluation.concat(List.of(scored, scored));
        assertEquals(8, both.size());
        assertEquals(-0.5, both.scores()[7], 0.0);
    }

    private static Object[] toObjects(boolean[] values) {
        Object[] out = new Object[values.length];
        for (int i = 0; i < values.length; i++) out[i] = values[i];
        return out;
    }
}
