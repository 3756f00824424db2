package io.siamese.training;

import io.siamese.data.DataProblems;
import io.siamese.data.ImageDataset;
import io.siamese.data.ImageRef;
import io.siamese.data.Pair;
import io.siamese.data.PrefetchingIterator;
import io.siamese.data.ValidationPairs;
import io.siamese.model.Calibration;
import io.siamese.model.Embedding;
import io.siamese.model.Json;
import io.siamese.model.ModelSpec;
import io.siamese.model.ScoreCohort;
import io.siamese.model.SiameseModel;
import io.siamese.model.cpu.NativeMemory;
import io.siamese.model.SiameseNetwork;
import io.siamese.model.TowerClassifier;
import io.siamese.model.cpu.CpuAcceleration;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.optimize.api.BaseTrainingListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Random;
import java.util.function.BiConsumer;

/**
 * Trains a Siamese network and never loses more than the epoch in progress.
 *
 * <p>A run is a sequence of stages ({@link TrainingConfig#stages()}): optionally the tower pretrained as a classifier
 * of the training identities, then the Siamese graph on pairs. Every stage runs the same loop through a
 * {@link StageRunner}, and the next stage starts from the best epoch of the one before. Each epoch fits the stage's
 * data (fresh balanced pairs, or every training image, seeded by the run seed and the epoch number), scores the fixed
 * validation pairs, and writes: a checkpoint {@code RUN/checkpoints/epoch-NNN.zip}
 * (network, optimizer state, counters, metrics history, configuration, seeds), {@code RUN/metrics.csv}, and the
 * curves {@code RUN/curves.png}, {@code RUN/roc.png}, {@code RUN/scores.png}. With {@code resume}, training continues
 * from the newest readable checkpoint with the same epoch numbering and optimizer state, falling back past a
 * truncated or corrupt one, in whichever stage it stopped. With a time budget each stage gets its share, and after
 * its first epoch a stage is re-planned to the epochs that fit, so its learning-rate schedule ends where it ends. At
 * the end the last stage's best weights are calibrated on the validation split and saved as {@code RUN/model.zip},
 * which the app and {@code verify} load.
 */
public final class Trainer {

    private static final Logger log = LoggerFactory.getLogger(Trainer.class);
    /**
     * Resident-memory growth (MiB) over which a training iteration runs a garbage collection: arrays made outside
     * DL4J's workspaces hold native memory until one finds them.
     */
    static final double RELEASE_GROWTH_MB = 512;
    /** The selection metric when no {@link EpochValidator} is given. */
    public static final String DEFAULT_SELECTION = "validation_auc";

