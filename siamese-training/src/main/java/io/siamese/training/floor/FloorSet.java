package io.siamese.training.floor;

import io.siamese.data.DataProblems;
import io.siamese.data.DatasetException;
import io.siamese.data.ImageDecodeException;
import io.siamese.data.ImagePreprocessor;
import io.siamese.data.ImageRef;
import io.siamese.data.ImageSource;
import io.siamese.data.OneShotTrial;
import io.siamese.data.Pair;
import io.siamese.training.Evaluation;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The floors of one evaluation: every distinct image decoded and preprocessed once (with the model's own
 * {@link ImagePreprocessor}) and described once by each {@link ImageDistance}, then scored on pairs or one-shot trials
 * into the same {@link Evaluation.Scored} and {@link Evaluation.OneShotReport} as a model. A floor's score is its
 * negated distance, so that, as for the model, a higher score means "same". Images are described on all cores; an
 * unreadable image is reported to {@link DataProblems} once and the pairs and trials that need it are left out, as
 * the model's evaluation leaves them out.
 */
public final class FloorSet {

    private final List<ImageDistance<?>> distances;
    /** Per image, the description of each distance, in the order of {@link #distances}. */
    private final Map<ImageSource, Object[]> described;

    private FloorSet(List<ImageDistance<?>> distances, Map<ImageSource, Object[]> described) {
        this.distances = distances;
        this.described = described;
    }

    /**
     * Decodes each distinct image of {@code images} once and describes it with every distance.
     *
     * @param distances    the floors, for example {@link Floors#faces(int)}
     * @param images       the images the pairs or trials will use (repeats are fine)
     * @param preprocessor the model's preprocessing
     */
    public static FloorSet describe(List<? extends ImageDistance<?>> distances, Collection<ImageRef> images, ImagePreprocessor preprocessor,
                                    DataProblems problems) {
        if (distances.isEmpty()) throw new IllegalArgumentException("no floor to describe the images with");
        List<ImageDistance<?>> list = List.copyOf(distances);
        LinkedHashSet<ImageSource> unique = new LinkedHashSet<>();
        for (ImageRef r : images) unique.add(r.source());
        Map<ImageSource, Object[]> out = new ConcurrentHashMap<>();
        new ArrayList<>(unique).parallelStream().forEach(source -> {
            if (problems.wasSkipped(source.name())) return;
            float[] values = new float[preprocessor.imageSize()];
            try {
                preprocessor.loadInto(source, null, null, values, 0);
            } catch (ImageDecodeException e) {
                problems.skip(source.name(), e.getMessage());
                return;
            }
            Pixels pixels = new Pixels(values, preprocessor.channels(), preprocessor.height(), preprocessor.width());
            Object[] descriptions = new Object[list.size()];
            for (int i = 0; i < list.size(); i++) descriptions[i] = list.get(i).describe(pixels);
            out.put(source, descriptions);
        });
        return new FloorSet(list, out);
    }

    public List<ImageDistance<?>> distances() {
        return distances;
    }

    /** How many distinct images were described. */
    public int images() {
        return described.size();
    }

    /** The negated distances of the pairs whose both images were readable, with their labels. */
    public Evaluation.Scored score(ImageDistance<?> distance, List<Pair> pairs) {
        int index = indexOf(distance);
        double[] scores = new double[pairs.size()];
        boolean[] genuine = new boolean[pairs.size()];
        int n = 0;
        for (Pair p : pairs) {
            Object[] a = described.get(p.left().source()), b = described.get(p.right().source());
            if (a == null || b == null) continue;
            scores[n] = -distance(distance, a[index], b[index]);
            genuine[n] = p.same();
            n++;
        }
        if (n == 0) throw new DatasetException("none of the " + pairs.size() + " pairs could be read for the " + distance.title() + " floor");
        return new Evaluation.Scored(Arrays.copyOf(scores, n), Arrays.copyOf(genuine, n));
    }

    /**
     * N-way one-shot accuracy: a trial is right when the candidate nearest to the query is the one showing its
     * identity (ties go to the first candidate, as the model's rule gives them). Trials with an unreadable image are
     * left out.
     */
    public Evaluation.OneShotReport oneShot(ImageDistance<?> distance, List<OneShotTrial> trials) {
        if (trials.isEmpty()) throw new DatasetException("no one-shot trials to evaluate");
        int index = indexOf(distance);
        int correct = 0, counted = 0;
        trial:
        for (OneShotTrial t : trials) {
            Object[] q = described.get(t.query().source());
            if (q == null) continue;
            List<Object> candidates = new ArrayList<>(t.ways());
            for (ImageRef c : t.candidates()) {
                Object[] d = described.get(c.source());
                if (d == null) continue trial;
                candidates.add(d[index]);
            }
            int best = 0;
            double bestDistance = Double.POSITIVE_INFINITY;
            for (int i = 0; i < candidates.size(); i++) {
                double d = distance(distance, q[index], candidates.get(i));
                if (d < bestDistance) {
                    bestDistance = d;
                    best = i;
                }
            }
            if (best == t.answer()) correct++;
            counted++;
        }
        if (counted == 0) throw new DatasetException("none of the " + trials.size() + " one-shot trials could be read for the " + distance.title() + " floor");
        return new Evaluation.OneShotReport(trials.get(0).ways(), counted, (double) correct / counted);
    }

    private int indexOf(ImageDistance<?> distance) {
        int index = distances.indexOf(distance);
        if (index < 0) throw new IllegalArgumentException(distance.title() + " is not one of this set's floors");
        return index;
    }

    @SuppressWarnings("unchecked")
    private static <D> double distance(ImageDistance<D> distance, Object a, Object b) {
        return distance.distance((D) a, (D) b);
    }
}
