package io.siamese.training;

import io.siamese.model.Embedding;
import io.siamese.model.SiameseModel;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleBiFunction;
import java.util.Random;

/**
 * The live app's decision simulated on labelled embeddings: for each identity with more than {@code gallerySize}
 * images, the first {@code gallerySize} are its references (the verification folder); each remaining image of that
 * identity is a genuine probe, and every image of every other identity is an impostor probe. Each entry holds one
 * probe's scores against one gallery, the input of the detection and verification thresholds.
 *
 * @param genuine  scores of genuine probes against their own identity's gallery
 * @param impostor scores of impostor probes against another identity's gallery
 */
public record GalleryProbes(List<double[]> genuine, List<double[]> impostor) {

    /** Scores every probe against every gallery; embeddings per identity, in a stable order. */
    public static GalleryProbes of(SiameseModel model, Map<String, List<Embedding>> byIdentity, int gallerySize) {
        return of(byIdentity, gallerySize, model::score);
    }

    /**
     * The same simulation for any scorer of two images (higher is more alike): a model's head over embeddings, or a
     * floor's negated distance over images.
     */
    public static <T> GalleryProbes of(Map<String, List<T>> byIdentity, int gallerySize, ToDoubleBiFunction<T, T> score) {
        List<double[]> genuine = new ArrayList<>(), impostor = new ArrayList<>();
        for (Map.Entry<String, List<T>> identity : byIdentity.entrySet()) {
            List<T> images = identity.getValue();
            if (images.size() <= gallerySize) continue;
            List<T> gallery = images.subList(0, gallerySize);
            for (T probe : images.subList(gallerySize, images.size())) genuine.add(scores(probe, gallery, score));
            for (Map.Entry<String, List<T>> other : byIdentity.entrySet()) {
                if (other.getKey().equals(identity.getKey())) continue;
                for (T probe : other.getValue()) impostor.add(scores(probe, gallery, score));
            }
        }
        return new GalleryProbes(List.copyOf(genuine), List.copyOf(impostor));
    }

    private static <T> double[] scores(T probe, List<T> gallery, ToDoubleBiFunction<T, T> score) {
        double[] out = new double[gallery.size()];
        for (int i = 0; i < out.length; i++) out[i] = score.applyAsDouble(probe, gallery.get(i));
        return out;
    }

    /** False-accept and false-reject rates of gallery decisions. */
    public record Rates(double far, double frr) {
    }

    /**
     * The rates of the app's decision on these probes: a probe is accepted when at least {@code verificationFraction}
     * of its comparisons reach {@code detectionThreshold}.
     */
    public Rates rates(double detectionThreshold, double verificationFraction) {
        long accepted = impostor.stream().filter(s -> Calibrator.passedFraction(s, detectionThreshold) >= verificationFraction).count();
        long rejected = genuine.stream().filter(s -> Calibrator.passedFraction(s, detectionThreshold) < verificationFraction).count();
        return new Rates(impostor.isEmpty() ? Double.NaN : (double) accepted / impostor.size(),
                genuine.isEmpty() ? Double.NaN : (double) rejected / genuine.size());
    }

    /** True when there is at least one genuine and one impostor probe. */
    public boolean usable() {
        return !genuine.isEmpty() && !impostor.isEmpty();
    }

    /**
     * The household app's open-set identification simulated on labelled embeddings. The people with more than
     * {@code gallerySize} images are enrolled: their first {@code gallerySize} images are their references. Every
     * person takes a turn as the unknown face: all of their images are probes against the gallery of everyone else
     * enrolled (a leave-one-out gallery; a person who is not enrolled faces the whole gallery). The other images of an
     * enrolled person are probes of a known face against the whole gallery. Scores are computed once per probe and
     * reference; sequences of frames are drawn from them.
     *
     * @param byIdentity embeddings per identity; enrolled people are taken in name order
     */
    public static OpenSet openSet(SiameseModel model, Map<String, List<Embedding>> byIdentity, int gallerySize) {
        if (gallerySize < 1) throw new IllegalArgumentException("gallerySize must be >= 1, got " + gallerySize);
        List<String> enrolled = byIdentity.entrySet().stream().filter(e -> e.getValue().size() > gallerySize)
                .map(Map.Entry::getKey).sorted().toList();
        List<Trial> known = new ArrayList<>(), unknown = new ArrayList<>();
        for (String identity : byIdentity.keySet().stream().sorted().toList()) {
            List<Embedding> images = byIdentity.get(identity);
            List<String> others = enrolled.stream().filter(name -> !name.equals(identity)).toList();
            if (!others.isEmpty() && !images.isEmpty()) unknown.add(trial(model, byIdentity, identity, false, others, images, gallerySize));
            if (enrolled.contains(identity)) {
                known.add(trial(model, byIdentity, identity, true, enrolled, images.subList(gallerySize, images.size()), gallerySize));
            }
        }
        return new OpenSet(gallerySize, enrolled, List.copyOf(known), List.copyOf(unknown));
    }

