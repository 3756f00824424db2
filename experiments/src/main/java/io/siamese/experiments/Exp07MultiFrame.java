package io.siamese.experiments;

import io.siamese.app.identify.Identification;
import io.siamese.app.identify.IdentificationRule;
import io.siamese.app.verify.Thresholds;
import io.siamese.data.DataProblems;
import io.siamese.data.DatasetException;
import io.siamese.data.IdentityFoldersReader;
import io.siamese.data.ImageDataset;
import io.siamese.data.ImagePreprocessor;
import io.siamese.data.SharedDatasets;
import io.siamese.data.face.HaarFaceCropper;
import io.siamese.model.AtomicFiles;
import io.siamese.model.Calibration;
import io.siamese.model.Embedding;
import io.siamese.model.ModelSpec;
import io.siamese.model.SiameseModel;
import io.siamese.model.cpu.CpuAcceleration;
import io.siamese.training.Calibrator;
import io.siamese.training.Evaluation;
import io.siamese.training.GalleryProbes;
import io.siamese.training.Plots;
import io.siamese.training.Progress;
import io.siamese.training.Recipe;
import io.siamese.training.Trainer;
import io.siamese.training.TrainingConfig;
import io.siamese.training.TrainingData;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Experiment 7: does deciding over the last N frames with a face keep strangers out better than one frame?
 *
 * <p>A household face ID names the person at the door among the people enrolled, or says <i>Unknown</i>. One lucky
 * frame of a stranger must not open the door, one blurred frame of the owner should not keep them out. The app pools
 * the last N frames with a face: a person matches when at least the verification fraction of all N x references
 * comparisons reach the detection threshold, and the calibration sets that threshold for each N so that the
 * false-accept rate of the whole decision (an unknown face named as anyone) meets a target on calibration people.
 * This experiment measures, on people never seen in training or calibration, the false-accept rate (an unknown face
 * named as someone) and the false-reject rate (an enrolled face not named, or named wrongly) against N at the
 * calibrated thresholds, for several targets, and compares each N with one frame at the same false-reject rate.
 *
 * <p>Protocol: the AT&T/ORL faces are split by person: training, validation (calibration) and test. The Yale faces
 * (uncropped photos: the face is found by the Haar cascade) are a second set, all 15 people unseen in training: half
 * of them calibrate, the other half are tested; the ORL-calibrated thresholds are also tried on them, to see whether a
 * calibration carries over to another camera. In every set each person with more than five photos is enrolled with
 * their first five as references, and every person takes a turn as the unknown face against a gallery of everyone
 * else. A "video" of a person is a sequence of that person's photos, drawn with replacement (still photos are all
 * these datasets have; real video frames are more alike, so pooling gains less per frame there). Runtime: about 10
 * minutes on 2 cores with the defaults (training the faces recipe, as experiment 3 does); the test runs a few
 * batches. Output: {@code experiments/results/Exp07MultiFrame/TIMESTAMP/} with {@code frames.csv},
 * {@code far-frr-*.png}, {@code det-*.png} and {@code summary.md}.
 */
public final class Exp07MultiFrame {

    /** References per enrolled person, as in the calibration. */
    static final int GALLERY_SIZE = 5;

