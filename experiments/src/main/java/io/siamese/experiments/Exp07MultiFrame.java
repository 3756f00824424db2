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
import io.siamese.model.OptimizerSpec;
import io.siamese.model.SiameseModel;
import io.siamese.model.cpu.CpuAcceleration;
import io.siamese.training.Calibrator;
import io.siamese.training.Evaluation;
import io.siamese.training.GalleryProbes;
import io.siamese.training.Plots;
import io.siamese.training.Progress;
import io.siamese.training.Trainer;
import io.siamese.training.TrainingConfig;
import io.siamese.training.TrainingData;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Experiment 7: does deciding over the last N frames with a face keep strangers out better than one frame?
 *
 * <p>A household face ID names the person at the door among the people enrolled, or says <i>Unknown</i>. One lucky
 * frame of a stranger must not open the door, one blurred frame of the owner should not keep them out. The app pools
 * the last N frames with a face: a person matches when at least the verification fraction of all N x references
 * comparisons reach the detection threshold, and the model's calibration sets that threshold for each N so that the
 * false-accept rate of the whole decision (an unknown face named as anyone) meets the target on validation people.
 * This experiment measures, on people never seen in training or calibration, the false-accept rate (an unknown face
 * named as someone) and the false-reject rate (an enrolled face not named, or named wrongly) of the decision against N
 * at the calibrated thresholds, and compares each N with a single frame at the same false-reject rate.
 *
 * <p>Protocol: the AT&T/ORL faces are split by person (training, validation for calibration, test); the Yale faces
 * (uncropped photos, face found by the Haar cascade) are a second test set, all 15 people unseen. In each test set
 * every person with more than five photos is enrolled with their first five as references; every person takes a turn
 * as the unknown face against a gallery of everyone else. A "video" of a person is a sequence of that person's photos,
 * drawn with replacement (still photos are all these datasets have; real video frames are more alike, so pooling helps
 * less there). Runtime: about 10 minutes on 2 cores with the defaults (training the compact preset as experiment 3
 * does); the test runs a few batches. Output: {@code experiments/results/Exp07MultiFrame/TIMESTAMP/} with
 * {@code frames.csv}, {@code far-frr.png}, {@code det-*.png} and {@code summary.md}.
 */
public final class Exp07MultiFrame {

    /** References per enrolled person, as in the calibration. */
    static final int GALLERY_SIZE = 5;

    /**
     * @param faces         the ORL folder, or null to look in {@code ../shared/datasets/orl_faces}
     * @param yale          the Yale folder, or null: then the shared one when {@code findYale}, else none
     * @param findYale      look for the Yale faces in the shared datasets when {@code yale} is null
     * @param model         an existing model file to study instead of training one (its people may overlap ORL's test people)
     * @param spec          the model to train when {@code model} is null
     * @param training      that training run (split fractions are by person; {@code targetFar} is the target of the
     *                      identification calibration)
     * @param augmentation  augmentation preset name
     * @param frames        the numbers of frames compared, each 1 to {@link Calibration#MAX_FRAMES}
     * @param sequences     test sequences of unknown and of enrolled faces per N above one
     * @param budgetMinutes time budget for training, or null
     * @param out           result folder, or null for a new timestamped one
     */
    public record Config(Path faces, Path yale, boolean findYale, Path model, ModelSpec spec, TrainingConfig training, String augmentation,
                         List<Integer> frames, int sequences, Double budgetMinutes, Path out) {

        public static final Config DEFAULTS = new Config(null, null, true, null, ModelSpec.compact(),
                TrainingConfig.DEFAULTS.withEpochs(40).withPairsPerEpoch(1600).withValidationPairs(600)
                        .withOptimizer(OptimizerSpec.DEFAULTS.withLearningRate(1e-4)).withSplit(0.6, 0.2).withEarlyStoppingPatience(10),
                "both", List.of(1, 3, 5, 10), 3000, null, null);

        public Config {
            frames = List.copyOf(frames);
            if (frames.isEmpty() || frames.get(0) != 1) throw new IllegalArgumentException("frames must start with 1 (the single frame compared against), got " + frames);
            for (int n : frames) {
                if (n < 1 || n > Calibration.MAX_FRAMES) throw new IllegalArgumentException("frames must be 1 to " + Calibration.MAX_FRAMES + ", got " + n);
            }
            if (sequences < 1) throw new IllegalArgumentException("sequences must be >= 1, got " + sequences);
        }

        public Config tiny() {
            return new Config(faces, yale, false, model, spec, training.withEpochs(1).withPairsPerEpoch(32).withValidationPairs(40), augmentation,
                    List.of(1, 3), 200, budgetMinutes, out);
        }

        public Config withFaces(Path path) {
            return new Config(path, yale, findYale, model, spec, training, augmentation, frames, sequences, budgetMinutes, out);
        }

        public Config withYale(Path path) {
            return new Config(faces, path, findYale, model, spec, training, augmentation, frames, sequences, budgetMinutes, out);
        }

        public Config withModel(Path path) {
            return new Config(faces, yale, findYale, path, spec, training, augmentation, frames, sequences, budgetMinutes, out);
        }

        public Config withOut(Path folder) {
            return new Config(faces, yale, findYale, model, spec, training, augmentation, frames, sequences, budgetMinutes, folder);
        }

        public Config withBudgetMinutes(Double minutes) {
            return new Config(faces, yale, findYale, model, spec, training, augmentation, frames, sequences, minutes, out);
        }
    }