    private static Trial trial(SiameseModel model, Map<String, List<Embedding>> byIdentity, String identity, boolean enrolled,
                               List<String> people, List<Embedding> probes, int gallerySize) {
        List<double[][]> frames = new ArrayList<>(probes.size());
        for (Embedding probe : probes) {
            double[][] scores = new double[people.size()][];
            for (int p = 0; p < scores.length; p++) scores[p] = model.scores(probe, byIdentity.get(people.get(p)).subList(0, gallerySize));
            frames.add(scores);
        }
        return new Trial(identity, enrolled, people, frames);
    }

    /**
     * Open-set probes of a gallery of people.
     *
     * @param gallerySize references per enrolled person
     * @param enrolled    the enrolled people, in name order
     * @param known       one trial per enrolled person with probe images beyond its references
     * @param unknown     one trial per person as the unknown face
     */
    public record OpenSet(int gallerySize, List<String> enrolled, List<Trial> known, List<Trial> unknown) {

        /** True when there are probes of known and of unknown faces. */
        public boolean usable() {
            return known.stream().anyMatch(t -> !t.frames().isEmpty()) && unknown.stream().anyMatch(t -> !t.frames().isEmpty());
        }

        /**
         * Sequences of {@code frames} frames, each from one trial (one person facing one gallery), as a camera would
         * see one face: with one frame, every probe image once; with more, {@code count} sequences, each from a trial
         * drawn at random (every person equally likely) with its frames drawn at random with replacement from that
         * trial's images (a video of a person is a sequence of their photos; frames may repeat, as video frames do).
         *
         * @param ofKnown true for sequences of enrolled faces, false for unknown faces
         */
        public List<Sequence> sequences(boolean ofKnown, int frames, int count, long seed) {
            if (frames < 1) throw new IllegalArgumentException("frames must be >= 1, got " + frames);
            List<Trial> trials = (ofKnown ? known : unknown).stream().filter(t -> !t.frames().isEmpty()).toList();
            List<Sequence> out = new ArrayList<>();
            if (trials.isEmpty()) return out;
            if (frames == 1) {
                for (Trial t : trials) for (int f = 0; f < t.frames().size(); f++) out.add(new Sequence(t, new int[] {f}));
                return out;
            }
            Random random = new Random(seed);
            for (int i = 0; i < count; i++) {
                Trial t = trials.get(random.nextInt(trials.size()));
                int[] chosen = new int[frames];
                for (int f = 0; f < frames; f++) chosen[f] = random.nextInt(t.frames().size());
                out.add(new Sequence(t, chosen));
            }
            return out;
        }
    }

    /**
     * The probe images of one person against one gallery.
     *
     * @param identity who the probes show
     * @param enrolled whether that person is in the gallery the probes face (false: an unknown face)
     * @param people   the gallery's people, in name order
     * @param frames   per probe image, per person of {@code people}: the scores against that person's references
     */
    public record Trial(String identity, boolean enrolled, List<String> people, List<double[][]> frames) {
    }

    /** Some frames of one trial, in order: what the decision over the last frames with a face sees. */
    public record Sequence(Trial trial, int[] frames) {

        public Sequence {
            frames = frames.clone();
        }

        @Override
        public int[] frames() {
            return frames.clone();
        }

        public int length() {
            return frames.length;
        }

        /** The scores of the gallery's person {@code person} (an index into the trial's people) pooled over the frames. */
        public double[] pooled(int person) {
            int references = trial.frames().get(frames[0])[person].length;
            double[] out = new double[references * frames.length];
            for (int f = 0; f < frames.length; f++) {
                double[] s = trial.frames().get(frames[f])[person];
                System.arraycopy(s, 0, out, f * references, s.length);
            }
            return out;
        }

        /** The pooled scores of every person of the gallery, in the trial's order. */
        public List<double[]> pooledByPerson() {
            List<double[]> out = new ArrayList<>(trial.people().size());
            for (int p = 0; p < trial.people().size(); p++) out.add(pooled(p));
            return out;
        }

        @Override
        public String toString() {
            return "Sequence[" + trial.identity() + (trial.enrolled() ? " enrolled" : " unknown") + ", frames " + Arrays.toString(frames) + "]";
        }
    }
}