    /**
     * @param faces         the ORL folder, or null to look in {@code ../shared/datasets/orl_faces}
     * @param yale          the Yale folder, or null: then the shared one when {@code findYale}, else none
     * @param findYale      look for the Yale faces in the shared datasets when {@code yale} is null
     * @param model         an existing model file to study instead of training one (trained by this experiment with the
     *                      same seed, its people are the same; any other model may have seen the test people)
     * @param spec          the model to train when {@code model} is null
     * @param training      that training run (split fractions are by person)
     * @param augmentation  augmentation preset name
     * @param frames        the numbers of frames compared, the first 1, each 1 to {@link Calibration#MAX_FRAMES}
     * @param targets       the target false-accept rates the thresholds are calibrated for, each in (0, 1)
     * @param sequences     sequences of unknown and of enrolled faces per N above one, in calibration and test alike
     * @param budgetMinutes time budget for training, or null
     * @param out           result folder, or null for a new timestamped one
     */
    public record Config(Path faces, Path yale, boolean findYale, Path model, ModelSpec spec, TrainingConfig training, String augmentation,
                         List<Integer> frames, List<Double> targets, int sequences, Double budgetMinutes, Path out) {

        /** The faces recipe ({@link Recipe#faces()}) on 24 ORL people, 8 validate and calibrate, 8 are tested. */
        public static final Config DEFAULTS = new Config(null, null, true, null, Recipe.faces().spec(),
                Recipe.faces().training().withSplit(0.6, 0.2), Recipe.faces().training().augmentation(),
                List.of(1, 3, 5, 10), List.of(0.001, 0.01, 0.05), 3000, null, null);

        public Config {
            frames = List.copyOf(frames);
            targets = List.copyOf(targets);
            if (frames.isEmpty() || frames.get(0) != 1) throw new IllegalArgumentException("frames must start with 1 (the single frame compared against), got " + frames);
            for (int n : frames) {
                if (n < 1 || n > Calibration.MAX_FRAMES) throw new IllegalArgumentException("frames must be 1 to " + Calibration.MAX_FRAMES + ", got " + n);
            }
            if (targets.isEmpty()) throw new IllegalArgumentException("at least one target false-accept rate is needed");
            for (double t : targets) if (!(t > 0 && t < 1)) throw new IllegalArgumentException("targets must be in (0, 1), got " + t);
            if (sequences < 1) throw new IllegalArgumentException("sequences must be >= 1, got " + sequences);
        }

        public Config tiny() {
            TrainingConfig few = training.withPretraining(training.pretraining().withEpochs(Math.min(1, training.pretraining().epochs())))
                    .withEpochs(1).withPairsPerEpoch(32).withValidationPairs(40);
            return new Config(faces, yale, false, model, spec, few, augmentation,
                    List.of(1, 3), List.of(0.01, 0.2), 200, budgetMinutes, out);
        }

        public Config withFaces(Path path) {
            return new Config(path, yale, findYale, model, spec, training, augmentation, frames, targets, sequences, budgetMinutes, out);
        }

        public Config withYale(Path path) {
            return new Config(faces, path, findYale, model, spec, training, augmentation, frames, targets, sequences, budgetMinutes, out);
        }

        public Config withModel(Path path) {
            return new Config(faces, yale, findYale, path, spec, training, augmentation, frames, targets, sequences, budgetMinutes, out);
        }

        public Config withOut(Path folder) {
            return new Config(faces, yale, findYale, model, spec, training, augmentation, frames, targets, sequences, budgetMinutes, folder);
        }

        public Config withBudgetMinutes(Double minutes) {
            return new Config(faces, yale, findYale, model, spec, training, augmentation, frames, targets, sequences, minutes, out);
        }
    }

    /** The rates of the decision over {@code frames} frames at one pair of thresholds. */
    record Rates(int frames, double threshold, double far, double frr, int unknownSequences, int knownSequences) {
    }

    /** The sequences of one N of one test set, with every gallery person's pooled scores computed once. */
    record Pooled(int frames, List<Scored> unknown, List<Scored> known) {
    }

    /** One sequence's gallery people, their pooled scores, and who it shows. */
    record Scored(String identity, List<String> people, List<double[]> pooled) {
    }

    /**
     * One test set and where its thresholds come from.
     *
     * @param name         the set's name in keys and files
     * @param test         the people tested
     * @param calibration  the people the thresholds are calibrated on (never the tested ones)
     * @param preprocessor how the set's photos become model inputs
     */
    private record TestSet(String name, ImageDataset test, ImageDataset calibration, ImagePreprocessor preprocessor) {
    }

    private Exp07MultiFrame() {
    }

    public static void main(String[] args) {
        // First, before ND4J loads: the oneDNN build and DL4J helpers when this CPU can run them.
        CpuAcceleration.configure();
        System.out.println(run(Config.DEFAULTS, Progress.NONE).jsonLine());
    }