    /** The rates of the decision over {@code frames} frames at one pair of thresholds. */
    record Rates(int frames, double threshold, double far, double frr, int unknownSequences, int knownSequences) {
    }

    /**
     * Sequences of one test set with every person's pooled scores computed once.
     *
     * @param unknown per unknown sequence: the gallery's people and their pooled scores
     * @param known   per enrolled sequence: the same, and who it shows
     */
    record Pooled(int frames, List<Scored> unknown, List<Scored> known) {
    }

    /** One sequence's people, their pooled scores, and who it shows. */
    record Scored(String identity, List<String> people, List<double[]> pooled) {
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
        Results.writeConfig(folder, config);

        // 2. Data. Split by person: test people are never seen in training, nor in the calibration of the thresholds.
        TrainingConfig training = config.training();
        ImageDataset.Split split = all.split(training.trainFraction(), training.validationFraction(), training.seed());
        ModelSpec spec = config.spec();

        // 3. Model and 4. training: the Trainer calibrates the identification thresholds for 1 to 10 frames on the
        // validation people. A given model without them is calibrated here, on the same validation people.
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
        if (!model.calibration().identification().isCalibrated()) {
            model = model.withCalibration(Calibrator.withIdentification(model.calibration(), model,
                    Evaluation.embeddingsByIdentity(model, split.validation().images(), plain, problems)));
        }
        Calibration calibration = model.calibration();
        if (!calibration.identification().isCalibrated()) {
            throw new DatasetException("the validation people of " + faces + " cannot calibrate identification: it needs people with more than "
                    + GALLERY_SIZE + " photos and at least two validation people");
        }

