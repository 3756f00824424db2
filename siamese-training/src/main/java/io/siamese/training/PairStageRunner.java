package io.siamese.training;

import io.siamese.data.DataProblems;
import io.siamese.data.Pair;
import io.siamese.data.PairIterator;
import io.siamese.data.PairSampler;
import io.siamese.data.augment.AugmentationConfig;
import io.siamese.model.Calibration;
import io.siamese.model.SiameseModel;
import io.siamese.model.SiameseNetwork;
import org.datavec.image.transform.ImageTransform;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.dataset.api.iterator.MultiDataSetIterator;

import java.util.List;
import java.util.function.Supplier;

/**
 * The pair stage: the Siamese graph on freshly drawn balanced pairs every epoch, binary cross-entropy; impostors
 * uniformly random or partly mined with the current model ({@link TrainingConfig#negatives()}).
 */
final class PairStageRunner implements StageRunner {

    private final SiameseNetwork network;
    private final Stage stage;
    private final TrainingData data;
    private final TrainingConfig config;
    private final DataProblems problems;
    private final Supplier<ImageTransform> augmentation;

    PairStageRunner(SiameseNetwork network, Stage stage, TrainingData data, TrainingConfig config, DataProblems problems) {
        this.network = network;
        this.stage = stage;
        this.data = data;
        this.config = config;
        this.problems = problems;
        this.augmentation = AugmentationConfig.named(stage.augmentation()).factory();
    }

    @Override
    public ComputationGraph graph() {
        return network.graph();
    }

    @Override
    public int batchesPerEpoch() {
        return (stage.examplesPerEpoch() + stage.batchSize() - 1) / stage.batchSize();
    }

    @Override
    public MultiDataSetIterator epoch(int epoch) {
        HardNegativeMiner.Config negatives = config.negatives();
        // Mining needs a model that already ranks most positives above negatives: from the run's second epoch on.
        PairSampler sampler = negatives.mines() && epoch > 1
                ? HardNegativeMiner.sampler(validationModel(), data.train(), data.preprocessor(), negatives, config.epochSeed(epoch))
                : data.train().pairSampler(negatives.sameGroupFraction());
        List<Pair> pairs = sampler.sample(stage.examplesPerEpoch(), config.epochSeed(epoch));
        return new PairIterator(pairs, data.preprocessor(), stage.batchSize(), augmentation, config.epochSeed(epoch), problems);
    }

    @Override
    public SiameseModel validationModel() {
        return new SiameseModel(network, Calibration.UNCALIBRATED);
    }

    @Override
    public void save(Checkpoints checkpoints, TrainingState state) {
        checkpoints.save(network, state);
    }

    @Override
    public void planSchedule(long iterations, long maxWarmupIterations) {
        network.planSchedule(iterations, maxWarmupIterations);
    }

    @Override
    public double learningRate() {
        return network.currentLearningRate();
    }

    @Override
    public SiameseNetwork asSiamese() {
        return network;
    }
}
