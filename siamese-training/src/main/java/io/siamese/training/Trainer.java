package io.siamese.training;

import io.siamese.data.DataProblems;
import io.siamese.data.ImagePreprocessor;
import io.siamese.data.Pair;
import io.siamese.data.PairIterator;
import io.siamese.data.augment.AugmentationConfig;
import io.siamese.model.Calibration;
import io.siamese.model.Json;
import io.siamese.model.ModelSpec;
import io.siamese.model.OptimizerSpec;
import io.siamese.model.SiameseModel;
import io.siamese.model.SiameseNetwork;
import io.siamese.model.cpu.CpuAcceleration;
import org.deeplearning4j.nn.api.Model;
import org.datavec.image.transform.ImageTransform;
import org.deeplearning4j.optimize.api.BaseTrainingListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Trains a Siamese network and never loses more than the epoch in progress.
 *
 * <p>Each epoch draws fresh balanced pairs from the training split (seeded by the run seed and the epoch number),
 * fits them in batches, scores the fixed validation pairs, and writes: a checkpoint {@code RUN/checkpoints/epoch-NNN.zip}
 * (network, optimizer state, counters, metrics history, configuration, seeds), {@code RUN/metrics.csv}, and the
 * curves {@code RUN/curves.png}, {@code RUN/roc.png}, {@code RUN/scores.png}. With {@code resume}, training continues
 * from the newest readable checkpoint with the same epoch numbering and optimizer state, falling back past a
 * truncated or corrupt one. At the end the best epoch's weights are calibrated on the validation split and saved as
 * {@code RUN/model.zip}, which the app and {@code verify} load.
 */
public final class Trainer {

    private static final Logger log = LoggerFactory.getLogger(Trainer.class);
    /** The selection metric when no {@link EpochValidator} is given. */
    public static final String DEFAULT_SELECTION = "validation_auc";

    private final Path runDir;
    private final TrainingConfig config;
    private Progress progress = Progress.NONE;
    private EpochValidator validator;
    private EpochListener epochListener = (state, metrics) -> { };
    private Instant deadline;

    /** Called after every epoch's files are written (a live chart window, for example). */
    @FunctionalInterface
    public interface EpochListener {
        void epochDone(TrainingState state, EpochMetrics metrics);
    }

    public Trainer(Path runDir, TrainingConfig config) {
        this.runDir = runDir;
        this.config = config;
    }

    public Trainer progress(Progress newProgress) {
        this.progress = newProgress;
        return this;
    }

    public Trainer validator(EpochValidator newValidator) {
        this.validator = newValidator;
        return this;
    }

    public Trainer onEpoch(EpochListener listener) {
        this.epochListener = listener;
        return this;
    }

    /**
     * A time budget: no epoch is started that would, at the pace of the last one, end after {@code newDeadline}.
     * The run then finishes as if stopped early (best weights, calibration, model file), after at least one epoch.
     * {@code null} removes the deadline.
     */
    public Trainer deadline(Instant newDeadline) {
        this.deadline = newDeadline;
        return this;
    }