        // 5. Evaluate: each test set's open-set galleries, sequences of N frames, the app's own decision at the
        // calibrated thresholds, and the single-frame trade-off for comparison.
        Map<String, ImageDataset> testSets = new LinkedHashMap<>();
        testSets.put("orl", split.test());
        if (yaleData != null) testSets.put("yale", yaleData);
        Map<String, Object> numbers = new LinkedHashMap<>();
        numbers.put("target_far", calibration.identification().targetFir());
        List<String[]> csv = new ArrayList<>();
        Results.Summary summary = new Results.Summary("Multi-frame decision: false accepts and false rejects against the number of frames",
                "Does pooling the last N frames with a face, at thresholds calibrated for the same target false-accept rate, keep strangers"
                        + " out better than one frame, without rejecting the enrolled more often?");
        summary.paragraph("Model: " + spec.describe() + ", trained on " + split.train().identities().size() + " ORL people, identification calibrated on "
                + split.validation().identities().size() + " others (" + calibration.identification().rule() + ", galleries of "
                + calibration.identification().galleryPeople() + " people, " + calibration.identification().gallerySize() + " references each)."
                + (config.model() != null ? " The model was given (" + config.model() + "): its training people are not known here." : ""));
        for (Map.Entry<String, ImageDataset> set : testSets.entrySet()) {
            String name = set.getKey();
            // ORL photos are face crops already; Yale photos show the head and background: the face is cut out first.
            ImagePreprocessor preprocessor = name.equals("orl") ? plain
                    : plain.withFaceCropper(new HaarFaceCropper(), ImagePreprocessor.MissingFace.USE_WHOLE_IMAGE);
            Map<String, List<Embedding>> byPerson = Evaluation.embeddingsByIdentity(model, set.getValue().images(), preprocessor, problems);
            GalleryProbes.OpenSet probes = GalleryProbes.openSet(model, byPerson, GALLERY_SIZE);
            if (!probes.usable()) {
                summary.paragraph(name + ": skipped, it has no person with more than " + GALLERY_SIZE + " photos and another person.");
                continue;
            }
            List<Rates> calibrated = new ArrayList<>();
            List<double[]> detFar = new ArrayList<>(), detFrr = new ArrayList<>();
            List<String> detNames = new ArrayList<>();
            Pooled single = null;
            for (int n : config.frames()) {
                Pooled pooled = pool(probes, n, config.sequences(), 104_729L * n + 17);
                if (n == 1) single = pooled;
                Rates r = rates(pooled, Thresholds.forIdentification(calibration, n));
                calibrated.add(r);
                double[][] det = tradeOff(pooled, calibration.verificationFraction());
                detFar.add(det[0]);
                detFrr.add(det[1]);
                detNames.add(n + (n == 1 ? " frame" : " frames"));
            }
            Plots.xy("FRR against FAR, " + name + " test people", "false accept rate (unknown face named)", "false reject rate", detNames, detFar, detFrr,
                    folder.resolve("det-" + name + ".png"));
            Rates one = calibrated.get(0);
            Map<String, String> rows = new LinkedHashMap<>();
            for (Rates r : calibrated) {
                // What one frame must accept to reject no more enrolled faces than N frames do.
                double singleFar = singleFrameFarAtFrr(single, calibration.verificationFraction(), r.frr());
                numbers.put(name + "_threshold_" + r.frames(), r.threshold());
                numbers.put(name + "_far_" + r.frames(), r.far());
                numbers.put(name + "_frr_" + r.frames(), r.frr());
                numbers.put(name + "_single_frame_far_at_equal_frr_" + r.frames(), singleFar);
                csv.add(new String[] {name, Integer.toString(r.frames()), Double.toString(r.threshold()), Double.toString(r.far()), Double.toString(r.frr()),
                        Double.toString(singleFar), Integer.toString(r.unknownSequences()), Integer.toString(r.knownSequences())});
                rows.put(r.frames() + (r.frames() == 1 ? " frame" : " frames") + ", threshold " + Results.f(r.threshold(), 4),
                        "FAR " + Results.pct(r.far()) + ", FRR " + Results.pct(r.frr()) + (r.frames() == 1 ? ""
                                : "; one frame at the same FRR: FAR " + (Double.isNaN(singleFar) ? "(not reached)" : Results.pct(singleFar))));
            }
            numbers.put(name + "_people", byPerson.size());
            summary.paragraph("**" + name + "**: " + byPerson.size() + " people never seen in training, " + probes.enrolled().size() + " enrolled; "
                    + one.unknownSequences() + " single frames of unknown faces and " + one.knownSequences() + " of enrolled ones; "
                    + config.sequences() + " sequences of each kind per N above one.");
            summary.table("decision (calibrated detection threshold)", "test rates", rows);
            Rates best = calibrated.get(calibrated.size() - 1);
            double singleAtBest = singleFrameFarAtFrr(single, calibration.verificationFraction(), best.frr());
            numbers.put(name + "_multi_frame_lowers_far_at_equal_or_lower_frr", !Double.isNaN(singleAtBest) && best.far() <= singleAtBest
                    && best.frr() <= one.frr());
        }
        if (csv.isEmpty()) throw new DatasetException("no test set had people with more than " + GALLERY_SIZE + " photos and another person: nothing was measured");
        Plots.lines("False accepts and rejects against frames", "frames N", "rate", config.frames().stream().mapToDouble(Integer::doubleValue).toArray(),
                seriesNames(numbers, testSets.keySet()), seriesValues(numbers, testSets.keySet(), config.frames()), folder.resolve("far-frr.png"));
        writeCsv(folder.resolve("frames.csv"), csv);