    public static ExperimentResult run(Config config, Progress progress) {
        // 1. Setup. The data is looked up before anything is written, so a missing dataset leaves no empty folder.
        Path faces = config.faces() != null ? config.faces() : SharedDatasets.orlFaces().orElseThrow(() -> new DatasetException(
                "the AT&T/ORL faces were not found: download them (40 folders s1..s40 of 10 PGM images, "
                        + "https://cam-orl.co.uk/facedatabase.html) and pass their folder, or put them in ../shared/datasets/orl_faces"));
        Path yale = config.yale() != null ? config.yale() : config.findYale() ? SharedDatasets.yaleFaces().orElse(null) : null;
        DataProblems problems = new DataProblems();
        ImageDataset all = IdentityFoldersReader.read(faces, problems);
        ImageDataset yaleData = yale == null ? null : IdentityFoldersReader.read(yale, problems);
        Path folder = Results.folder("Exp07MultiFrame", config.out());
        ExperimentRecord record = ExperimentRecord.start("Exp07MultiFrame", folder, config,
                config.model() != null ? "none: a given model" : config.budgetMinutes() == null ? "none: every epoch" : config.budgetMinutes() + " min");

        // 2. Data. Split by person: test people are never seen in training, nor in the calibration of the thresholds.
        TrainingConfig training = config.training();
        ImageDataset.Split split = all.split(training.trainFraction(), training.validationFraction(), training.seed());
        ModelSpec spec = config.spec();

        // 3. Model and 4. training (the Trainer also stores its calibration at the run's target in model.zip).
        SiameseModel model;
        if (config.model() != null) {
            model = SiameseModel.load(config.model());
            spec = model.spec();
        } else {
            ImagePreprocessor preprocessor = new ImagePreprocessor(spec.height(), spec.width(), spec.channels());
            Trainer trainer = new Trainer(folder, training.withAugmentation(config.augmentation())).progress(progress)
                    .deadline(new Budget(config.budgetMinutes()).nextDeadline(1));
            model = trainer.train(spec, new TrainingData(split.train(), split.validation(), preprocessor, "identities:" + faces), false).model();
        }
        ImagePreprocessor plain = new ImagePreprocessor(spec.height(), spec.width(), spec.channels());
        List<TestSet> sets = new ArrayList<>();
        sets.add(new TestSet("orl", split.test(), split.validation(), plain));
        if (yaleData != null) {
            // Yale photos show the head and background: the face is cut out first. Half the people calibrate.
            List<String> people = new ArrayList<>(yaleData.identities());
            Collections.shuffle(people, new Random(training.seed()));
            int half = people.size() / 2;
            sets.add(new TestSet("yale", yaleData.restrictTo(people.subList(half, people.size()), "yale/test"),
                    yaleData.restrictTo(people.subList(0, half), "yale/calibration"),
                    plain.withFaceCropper(new HaarFaceCropper(), ImagePreprocessor.MissingFace.USE_WHOLE_IMAGE)));
        }

        // 5. Calibrate each set's thresholds for every target on its calibration people, then evaluate its test people:
        // sequences of N frames, the app's own decision at the calibrated thresholds, and the single-frame trade-off.
        Map<String, Object> numbers = new LinkedHashMap<>();
        List<String[]> csv = new ArrayList<>();
        Results.Summary summary = new Results.Summary("Multi-frame decision: false accepts and false rejects against the number of frames",
                "Does pooling the last N frames with a face, at thresholds calibrated for the same target false-accept rate, keep strangers"
                        + " out better than one frame, without rejecting the enrolled more often?");
        summary.paragraph("Model: " + spec.describe() + (config.model() != null ? ", given (" + config.model() + ")" : ", trained on "
                + split.train().identities().size() + " ORL people") + "; verification fraction " + Results.f(model.calibration().verificationFraction(), 2)
                + " (one frame: at least that share of a person's references must agree; N frames: of the N x references comparisons).");
        Map<Double, Calibration> orlCalibrations = null;
        int lowered = 0, compared = 0;
        for (TestSet set : sets) {
            Map<Double, Calibration> calibrations = calibrate(model, set, config.targets(), problems);
            if (calibrations == null) {
                summary.paragraph(set.name() + ": skipped, its calibration people give no gallery of people with more than " + GALLERY_SIZE + " photos.");
                continue;
            }
            if (orlCalibrations == null) orlCalibrations = calibrations;
            Map<String, List<Embedding>> byPerson = Evaluation.embeddingsByIdentity(model, set.test().images(), set.preprocessor(), problems);
            GalleryProbes.OpenSet probes = GalleryProbes.openSet(model, byPerson, GALLERY_SIZE);
            if (!probes.usable()) {
                summary.paragraph(set.name() + ": skipped, its test people give no gallery of people with more than " + GALLERY_SIZE + " photos.");
                continue;
            }
            double verification = model.calibration().verificationFraction();
            Map<Integer, Pooled> byFrames = new LinkedHashMap<>();
            List<double[]> detFar = new ArrayList<>(), detFrr = new ArrayList<>();
            List<String> detNames = new ArrayList<>();
            for (int n : config.frames()) {
                Pooled pooled = pool(probes, n, config.sequences(), 104_729L * n + 17);
                byFrames.put(n, pooled);
                double[][] det = tradeOff(pooled, verification);
                detFar.add(det[0]);
                detFrr.add(det[1]);
                detNames.add(n + (n == 1 ? " frame" : " frames"));
            }
            Pooled single = byFrames.get(1);
            Plots.xy("FRR against FAR, " + set.name() + " test people", "false accept rate (unknown face named)", "false reject rate", detNames, detFar, detFrr,
                    folder.resolve("det-" + set.name() + ".png"));
            List<String> names = new ArrayList<>();
            List<double[]> curves = new ArrayList<>();
            Map<String, Map<Double, Calibration>> sources = new LinkedHashMap<>();
            sources.put(set.name(), calibrations);
            if (!set.name().equals("orl") && orlCalibrations != null) sources.put("orl", orlCalibrations);
            for (Map.Entry<String, Map<Double, Calibration>> source : sources.entrySet()) {
                boolean own = source.getKey().equals(set.name());
                Map<String, String> rows = new LinkedHashMap<>();
                for (double target : config.targets()) {
                    Calibration calibration = source.getValue().get(target);
                    double[] far = new double[config.frames().size()], frr = new double[far.length];
                    Rates one = null;
                    for (int i = 0; i < config.frames().size(); i++) {
                        int n = config.frames().get(i);
                        Rates r = rates(byFrames.get(n), Thresholds.forIdentification(calibration, n));
                        if (n == 1) one = r;
                        far[i] = r.far();
                        frr[i] = r.frr();
                        // What one frame must accept to reject no more enrolled faces than N frames do.
                        double singleFar = n == 1 ? r.far() : singleFrameFarAtFrr(single, verification, r.frr());
                        String key = set.name() + (own ? "" : "_" + source.getKey() + "_thresholds") + "_t" + target;
                        numbers.put(key + "_far_" + n, r.far());
                        numbers.put(key + "_frr_" + n, r.frr());
                        // NaN (null in the JSON line): no single-frame threshold rejects as few enrolled faces as N frames do.
                        if (own) numbers.put(key + "_single_frame_far_at_equal_frr_" + n, Double.isNaN(singleFar) ? null : singleFar);
                        csv.add(new String[] {set.name(), source.getKey(), Double.toString(target), Integer.toString(n), Double.toString(r.threshold()),
                                Double.toString(r.far()), Double.toString(r.frr()), Double.toString(singleFar), Integer.toString(r.unknownSequences()),
                                Integer.toString(r.knownSequences())});
                        boolean better = n > 1 && (Double.isNaN(singleFar) || r.far() <= singleFar) && r.frr() <= one.frr();
                        if (own && n > 1) {
                            compared++;
                            if (better) lowered++;
                        }
                        rows.put("target " + Results.pct(target) + ", " + n + (n == 1 ? " frame" : " frames") + " (threshold " + Results.f(r.threshold(), 4) + ")",
                                "FAR " + Results.pct(r.far()) + ", FRR " + Results.pct(r.frr()) + (n == 1 || !own ? ""
                                        : "; one frame at this FRR: FAR " + (Double.isNaN(singleFar) ? "(no threshold gets there)" : Results.pct(singleFar))));
                    }
                    if (own) {
                        names.add("FAR, target " + Results.pct(target));
                        curves.add(far);
                        names.add("FRR, target " + Results.pct(target));
                        curves.add(frr);
                    }
                }
                String calibratedOn = own ? set.calibration().identities().size() + " other " + set.name() + " people"
                        : "the ORL validation people (another camera: does a calibration carry over?)";
                summary.paragraph("**" + set.name() + "**, " + byPerson.size() + " test people never seen in training (" + probes.enrolled().size()
                        + " enrolled), thresholds calibrated on " + calibratedOn + ": " + single.unknown().size() + " single frames of unknown faces, "
                        + single.known().size() + " of enrolled ones; " + config.sequences() + " sequences of each kind per N above one.");
                summary.table("target, frames (calibrated threshold)", "test rates", rows);
            }
            numbers.put(set.name() + "_people", byPerson.size());
            Plots.lines("False accepts and rejects against frames, " + set.name(), "frames N", "rate",
                    config.frames().stream().mapToDouble(Integer::doubleValue).toArray(), names, curves, folder.resolve("far-frr-" + set.name() + ".png"));
        }
        if (csv.isEmpty()) throw new DatasetException("no test set had people with more than " + GALLERY_SIZE + " photos and another person: nothing was measured");
        writeCsv(folder.resolve("frames.csv"), csv);
        numbers.put("multi_frame_lowers_far_at_equal_or_lower_frr", lowered + " of " + compared);

        // 6. Report.
        summary.takeaway("In " + lowered + " of " + compared + " comparisons (test set x target x N above one, own calibration) the N-frame decision"
                        + " accepted no more strangers than one frame needs for the same false-reject rate, with no more false rejects than one frame"
                        + " at the same target: 'one frame at this FRR' is the false-accept rate a single frame needs to turn away no more enrolled"
                        + " faces than N frames.")
                .takeaway("Each N has its own threshold, chosen on calibration people so that an unknown face is named at most at the target rate;"
                        + " pooling lets that threshold sit lower, because a stranger's lucky frame is outvoted by the others. det-*.png show the"
                        + " whole trade-off per N, far-frr-*.png the rates against N per target, frames.csv every number.")
                .takeaway("Single frames give only as many unknown faces as the calibration people have photos (80 for 8 ORL people), so a target"
                        + " of 0.1% puts the one-frame threshold above all of them; sequences give thousands of draws, but from the same few photos,"
                        + " and the test rates rest on as few photos again: differences of a percent or two are noise.")
                .takeaway("A 'video' here is a sequence of a person's still photos (drawn with replacement); real video frames are more alike than"
                        + " different photos, so pooling gains less per frame there.")
                .takeaway("Absolute rates follow the model (" + spec.describe() + ", trained on " + split.train().identities().size()
                        + " ORL people), and ORL-calibrated thresholds need not carry over to Yale's camera (compare the Yale tables):"
                        + " calibrate on people filmed like the household. A better model lowers every curve; the comparison between N stays the method.")
                .write(folder);
        return record.finish(numbers);
    }