    /**
     * Trains (or, with {@code resume}, continues) a run.
     *
     * @throws RunFolderException when the run folder already has checkpoints and {@code resume} is false, or when
     *                            resuming a run of a different model shape
     */
    public TrainingResult train(ModelSpec spec, TrainingData data, boolean resume) {
        Checkpoints checkpoints = new Checkpoints(runDir, config.keepLast());
        DataProblems problems = new DataProblems();
        SiameseNetwork network;
        TrainingState state;
        TrainingConfig cfg = config;
        Optional<Checkpoints.Restored> restored = resume ? checkpoints.newestValid() : Optional.empty();
        if (!resume && !checkpoints.epochs().isEmpty()) {
            throw new RunFolderException("run folder " + runDir + " already has checkpoints; resume it (--resume) or choose another run folder");
        }
        String selection = validator == null ? DEFAULT_SELECTION : validator.name();
        if (restored.isPresent()) {
            Checkpoints.Restored r = restored.get();
            if (!r.state().spec().equals(spec)) {
                throw new RunFolderException("cannot resume " + runDir + ": it trains " + r.state().spec().describe() + ", not " + spec.describe());
            }
            // The run continues with the configuration it started with; only the number of epochs may grow.
            cfg = r.state().config().withEpochs(config.epochs());
            network = r.network();
            state = r.state();
            log.info("resuming {} after epoch {} from {}", runDir, state.epoch(), r.path().getFileName());
        } else {
            if (resume) log.info("no usable checkpoint in {}; starting a new run", checkpoints.folder());
            network = SiameseNetwork.create(spec, cfg.optimizer(), cfg.seed());
            state = new TrainingState(0, List.of(), 0, Double.NEGATIVE_INFINITY, selection, cfg, spec, data.description());
        }
        Json.write(runDir.resolve("config.json"), new RunInfo(spec, cfg, data.description(), cfg.seed(), state.epoch(),
                RunInfo.currentVersions(), Instant.now().toString()));
        log.info("model {}", spec.describe());
        CpuAcceleration.verify(network.graph());
        log.info("data {} | train {} | validation {}", data.description(), data.train().describe(), data.validation().describe());

        List<Pair> validationPairs = data.validation().pairSampler().sample(cfg.validationPairs(), cfg.seed() ^ 0x5EEDL);
        int resumedFrom = state.epoch();
        boolean stoppedEarly = false;
        int batches = (cfg.pairsPerEpoch() + cfg.batchSize() - 1) / cfg.batchSize();
        // From the run's configuration, so a resumed run keeps the augmentation it started with.
        Supplier<ImageTransform> augmentation = AugmentationConfig.named(cfg.augmentation()).factory();
        for (int epoch = state.epoch() + 1; epoch <= cfg.epochs(); epoch++) {
            // After one epoch of this run, the last history entry is that epoch: stop when another would overrun.
            double lastEpochSeconds = state.epoch() > resumedFrom ? state.history().get(state.history().size() - 1).seconds() : 0;
            if (deadline != null && state.epoch() > resumedFrom
                    && Instant.now().plusMillis((long) (lastEpochSeconds * 1000)).isAfter(deadline)) {
                log.info("time budget reached: stopping after epoch {} (an epoch takes {})", state.epoch(), formatSeconds(lastEpochSeconds));
                stoppedEarly = true;
                break;
            }
            long start = System.nanoTime();
            List<Pair> pairs = data.train().pairSampler().sample(cfg.pairsPerEpoch(), cfg.epochSeed(epoch));
            PairIterator iterator = new PairIterator(pairs, data.preprocessor(), cfg.batchSize(), augmentation, cfg.epochSeed(epoch), problems);
            LossListener listener = new LossListener(epoch, cfg.epochs(), batches, start);
            network.graph().setListeners(listener);
            network.graph().fit(iterator);
            network.graph().setListeners();

            SiameseModel model = new SiameseModel(network, Calibration.UNCALIBRATED);
            Evaluation.Scored scored = Evaluation.score(model, validationPairs, data.preprocessor(), problems);
            Metrics.Confusion c = Metrics.confusion(scored.scores(), scored.genuine(), 0.5);
            double auc = Metrics.rocAuc(scored.scores(), scored.genuine());
            double value = validator == null ? auc : validator.evaluate(model);
            EpochMetrics metrics = new EpochMetrics(epoch, listener.meanLoss(), Metrics.binaryCrossEntropy(scored.scores(), scored.genuine()),
                    c.precision(), c.recall(), c.accuracy(), c.f1(), auc, Metrics.equalErrorRate(scored.scores(), scored.genuine()).rate(),
                    value, learningRate(cfg.optimizer(), epoch), (System.nanoTime() - start) / 1e9, problems.count());
            List<EpochMetrics> history = new ArrayList<>(state.history());
            history.add(metrics);
            boolean better = value > state.bestSelection();
            state = new TrainingState(epoch, history, better ? epoch : state.bestEpoch(), better ? value : state.bestSelection(),
                    selection, cfg, spec, data.description());
            checkpoints.save(network, state);
            MetricsCsv.write(runDir.resolve("metrics.csv"), history);
            Plots.curves(history, runDir.resolve("curves.png"));
            log.info(String.format(Locale.ROOT, "epoch %d/%d  loss %.4f  val_loss %.4f  precision %.3f  recall %.3f  accuracy %.3f  auc %.3f  %s %.4f%s  %.1fs  ETA %s",
                    epoch, cfg.epochs(), metrics.trainLoss(), metrics.validationLoss(), metrics.precision(), metrics.recall(),
                    metrics.accuracy(), auc, selection, value, better ? " (best)" : "", metrics.seconds(),
                    formatSeconds(metrics.seconds() * (cfg.epochs() - epoch))));
            epochListener.epochDone(state, metrics);
            if (cfg.earlyStoppingPatience() > 0 && epoch - state.bestEpoch() >= cfg.earlyStoppingPatience() && epoch < cfg.epochs()) {
                log.info("early stopping: no better {} for {} epochs (best {} at epoch {})", selection, cfg.earlyStoppingPatience(),
                        state.bestSelection(), state.bestEpoch());
                stoppedEarly = true;
                break;
            }
        }
        if (state.epoch() == 0) throw new IllegalStateException("no epoch was trained: epochs (" + cfg.epochs() + ") is not above the resumed epoch");
        return finish(checkpoints, network, state, data, validationPairs, problems, resumedFrom, stoppedEarly);
    }