        // 6. Report.
        Map<String, String> validation = new LinkedHashMap<>();
        for (Calibration.FrameRule rule : calibration.identification().frames()) {
            if (!config.frames().contains(rule.frames())) continue;
            validation.put(rule.frames() + (rule.frames() == 1 ? " frame" : " frames"), "threshold " + Results.f(rule.threshold(), 4) + ": FAR "
                    + Results.pct(rule.fir()) + ", FRR " + Results.pct(rule.fnir()) + " (" + rule.unknownSequences() + " unknown sequences)");
        }
        summary.table("calibration on validation people", "validation rates", validation)
                .takeaway("Each N has its own threshold, chosen on validation people so that an unknown face is named at most at the target rate "
                        + Results.pct(calibration.identification().targetFir()) + "; pooling lets that threshold sit lower, because a stranger's"
                        + " lucky frame is outvoted by the others, so fewer enrolled faces are turned away at the same target.")
                .takeaway("'One frame at the same FRR' is the false-accept rate a single frame needs to turn away no more enrolled faces than N frames:"
                        + " where it is higher than the N-frame FAR, the multi-frame decision accepts fewer strangers at an equal or lower FRR.")
                .takeaway("With one frame the validation people give only a few dozen unknown faces, so a target of "
                        + Results.pct(calibration.identification().targetFir()) + " puts the threshold above every one of them: the single-frame"
                        + " rates rest on little data; sequences give thousands of draws, but from the same few photos.")
                .takeaway("A 'video' here is a sequence of a person's still photos (drawn with replacement); real video frames are more alike than"
                        + " different photos, so pooling gains less per frame there. det-*.png show the whole trade-off per N; frames.csv every number.")
                .takeaway("Absolute rates follow the model: the compact preset trained on 24 ORL people is weak (ORL EER about 25%); a better"
                        + " model lowers every curve, the comparison between N stays the method.")
                .write(folder);
        return new ExperimentResult("Exp07MultiFrame", folder, numbers);
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
     * The trade-off of one N as the detection threshold moves: {@code {far[], frr[]}}, thresholds from strict to
     * lenient over the quantiles of every pooled score, points with a FAR above one half left out.
     */
    static double[][] tradeOff(Pooled pooled, double verification) {
        double[] thresholds = candidateThresholds(pooled);
        List<double[]> points = new ArrayList<>();
        for (int i = thresholds.length - 1; i >= 0; i--) {
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
     * The lowest FAR one frame reaches with an FRR at most {@code frr} (NaN when no threshold gets there), over
     * every distinct score as threshold.
     */
    static double singleFrameFarAtFrr(Pooled single, double verification, double frr) {
        double best = Double.NaN;
        for (double t : candidateThresholds(single)) {
            Rates r = rates(single, new Thresholds(t, verification));
            if (r.frr() <= frr + 1e-12 && (Double.isNaN(best) || r.far() < best)) best = r.far();
        }
        return best;
    }

    /** Up to 400 thresholds: quantiles of the distinct pooled scores, plus 0 and just above the highest. */
    private static double[] candidateThresholds(Pooled pooled) {
        double[] all = java.util.stream.Stream.concat(pooled.unknown().stream(), pooled.known().stream())
                .flatMap(s -> s.pooled().stream()).flatMapToDouble(Arrays::stream).distinct().sorted().toArray();
        int n = Math.min(all.length, 400);
        double[] out = new double[n + 2];
        for (int i = 0; i < n; i++) out[i + 1] = all[(int) ((long) i * (all.length - 1) / Math.max(1, n - 1))];
        out[n + 1] = Math.min(1.0, Math.nextUp(all[all.length - 1]));
        return Arrays.stream(out).distinct().sorted().toArray();
    }

    private static List<String> seriesNames(Map<String, Object> numbers, Iterable<String> sets) {
        List<String> names = new ArrayList<>();
        for (String set : sets) {
            if (!numbers.containsKey(set + "_far_1")) continue;
            names.add("FAR " + set);
            names.add("FRR " + set);
        }
        return names;
    }

    private static List<double[]> seriesValues(Map<String, Object> numbers, Iterable<String> sets, List<Integer> frames) {
        List<double[]> values = new ArrayList<>();
        for (String set : sets) {
            if (!numbers.containsKey(set + "_far_1")) continue;
            for (String rate : List.of("far", "frr")) {
                values.add(frames.stream().mapToDouble(n -> ((Number) numbers.get(set + "_" + rate + "_" + n)).doubleValue()).toArray());
            }
        }
        return values;
    }

    private static void writeCsv(Path file, List<String[]> rows) {
        StringBuilder text = new StringBuilder("test_set,frames,threshold,far,frr,single_frame_far_at_equal_frr,unknown_sequences,known_sequences\n");
        for (String[] row : rows) text.append(String.join(",", row)).append('\n');
        AtomicFiles.writeString(file, text.toString());
    }
}
