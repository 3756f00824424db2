package io.siamese.experiments;

import io.siamese.app.verify.Decision;
import io.siamese.app.verify.Thresholds;
import io.siamese.data.DataProblems;
import io.siamese.data.DataSpec;
import io.siamese.data.Datasets;
import io.siamese.data.ImageDataset;
import io.siamese.data.ImagePreprocessor;
import io.siamese.data.SharedDatasets;
import io.siamese.model.Calibration;
import io.siamese.model.Embedding;
import io.siamese.model.ModelSpec;
import io.siamese.model.cpu.CpuAcceleration;
import io.siamese.model.OptimizerSpec;
import io.siamese.model.SiameseModel;
import io.siamese.training.Evaluation;
import io.siamese.training.GalleryProbes;
import io.siamese.training.Plots;
import io.siamese.training.Progress;
import io.siamese.training.Trainer;
import io.siamese.training.TrainingConfig;
import io.siamese.training.TrainingData;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Experiment 6: how do the original projects' two thresholds trade false accepts against false rejects?
 *
 * <p>The face-ID app compares a live face with a gallery of a person's reference photos: a reference "agrees" when
 * the pair's score reaches the detection threshold, and the face is verified when the agreeing fraction reaches the
 * verification threshold. The original projects hand-picked 0.5/0.5 or 0.99/0.8. Here galleries of test people
 * (never seen in training) are probed with their own other photos (genuine) and with everyone else's (impostor),
 * and FAR and FRR are computed over a sweep of both thresholds, with the hand-picked pairs and this project's
 * calibrated pair marked. Decisions use the app's own rule ({@link Decision}). Runtime: about 5 minutes on 2 cores
 * (mostly training the compact model; give {@code model} to reuse one). Output:
 * {@code experiments/results/Exp06ThresholdTuning/TIMESTAMP/} with {@code far.png}, {@code frr.png},
 * {@code tradeoff.png}, {@code sweep.csv} and {@code summary.md}.
 */
public final class Exp06ThresholdTuning {

    /** The original projects' hand-picked (detection, verification) pairs. */
    static final List<double[]> ORIGINAL = List.of(new double[] {0.5, 0.5}, new double[] {0.99, 0.8});

    /**
     * @param data           a data spec with identities (default: the ORL faces when present, else synthetic faces)
     * @param model          an existing model file to study, or null to train the compact preset first
     * @param spec           the model to train when {@code model} is null
     * @param training       that training run
     * @param galleryImages  references per person (the rest of the person's photos are genuine probes)
     * @param verifications  verification thresholds to sweep against the detection threshold
     * @param out            result folder, or null for a new timestamped one
     */
    public record Config(String data, Path model, ModelSpec spec, TrainingConfig training, int galleryImages,
                         List<Double> verifications, Path out) {

        public static final Config DEFAULTS = new Config(null, null, ModelSpec.compact(),
                TrainingConfig.DEFAULTS.withEpochs(12).withPairsPerEpoch(1600).withValidationPairs(600)
                        .withOptimizer(OptimizerSpec.DEFAULTS.withLearningRate(5e-4)).withSplit(0.6, 0.2).withAugmentation("both"),
                5, List.of(0.2, 0.4, 0.5, 0.6, 0.8, 1.0), null);

        public Config tiny() {
            return new Config(data, model, spec, training.withEpochs(1).withPairsPerEpoch(32).withValidationPairs(20), 2, verifications, out);
        }

        public Config withData(String spec) {
            return new Config(spec, model, this.spec, training, galleryImages, verifications, out);
        }

        public Config withOut(Path folder) {
            return new Config(data, model, spec, training, galleryImages, verifications, folder);
        }
    }

    /** FAR and FRR of one (detection, verification) pair. */
    record Rates(double detection, double verification, double far, double frr) {
    }

    private Exp06ThresholdTuning() {
    }

    public static void main(String[] args) {
        // First, before ND4J loads: the oneDNN build and DL4J helpers when this CPU can run them.
        CpuAcceleration.configure();
        System.out.println(run(Config.DEFAULTS, Progress.NONE).jsonLine());
    }