    private TrainingResult finish(Checkpoints checkpoints, SiameseNetwork last, TrainingState state, TrainingData data,
                                  List<Pair> validationPairs, DataProblems problems, int resumedFrom, boolean stoppedEarly) {
        SiameseNetwork best = state.bestEpoch() == state.epoch() ? last : checkpoints.load(state.bestEpoch()).network();
        SiameseModel model = new SiameseModel(best, Calibration.UNCALIBRATED);
        Evaluation.Scored scored = Evaluation.score(model, validationPairs, data.preprocessor(), problems);
        Calibration calibration = Calibrator.fromScores(scored.scores(), scored.genuine(), state.config().targetFar());
        calibration = Calibrator.withGalleryFraction(calibration, model,
                Evaluation.embeddingsByIdentity(model, data.validation().images(), data.preprocessor(), problems));
        calibration = Calibrator.withIdentification(calibration, model, Evaluation.embeddingsByIdentity(model, data.validation().images(), data.preprocessor(), problems));
        model = model.withCalibration(calibration);
        Path modelPath = runDir.resolve("model.zip");
        model.save(modelPath);
        Json.write(runDir.resolve("calibration.json"), calibration);
        Plots.roc(Metrics.rocCurve(scored.scores(), scored.genuine()), Metrics.rocAuc(scored.scores(), scored.genuine()), runDir.resolve("roc.png"));
        Plots.scoreHistogram(scored.scores(), scored.genuine(), calibration.threshold(), runDir.resolve("scores.png"));
        Evaluation.VerificationReport report = Evaluation.verification(scored, calibration.threshold());
        log.info(String.format(Locale.ROOT, "calibrated on %d validation pairs: threshold %.4f (%s) gives FAR %.4f FRR %.4f; EER %.4f at %.4f; gallery fraction %.2f; best epoch %d -> %s",
                scored.size(), calibration.threshold(), calibration.rule(), calibration.far(), calibration.frr(), calibration.eer(),
                calibration.eerThreshold(), calibration.verificationFraction(), state.bestEpoch(), modelPath));
        if (problems.count() > 0) log.warn("{} unreadable images were skipped during this run", problems.count());
        return new TrainingResult(runDir, model, modelPath, state.history(), state.bestEpoch(), resumedFrom, stoppedEarly, report);
    }

    static double learningRate(OptimizerSpec optimizer, int epoch) {
        return optimizer.kind() == OptimizerSpec.Kind.KOCH
                ? optimizer.learningRate() * Math.pow(optimizer.decayPerEpoch(), epoch - 1)
                : optimizer.learningRate();
    }

    static String formatSeconds(double seconds) {
        long s = Math.round(seconds);
        return s >= 3600 ? String.format(Locale.ROOT, "%dh%02dm", s / 3600, (s % 3600) / 60)
                : String.format(Locale.ROOT, "%dm%02ds", s / 60, s % 60);
    }

    /** Averages batch losses and reports progress with an ETA. */
    private final class LossListener extends BaseTrainingListener {
        private final int epoch;
        private final int epochs;
        private final int batches;
        private final long start;
        private double sum;
        private int count;

        LossListener(int epoch, int epochs, int batches, long start) {
            this.epoch = epoch;
            this.epochs = epochs;
            this.batches = batches;
            this.start = start;
        }

        @Override
        public void iterationDone(Model model, int iteration, int epochCount) {
            double loss = model.score();
            sum += loss;
            count++;
            double elapsed = (System.nanoTime() - start) / 1e9;
            progress.update(epoch, epochs, count, batches, loss, elapsed / count * Math.max(0, batches - count));
        }

        double meanLoss() {
            return count == 0 ? Double.NaN : sum / count;
        }
    }

}