    /** Identification calibrations of a set's calibration people for every target, or null when they cannot calibrate. */
    private static Map<Double, Calibration> calibrate(SiameseModel model, TestSet set, List<Double> targets, DataProblems problems) {
        Map<String, List<Embedding>> embeddings = Evaluation.embeddingsByIdentity(model, set.calibration().images(), set.preprocessor(), problems);
        Map<Double, Calibration> out = new LinkedHashMap<>();
        for (double target : targets) {
            Calibration c = Calibrator.withIdentification(model.calibration().withIdentification(null), model, embeddings, target);
            if (!c.identification().isCalibrated()) return null;
            out.put(target, c);
        }
        return out;
    }

    /** The sequences of one N with every gallery person's pooled scores. */
    static Pooled pool(GalleryProbes.OpenSet probes, int frames, int count, long seed) {
        List<Scored> unknown = new ArrayList<>(), known = new ArrayList<>();
        for (GalleryProbes.Sequence s : probes.sequences(false, frames, count, seed)) {
            unknown.add(new Scored(s.trial().identity(), s.trial().people(), s.pooledByPerson()));
        }
        for (GalleryProbes.Sequence s : probes.sequences(true, frames, count, seed + 1)) {
            known.add(new Scored(s.trial().identity(), s.trial().people(), s.pooledByPerson()));
        }
        return new Pooled(frames, unknown, known);
    }

