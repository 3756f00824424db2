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
import java.util.stream.IntStream;

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

    /** The negated distance between two described images, or NaN when either could not be read. */
    public double score(ImageDistance<?> distance, ImageRef a, ImageRef b) {
        int index = indexOf(distance);
        Object[] x = described.get(a.source()), y = described.get(b.source());
        return x == null || y == null ? Double.NaN : -distance(distance, x[index], y[index]);
    }

    /** The negated distances of the pairs whose both images were readable, with their labels, in the pairs' order. */
    public Evaluation.Scored score(ImageDistance<?> distance, List<Pair> pairs) {
        int index = indexOf(distance);
        double[] all = new double[pairs.size()];
        IntStream.range(0, pairs.size()).parallel().forEach(i -> {
            Object[] a = described.get(pairs.get(i).left().source()), b = described.get(pairs.get(i).right().source());
            all[i] = a == null || b == null ? Double.NaN : -distance(distance, a[index], b[index]);
        });
        double[] scores = new double[pairs.size()];
        boolean[] genuine = new boolean[pairs.size()];
        int n = 0;
        for (int i = 0; i < all.length; i++) {
            if (Double.isNaN(all[i])) continue;
            scores[n] = all[i];
            genuine[n] = pairs.get(i).same();
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
        // Per trial: 1 right, 0 wrong, -1 left out (an image could not be read).
        int[] outcome = new int[trials.size()];
        IntStream.range(0, trials.size()).parallel().forEach(i -> outcome[i] = outcome(distance, index, trials.get(i)));
        int correct = 0, counted = 0;
        for (int o : outcome) {
            if (o < 0) continue;
            correct += o;
            counted++;
        }
        if (counted == 0) throw new DatasetException("none of the " + trials.size() + " one-shot trials could be read for the " + distance.title() + " floor");
        return new Evaluation.OneShotReport(trials.get(0).ways(), counted, (double) correct / counted);
    }

    private int outcome(ImageDistance<?> distance, int index, OneShotTrial t) {
        Object[] q = described.get(t.query().source());
        if (q == null) return -1;
        int best = 0;
        double bestDistance = Double.POSITIVE_INFINITY;
        for (int i = 0; i < t.ways(); i++) {
            Object[] c = described.get(t.candidates().get(i).source());
            if (c == null) return -1;
            double d = distance(distance, q[index], c[index]);
            if (d < bestDistance) {
                bestDistance = d;
                best = i;
            }
        }
        return best == t.answer() ? 1 : 0;
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