    private final Path runDir;
    private final TrainingConfig config;
    private Progress progress = Progress.NONE;
    private EpochValidator validator;
    private EpochListener epochListener = (state, metrics) -> { };
    private Instant deadline;
    private boolean override;
    private SiameseNetwork initialTower;
    private String initialTowerSource;

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
     * On resume, apply this trainer's configuration from the next epoch where it differs from the run's (recorded in
     * the run's {@code config.json} and checkpoints with that epoch). Without it a resume refuses any change but a
     * larger number of epochs. The seed and the split are never changed.
     */
    public Trainer override(boolean apply) {
        this.override = apply;
        return this;
    }

    /**
     * Transfer learning: a new run's first stage starts from {@code network}'s tower weights (batch-normalisation
     * statistics included) instead of random ones; its head and optimizer start afresh. A resumed run continues from
     * its checkpoint and ignores this. {@code source} (a file name, say) is written in the run's {@code config.json};
     * {@code null} network: random weights.
     */
    public Trainer initialTower(SiameseNetwork network, String source) {
        this.initialTower = network;
        this.initialTowerSource = network == null ? null : source;
        return this;
    }

    /**
     * A time budget: no epoch is started that would, at the pace of the stage's latest epochs (their median), end after
     * {@code newDeadline}.
     * The run then finishes as if stopped early (best weights, calibration, model file), after at least one epoch.
     * A stage's first epoch plans the stage from the pace of its first batches ({@link EarlyPlan}).
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
     *                            resuming a run of a different model shape, seed or split, or (without
     *                            {@link #override}) of another training configuration
     */
    public TrainingResult train(ModelSpec spec, TrainingData data, boolean resume) {
        if (config.soup() > 1) return trainSoup(spec, data, resume);
        Checkpoints checkpoints = new Checkpoints(runDir, config.keepLast());
        DataProblems problems = new DataProblems();
        TrainingConfig cfg = config;
        Optional<Checkpoints.Restored> restored = resume ? checkpoints.newestValid() : Optional.empty();
        if (!resume && !checkpoints.epochs().isEmpty()) {
            throw new RunFolderException("run folder " + runDir + " already has checkpoints; resume it (--resume) or choose another run folder");
        }
        String selection = validator == null ? DEFAULT_SELECTION : validator.name();
        // The stages validate, select and mine without test-time shift averaging (five times the tower passes, and the
        // development measurement that chose it selected epochs without it) or zoom (measured the same way); the final
        // model embeds with the whole spec.
        ModelSpec trainingSpec = spec.forTraining();
        TrainingState state;
        StageRunner runner = null;
        if (restored.isPresent()) {
            Checkpoints.Restored r = restored.get();
            if (!r.state().spec().equals(spec)) {
                throw new RunFolderException("cannot resume " + runDir + ": it trains " + r.state().spec().describe() + ", not " + spec.describe());
            }
            TrainingState saved = r.state();
            TrainingConfig asked = config;
            ConfigDiff diff = ConfigDiff.between(saved.config(), asked);
            if (!diff.fixed().isEmpty()) {
                throw new RunFolderException("cannot resume " + runDir + " with another seed or split, which chose its people and pairs: "
                        + String.join("; ", diff.fixed()));
            }
            List<ConfigChange> changes = new ArrayList<>(saved.changes());
            if (override && !diff.changed().isEmpty()) {
                // The asked configuration applies from the next epoch, and the change is recorded with that epoch.
                if (asked.stages().size() != saved.config().stages().size()) {
                    throw new RunFolderException("cannot resume " + runDir + " with another number of stages (pretraining turned on or off)");
                }
                cfg = asked;
                changes.add(new ConfigChange(saved.epoch() + 1, diff.changed(), cfg));
                log.info("from epoch {} on, the run's configuration changes: {}", saved.epoch() + 1, String.join("; ", diff.changed()));
            } else {
                if (!diff.changed().isEmpty()) {
                    throw new RunFolderException("cannot resume " + runDir + " with a changed training configuration unless told to (--override): "
                            + String.join("; ", diff.changed()));
                }
                // The run continues with its configuration; only the number of epochs (and the score cohort) may change.
                cfg = saved.config().withEpochs(config.epochs()).withScoreCohort(config.scoreCohort());
            }
            Stage current = cfg.stages().get(saved.stage());
            boolean lastPairStage = saved.stage() == cfg.stages().size() - 1 && current.kind() == Stage.Kind.PAIRS;
            state = saved.withConfig(cfg, changes, lastPairStage ? Math.max(saved.stageEpochs(), cfg.epochs()) : saved.stageEpochs());
            SiameseNetwork network = r.network();
            TowerClassifier classifier = r.classifier();
            if (!cfg.stages().get(saved.stage()).optimizer().equals(saved.config().stages().get(saved.stage()).optimizer())) {
                if (network != null) network = network.withOptimizer(current.optimizer());
                if (classifier != null) classifier = classifier.withOptimizer(current.optimizer());
            }
            runner = runner(current, network, classifier, trainingSpec, data, cfg, problems);
            log.info("resuming {} after epoch {} (stage {}) from {}", runDir, state.epoch(), cfg.stages().get(state.stage()).name(), r.path().getFileName());
        } else {
            if (resume) log.info("no usable checkpoint in {}; starting a new run", checkpoints.folder());
            if (initialTower == null && cfg.stages().get(0).optimizer().frozenBlocks() > 0) {
                throw new IllegalArgumentException("the first stage freezes " + cfg.stages().get(0).optimizer().frozenBlocks()
                        + " convolution blocks, which would keep their random weights: start the tower from a trained one (--init)");
            }
            state = new TrainingState(0, List.of(), 0, Double.NEGATIVE_INFINITY, selection, cfg, spec, data.description(), 0, 1,
                    cfg.stages().get(0).epochs());
        }
        List<Stage> stages = cfg.stages();
        // A resumed run keeps the record of where its tower started.
        String towerSource = restored.isPresent() ? previousInitialTower() : initialTowerSource;
        Json.write(runDir.resolve("config.json"), new RunInfo(spec, cfg, stages, data.description(), towerSource, cfg.seed(), state.epoch(),
                state.changes(), RunInfo.currentVersions(), Instant.now().toString()));
        log.info("model {}", spec.describe());
        log.info("data {} | train {} | validation {}", data.description(), data.train().describe(), data.validation().describe());
        log.info("stages: {}", stages.stream().map(s -> s.name() + " " + s.epochs() + " epochs").toList());
        if (restored.isEmpty() && initialTower != null) log.info("tower initialised from {}", initialTowerSource);

        List<Pair> validationPairs = validationPairs(data.validation(), cfg);
        int resumedFrom = state.epoch();
        boolean stoppedEarly = false;
        boolean budgetSpent = false;
        for (int index = state.stage(); index < stages.size() && !budgetSpent; index++) {
            Stage stage = stages.get(index);
            if (index > state.stage() || state.epochsInStage() == 0) {
                // A new stage starts from the best network of the one before (or from scratch).
                SiameseNetwork handOver = runner == null ? null : best(checkpoints, runner, state, trainingSpec, data, cfg, problems).asSiamese();
                state = state.startStage(index);
                runner = runner(stage, handOver, null, trainingSpec, data, cfg, problems);
            }
            if (index == 0 && state.epochsInStage() == 0) CpuAcceleration.verify(runner.graph());
            Instant stageDeadline = stageDeadline(stages, index);
            int batches = runner.batchesPerEpoch();
            runner.planSchedule((long) state.stageEpochs() * batches, batches);
            int stageStartedAt = state.epoch();
            while (!state.stageDone()) {
                if (stageDeadline != null && state.epoch() > stageStartedAt) {
                    // Re-plan the stage to what fits in its share of the budget at the pace of its latest epochs
                    // (their median: one slow epoch does not cut it; a cut grows back when the pace recovers), so
                    // that the learning-rate schedule still ends where the stage ends.
                    int firstEpoch = state.stageFirstEpoch();
                    double[] stageSeconds = state.history().stream().filter(m -> m.epoch() >= firstEpoch).mapToDouble(EpochMetrics::seconds).toArray();
                    double secondsLeft = Duration.between(Instant.now(), stageDeadline).toMillis() / 1000.0;
                    int fit = EarlyPlan.replanned(state.epochsInStage(), stageSeconds, secondsLeft, stage.epochs());
                    if (fit != state.stageEpochs()) {
                        log.info("time budget: stage {} planned for {} epochs instead of {} (an epoch takes {})", stage.name(), fit,
                                state.stageEpochs(), formatSeconds(EarlyPlan.pace(stageSeconds)));
                        state = state.withStageEpochs(fit);
                        runner.planSchedule((long) fit * batches, batches);
                        if (state.stageDone()) break;
                    }
                }
                int epoch = state.epoch() + 1;
                long start = System.nanoTime();
                int total = state.epoch() - state.epochsInStage() + state.stageEpochs();
                double learningRate = runner.learningRate();
                LossListener listener = new LossListener(epoch, total, batches, start);
                EarlyPlan plan = null;
                if (stageDeadline != null && state.epochsInStage() == 0) {
                    // The first epoch of a stage under a budget: plan the stage from the pace of its first batches,
                    // so that the warm-up and the decay are those of the epochs that fit, not of the configured ones.
                    plan = new EarlyPlan(runner, stageDeadline, batches, state.stageEpochs());
                    listener.probe(EarlyPlan.probeBatches(batches), plan::planFrom);
                }
                runner.graph().setListeners(listener);
                // Batches are prepared on one long-lived thread, not on a new thread of DL4J's every epoch.
                runner.graph().fit(new PrefetchingIterator(runner.epoch(epoch)));
                runner.graph().setListeners();
                if (plan != null && plan.planned() > 0 && plan.planned() < state.stageEpochs()) {
                    log.info("time budget: stage {} planned for {} epochs instead of {} from the pace of its first batches",
                            stage.name(), plan.planned(), state.stageEpochs());
                    state = state.withStageEpochs(plan.planned());
                }

                SiameseModel model = runner.validationModel();
                Evaluation.Scored scored = Evaluation.score(model, validationPairs, data.preprocessor(), problems);
                Metrics.Confusion c = Metrics.confusion(scored.scores(), scored.genuine(), 0.5);
                double auc = Metrics.rocAuc(scored.scores(), scored.genuine());
                double value = validator == null ? auc : validator.evaluate(model);
                EpochMetrics metrics = new EpochMetrics(epoch, listener.meanLoss(), Metrics.binaryCrossEntropy(scored.scores(), scored.genuine()),
                        c.precision(), c.recall(), c.accuracy(), c.f1(), auc, Metrics.equalErrorRate(scored.scores(), scored.genuine()).rate(),
                        value, learningRate, (System.nanoTime() - start) / 1e9, problems.count(), stage.name());
                boolean better = value > state.bestSelection();
                state = state.after(metrics);
                runner.save(checkpoints, state);
                // The epoch's garbage arrays are collected and their native memory goes back to the kernel: resident
                // memory stays flat over epochs and folds.
                NativeMemory.release();
                MetricsCsv.write(runDir.resolve("metrics.csv"), state.history());
                Plots.curves(state.history(), runDir.resolve("curves.png"));
                log.info(String.format(Locale.ROOT, "epoch %d/%d %s  loss %.4f  val_loss %.4f  precision %.3f  recall %.3f  accuracy %.3f  auc %.3f  eer %.3f  %s %.4f%s  lr %.2e  %.1fs  ETA %s",
                        epoch, total, stage.name(), metrics.trainLoss(), metrics.validationLoss(), metrics.precision(), metrics.recall(),
                        metrics.accuracy(), auc, metrics.eer(), selection, value, better ? " (best)" : "", learningRate, metrics.seconds(),
                        formatSeconds(metrics.seconds() * (total - epoch))));
                epochListener.epochDone(state, metrics);
                if (state.stageDone() && state.epochsInStage() < state.stageEpochs()) {
                    log.info("early stopping: no better {} for {} epochs in stage {} (best {} at epoch {})", selection,
                            stage.earlyStoppingPatience(), stage.name(), state.bestSelection(), state.bestEpoch());
                    stoppedEarly = true;
                }
            }
            if (state.endedByBudget()) stoppedEarly = true;
            // A stage that ended at its planned epochs after the whole budget ran out leaves no time for the next.
            if (deadline != null && Instant.now().isAfter(deadline)) budgetSpent = true;
        }
        if (state.epoch() == 0) throw new IllegalStateException("no epoch was trained: epochs (" + cfg.epochs() + ") is not above the resumed epoch");
        SiameseNetwork result = best(checkpoints, runner, state, trainingSpec, data, cfg, problems).asSiamese().withInferenceSpec(spec);
        return finish(result, state.config(), state.history(), state.bestEpoch(), data, validationPairs, problems, resumedFrom, stoppedEarly);
    }

    /**
     * A soup ({@link TrainingConfig#soup()}): each member is a whole run of the configuration with seed
     * {@code seed + k} in {@code RUN/member-(k+1)} (its own checkpoints, metrics and calibrated model, resumable like any
     * run), from the same starting tower; then the members' final networks are averaged weight for weight
     * ({@link SiameseNetwork#average}) and the soup is calibrated on the validation pairs into {@code RUN/model.zip}.
     * A time budget is shared: each member gets an equal part of what is left when it starts.
     */
    private TrainingResult trainSoup(ModelSpec spec, TrainingData data, boolean resume) {
        int n = config.soup();
        String towerSource = resume ? previousInitialTower() : initialTowerSource;
        Json.write(runDir.resolve("config.json"), new RunInfo(spec, config, config.stages(), data.description(), towerSource, config.seed(), 0,
                List.of(), RunInfo.currentVersions(), Instant.now().toString()));
        log.info("soup of {} runs (seeds {}-{}), each in {}/member-K", n, config.seed(), config.seed() + n - 1, runDir);
        List<SiameseNetwork> members = new ArrayList<>();
        TrainingResult last = null;
        boolean stoppedEarly = false;
        for (int k = 0; k < n; k++) {
            Path memberDir = runDir.resolve("member-" + (k + 1));
            Instant now = Instant.now();
            Instant memberDeadline = deadline == null ? null : now.plusMillis(Math.max(0, Duration.between(now, deadline).toMillis()) / (n - k));
            boolean resumeMember = resume && !new Checkpoints(memberDir, config.keepLast()).epochs().isEmpty();
            SiameseNetwork tower = initialTower;
            if (tower == null && towerSource != null && !resumeMember) {
                // A resumed soup whose next member has not started yet: it starts from the tower the soup recorded.
                Path file = Path.of(towerSource);
                if (!Files.isRegularFile(file)) {
                    throw new RunFolderException("soup member " + (k + 1) + " of " + runDir + " must start from the recorded tower " + towerSource + ", which is gone");
                }
                tower = SiameseModel.load(file).network();
            }
            Trainer member = new Trainer(memberDir, config.withSoup(1).withSeed(config.seed() + k)).progress(progress).validator(validator)
                    .onEpoch(epochListener).override(override).deadline(memberDeadline).initialTower(tower, towerSource);
            last = member.train(spec, data, resumeMember);
            members.add(last.model().network());
            stoppedEarly |= last.stoppedEarly();
            log.info("soup member {}/{} done: best epoch {}, validation EER {}", k + 1, n, last.bestEpoch(),
                    String.format(Locale.ROOT, "%.4f", last.validation().eer()));
        }
        SiameseNetwork soup = SiameseNetwork.average(members);
        DataProblems problems = new DataProblems();
        return finish(soup, config, last.history(), last.bestEpoch(), data, validationPairs(data.validation(), config), problems, 0, stoppedEarly);
    }

    /**
     * The fixed pairs a run validates and calibrates on: every pair of the validation images up to
     * {@link TrainingConfig#validationPairs()} ({@link ValidationPairs}). Experiments score their floors on exactly these.
     */
    public static List<Pair> validationPairs(ImageDataset validation, TrainingConfig config) {
        return ValidationPairs.of(validation, config.validationPairs(), config.seed() ^ 0x5EEDL);
    }

    /** The runner of a stage around a restored or handed-over network (a new one when both are null). */
    private StageRunner runner(Stage stage, SiameseNetwork network, TowerClassifier classifier, ModelSpec spec, TrainingData data,
                               TrainingConfig cfg, DataProblems problems) {
        return switch (stage.kind()) {
            case PAIRS -> new PairStageRunner(network != null ? network : initialised(SiameseNetwork.create(spec, stage.optimizer(), cfg.seed())),
                    stage, data, cfg, problems);
            case CLASSIFY -> {
                var classes = PretrainStageRunner.classes(data, stage);
                TowerClassifier c = classifier != null ? classifier
                        : initialised(TowerClassifier.create(spec, classes.count(), stage.featureScale(), stage.margin(), stage.optimizer(), cfg.seed()));
                yield new PretrainStageRunner(c, classes, stage, data, cfg, problems);
            }
        };
    }

    /** The initial tower named by the run folder's {@code config.json}, or null (none, or no readable record). */
    private String previousInitialTower() {
        Path file = runDir.resolve("config.json");
        try {
            return Files.isRegularFile(file) ? Json.read(file, RunInfo.class).initialTower() : null;
        } catch (RuntimeException e) {
            log.warn("{} cannot be read ({}); the resumed run's record will not name its initial tower", file, e.getMessage());
            return null;
        }
    }

    /** A new network of the first stage, with the initial tower's weights when one was given. */
    private SiameseNetwork initialised(SiameseNetwork fresh) {
        return initialTower == null ? fresh : fresh.startFrom(initialTower);
    }

    private TowerClassifier initialised(TowerClassifier fresh) {
        return initialTower == null ? fresh : fresh.startFrom(initialTower);
    }

    /** The best epoch's runner of the current stage: the live one when the last epoch was the best, else its checkpoint. */
    private StageRunner best(Checkpoints checkpoints, StageRunner last, TrainingState state, ModelSpec spec, TrainingData data,
                             TrainingConfig cfg, DataProblems problems) {
        if (state.bestEpoch() == state.epoch() || state.bestEpoch() == 0) return last;
        Checkpoints.Restored r = checkpoints.load(state.bestEpoch());
        return runner(cfg.stages().get(state.stage()), r.network(), r.classifier(), spec, data, cfg, problems);
    }

    /**
     * When stage {@code index} must end: its share of what is left of the budget, the shares of the stages still to
     * run renormalised to one. Null without a budget.
     */
    private Instant stageDeadline(List<Stage> stages, int index) {
        if (deadline == null) return null;
        double remainingShares = 0;
        for (int i = index; i < stages.size(); i++) remainingShares += stages.get(i).budgetShare();
        long millisLeft = Math.max(0, Duration.between(Instant.now(), deadline).toMillis());
        return Instant.now().plusMillis((long) (millisLeft * stages.get(index).budgetShare() / remainingShares));
    }

    private TrainingResult finish(SiameseNetwork best, TrainingConfig cfg, List<EpochMetrics> history, int bestEpoch, TrainingData data,
                                  List<Pair> validationPairs, DataProblems problems, int resumedFrom, boolean stoppedEarly) {
        SiameseModel model = new SiameseModel(best, Calibration.UNCALIBRATED);
        // The score cohort before the calibration, so that the thresholds are those of the normalised scores.
        model = model.withCohort(scoreCohort(model, data, cfg, problems));
        Evaluation.Scored scored = Evaluation.score(model, validationPairs, data.preprocessor(), problems);
        Calibration calibration = Calibrator.fromScores(scored.scores(), scored.genuine(), cfg.targetFar());
        // The validation images embedded once for the gallery and the identification thresholds.
        var byIdentity = Evaluation.embeddingsByIdentity(model, data.validation().images(), data.preprocessor(), problems);
        calibration = Calibrator.withGalleryFraction(calibration, model, byIdentity);
        calibration = Calibrator.withIdentification(calibration, model, byIdentity);
        model = model.withCalibration(calibration);
        Path modelPath = runDir.resolve("model.zip");
        model.save(modelPath);
        Json.write(runDir.resolve("calibration.json"), calibration);
        Plots.roc(Metrics.rocCurve(scored.scores(), scored.genuine()), Metrics.rocAuc(scored.scores(), scored.genuine()), runDir.resolve("roc.png"));
        Plots.scoreHistogram(scored.scores(), scored.genuine(), calibration.threshold(), runDir.resolve("scores.png"));
        Evaluation.VerificationReport report = Evaluation.verification(scored, calibration.threshold());
        log.info(String.format(Locale.ROOT, "calibrated on %d validation pairs: threshold %.4f (%s) gives FAR %.4f FRR %.4f; EER %.4f at %.4f; gallery fraction %.2f; best epoch %d -> %s",
                scored.size(), calibration.threshold(), calibration.rule(), calibration.far(), calibration.frr(), calibration.eer(),
                calibration.eerThreshold(), calibration.verificationFraction(), bestEpoch, modelPath));
        if (problems.count() > 0) log.warn("{} unreadable images were skipped during this run", problems.count());
        NativeMemory.release(); // what the calibration left, before the next run in the same process (the next fold)
        return new TrainingResult(runDir, model, modelPath, history, bestEpoch, resumedFrom, stoppedEarly, report);
    }

    /**
     * The training images of other people that normalise the final model's scores: up to
     * {@link TrainingConfig#scoreCohort()} of them, drawn with the run's seed (in a folders layout only its negatives,
     * never the person who enrols), embedded by the final model. {@link ScoreCohort#NONE} when it is 0 or there are
     * fewer than 2 such images.
     */
    static ScoreCohort scoreCohort(SiameseModel model, TrainingData data, TrainingConfig config, DataProblems problems) {
        if (config.scoreCohort() == 0) return ScoreCohort.NONE;
        List<ImageRef> candidates = new ArrayList<>();
        for (ImageRef image : data.train().images()) {
            if (data.train().layout() != ImageDataset.Layout.ANCHOR_POSITIVE_NEGATIVE || ImageDataset.NEGATIVE.equals(image.group())) {
                candidates.add(image);
            }
        }
        Collections.shuffle(candidates, new Random(config.seed() ^ 0xC0407L));
        List<ImageRef> chosen = candidates.subList(0, Math.min(config.scoreCohort(), candidates.size()));
        List<Embedding> embeddings = new ArrayList<>();
        Evaluation.embeddingsByIdentity(model, chosen, data.preprocessor(), problems).values().forEach(embeddings::addAll);
        if (embeddings.size() < 2) {
            log.warn("no score cohort: {} usable training images of other people", embeddings.size());
            return ScoreCohort.NONE;
        }
        log.info("scores normalised against {} training images of {} people", embeddings.size(),
                chosen.stream().map(ImageRef::identity).distinct().count());
        return ScoreCohort.of(embeddings);
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
        private int probeAfter;
        private double warmSeconds;
        private BiConsumer<Double, Double> probe;

        LossListener(int epoch, int epochs, int batches, long start) {
            this.epoch = epoch;
            this.epochs = epochs;
            this.batches = batches;
            this.start = start;
        }

        /**
         * Calls {@code action} with the seconds spent after {@link EarlyPlan#WARM_BATCHES} batches of this epoch and
         * after {@code afterBatches} batches, once the latter are done.
         */
        void probe(int afterBatches, BiConsumer<Double, Double> action) {
            this.probeAfter = afterBatches;
            this.probe = action;
        }

        @Override
        public void iterationDone(Model model, int iteration, int epochCount) {
            double loss = model.score();
            sum += loss;
            count++;
            double elapsed = (System.nanoTime() - start) / 1e9;
            progress.update(epoch, epochs, count, batches, loss, elapsed / count * Math.max(0, batches - count));
            if (count == EarlyPlan.WARM_BATCHES) warmSeconds = elapsed;
            if (probe != null && count == probeAfter) probe.accept(warmSeconds, elapsed);
            // Arrays made outside DL4J's workspaces (batches, augmented images) free their native memory only when a
            // garbage collection finds them, which a mostly idle heap seldom runs.
            NativeMemory.releaseIfGrown(RELEASE_GROWTH_MB);
        }

        double meanLoss() {
            return count == 0 ? Double.NaN : sum / count;
        }
    }

}