    /** FAR and FRR of the app's decision ({@link IdentificationRule}) on pooled sequences. */
    static Rates rates(Pooled pooled, Thresholds thresholds) {
        int accepted = 0, rejected = 0;
        for (Scored s : pooled.unknown()) if (decide(s, pooled.frames(), thresholds).identified()) accepted++;
        for (Scored s : pooled.known()) if (!s.identity().equals(decide(s, pooled.frames(), thresholds).identity())) rejected++;
        return new Rates(pooled.frames(), thresholds.detection(), (double) accepted / pooled.unknown().size(),
                (double) rejected / pooled.known().size(), pooled.unknown().size(), pooled.known().size());
    }

    private static Identification decide(Scored s, int frames, Thresholds thresholds) {
        return IdentificationRule.decide(s.people(), s.pooled(), frames, thresholds);
    }

    /**
     * The trade-off of one N as the detection threshold moves: {@code {far[], frr[]}}, from strict to lenient over up to
     * 300 quantiles of the thresholds at which a decision changes, points with a FAR above one half left out.
     */
    static double[][] tradeOff(Pooled pooled, double verification) {
        double[] all = criticalValues(pooled, verification);
        int n = Math.min(all.length, 300);
        double[] thresholds = new double[n];
        for (int i = 0; i < n; i++) thresholds[i] = all[(int) ((long) i * (all.length - 1) / Math.max(1, n - 1))];
        List<double[]> points = new ArrayList<>();
        for (int i = n - 1; i >= 0; i--) {
            Rates r = rates(pooled, new Thresholds(thresholds[i], verification));
            if (r.far() <= 0.5) points.add(new double[] {r.far(), r.frr()});
        }
        double[][] out = new double[2][points.size()];
        for (int i = 0; i < points.size(); i++) {
            out[0][i] = points.get(i)[0];
            out[1][i] = points.get(i)[1];
        }
        return out;
    }