    public static ExperimentResult run(Config config, Progress progress) {
        // 1. Setup. The data: the ORL faces when they are here, otherwise the synthetic faces (the summary says which).
        String data = config.data() != null ? config.data()
                : SharedDatasets.orlFaces().map(p -> "identities:" + p).orElse("synthetic");
        DataProblems problems = new DataProblems();
        ImageDataset all = Datasets.open(DataSpec.parse(data), problems);
        Path folder = Results.folder("Exp06ThresholdTuning", config.out());
        ExperimentRecord record = ExperimentRecord.start("Exp06ThresholdTuning", folder, config,
                config.model() != null ? "none: an existing model" : "none: " + config.training().epochs() + " epochs");
        TrainingConfig training = config.training();
        ImageDataset.Split split = all.split(training.trainFraction(), training.validationFraction(), training.seed());

        // 2. Model: the given one, or the compact preset trained on the training people and calibrated on validation people.
        SiameseModel model;
        if (config.model() != null) {
            model = SiameseModel.load(config.model());
        } else {
            ModelSpec spec = config.spec();
            model = new Trainer(folder.resolve("run"), training).progress(progress).train(spec, new TrainingData(split.train(), split.validation(),
                    new ImagePreprocessor(spec.height(), spec.width(), spec.channels()), data), false).model();
        }
        ImagePreprocessor preprocessor = new ImagePreprocessor(model.spec().height(), model.spec().width(), model.spec().channels());

        // 3. Galleries of test people: each person's first photos are the references, the rest are genuine probes,
        // and every photo of every other test person is an impostor probe. Each photo is embedded once.
        Map<String, List<Embedding>> byPerson = Evaluation.embeddingsByIdentity(model, split.test().images(), preprocessor, problems);
        GalleryProbes probes = GalleryProbes.of(model, byPerson, config.galleryImages());
        List<double[]> genuine = probes.genuine(), impostor = probes.impostor();
        if (!probes.usable()) {
            throw new io.siamese.data.DatasetException("threshold tuning needs test people with more than " + config.galleryImages()
                    + " photos and at least two test people; " + data + " gives " + byPerson.size() + " test people");
        }

        // 4. Sweep: detection threshold 0.00..1.00 against each verification threshold.
        int steps = 101;
        double[] detections = new double[steps];
        for (int i = 0; i < steps; i++) detections[i] = i / 100.0;
        List<double[]> fars = new ArrayList<>(), frrs = new ArrayList<>();
        List<String> names = new ArrayList<>();
        List<Rates> sweep = new ArrayList<>();
        for (double v : config.verifications()) {
            double[] far = new double[steps], frr = new double[steps];
            for (int i = 0; i < steps; i++) {
                Rates r = rates(genuine, impostor, new Thresholds(detections[i], v));
                far[i] = r.far();
                frr[i] = r.frr();
                sweep.add(r);
            }
            fars.add(far);
            frrs.add(frr);
            names.add("verification " + v);
        }
        Plots.lines("False accept rate", "detection threshold", "FAR", detections, names, fars, folder.resolve("far.png"));
        Plots.lines("False reject rate", "detection threshold", "FRR", detections, names, frrs, folder.resolve("frr.png"));
        Plots.xy("FRR against FAR, one curve per verification threshold", "false accept rate", "false reject rate", names, fars, frrs,
                folder.resolve("tradeoff.png"));
        SweepCsv.write(folder.resolve("sweep.csv"), sweep);

        // 5. The operating points: the original projects' hand-picked pairs and this project's calibration.
        Calibration calibration = model.calibration();
        Map<String, Rates> points = new LinkedHashMap<>();
        for (double[] o : ORIGINAL) points.put("original projects " + o[0] + " / " + o[1], rates(genuine, impostor, new Thresholds(o[0], o[1])));
        points.put("calibrated " + Results.f(calibration.threshold(), 3) + " / " + Results.f(calibration.verificationFraction(), 2)
                + " (" + calibration.rule() + ")", rates(genuine, impostor, Thresholds.from(calibration)));

        // 6. Report.
        Map<String, Object> numbers = new LinkedHashMap<>();
        numbers.put("data", data);
        numbers.put("genuine_probes", genuine.size());
        numbers.put("impostor_probes", impostor.size());
        int k = 0;
        String[] keys = {"original_0.5_0.5", "original_0.99_0.8", "calibrated"};
        for (Rates r : points.values()) {
            numbers.put(keys[k] + "_far", r.far());
            numbers.put(keys[k] + "_frr", r.frr());
            k++;
        }
        Map<String, String> rows = new LinkedHashMap<>();
        points.forEach((name, r) -> rows.put(name, "FAR " + Results.pct(r.far()) + ", FRR " + Results.pct(r.frr())));
        new Results.Summary("Threshold tuning: detection and verification thresholds against false accepts and rejects",
                "How do the original projects' hand-picked thresholds (0.5/0.5, 0.99/0.8) trade false accepts against false rejects, and where does calibration put them?")
                .paragraph("Data: " + all.describe() + " (" + data + "); " + byPerson.size() + " test people never seen in training, galleries of "
                        + config.galleryImages() + " references, " + genuine.size() + " genuine and " + impostor.size() + " impostor probes. Model: "
                        + model.spec().describe() + ".")
                .table("thresholds (detection / verification)", "rates on test people", rows)
                .takeaway("Raising either threshold lowers false accepts and raises false rejects; far.png and frr.png show each against the detection threshold, tradeoff.png shows the whole trade.")
                .takeaway("A fixed 0.5 ignores how a particular model's scores are spread; the calibrated pair is chosen on validation people for a target false-accept rate, so its FAR on new people is the number to check.")
                .takeaway("sweep.csv holds every point of the sweep for other choices.")
                .write(folder);
        return record.finish(numbers);
    }

    static Rates rates(List<double[]> genuine, List<double[]> impostor, Thresholds thresholds) {
        int accepted = 0, rejected = 0;
        for (double[] s : impostor) if (Decision.decide(s, thresholds).verified()) accepted++;
        for (double[] s : genuine) if (!Decision.decide(s, thresholds).verified()) rejected++;
        return new Rates(thresholds.detection(), thresholds.verification(), (double) accepted / impostor.size(), (double) rejected / genuine.size());
    }

    /** The sweep as CSV, one row per (detection, verification) pair. */
    static final class SweepCsv {
        static void write(Path file, List<Rates> rates) {
            io.siamese.model.AtomicFiles.write(file, out -> {
                java.io.Writer writer = new java.io.OutputStreamWriter(out, java.nio.charset.StandardCharsets.UTF_8);
                try (org.apache.commons.csv.CSVPrinter printer = new org.apache.commons.csv.CSVPrinter(writer,
                        org.apache.commons.csv.CSVFormat.DEFAULT.builder().setHeader("detection", "verification", "far", "frr").get())) {
                    for (Rates r : rates) printer.printRecord(r.detection(), r.verification(), r.far(), r.frr());
                }
            });
        }

        private SweepCsv() {
        }
    }
}