    /**
     * The lowest FAR one frame reaches with an FRR at most {@code frr}, or NaN when no threshold gets there. Exact:
     * every threshold at which a decision changes is tried.
     */
    static double singleFrameFarAtFrr(Pooled single, double verification, double frr) {
        double best = Double.NaN;
        for (double t : criticalValues(single, verification)) {
            Rates r = rates(single, new Thresholds(t, verification));
            if (r.frr() <= frr + 1e-12 && (Double.isNaN(best) || r.far() < best)) best = r.far();
        }
        return best;
    }

    /**
     * The thresholds at which some decision changes (a person matches at or below their pooled scores' k-th highest,
     * k the comparisons required), with 0 and a threshold above all of them; sorted, distinct.
     */
    private static double[] criticalValues(Pooled pooled, double verification) {
        List<Double> values = new ArrayList<>();
        values.add(0.0);
        double highest = 0;
        for (List<Scored> kind : List.of(pooled.unknown(), pooled.known())) {
            for (Scored s : kind) {
                for (double[] scores : s.pooled()) {
                    double[] sorted = scores.clone();
                    Arrays.sort(sorted);
                    double c = sorted[sorted.length - io.siamese.app.verify.Decision.required(sorted.length, verification)];
                    values.add(c);
                    highest = Math.max(highest, c);
                }
            }
        }
        values.add(Math.min(1.0, Math.nextUp(highest)));
        return values.stream().mapToDouble(Double::doubleValue).distinct().sorted().toArray();
    }

    private static void writeCsv(Path file, List<String[]> rows) {
        StringBuilder text = new StringBuilder("test_set,thresholds_from,target,frames,threshold,far,frr,single_frame_far_at_equal_frr,unknown_sequences,known_sequences\n");
        for (String[] row : rows) text.append(String.join(",", row)).append('\n');
        AtomicFiles.writeString(file, text.toString());
    }
}
