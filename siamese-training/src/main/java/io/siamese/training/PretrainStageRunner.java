package io.siamese.training;

import io.siamese.data.ClassificationIterator;
import io.siamese.data.DataProblems;
import io.siamese.data.Pair;
import io.siamese.data.augment.AugmentationConfig;
import io.siamese.model.Calibration;
import io.siamese.model.SiameseModel;
import io.siamese.model.SiameseNetwork;
import io.siamese.model.TowerClassifier;
import org.datavec.image.transform.ImageTransform;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.dataset.api.iterator.MultiDataSetIterator;

import java.util.List;
import java.util.function.Supplier;

/**
 * The pretraining stage: the tower as a softmax classifier of the training identities. Validation scores the tower
 * as a Siamese network whose head is fitted on a fixed sample of training pairs ({@link HeadFit}): the same metrics
 * as the pair stage, measured on the embedding the classifier is learning.
 */
final class PretrainStageRunner implements StageRunner {

    /** Training pairs the head is fitted on (drawn once per run): enough for two numbers, few images to embed per epoch. */
    static final int HEAD_FIT_PAIRS = 400;

    private final TowerClassifier classifier;
    private final Stage stage;
    private final TrainingData data;
    private final TrainingConfig config;
    private final DataProblems problems;
    private final ClassificationIterator.Classes classes;
    private final Supplier<ImageTransform> augmentation;
    private final List<Pair> headPairs;

    PretrainStageRunner(TowerClassifier classifier, ClassificationIterator.Classes classes, Stage stage, TrainingData data,
                        TrainingConfig config, DataProblems problems) {
        if (classifier.classes() != classes.count()) {
            throw new IllegalStateException("the classifier has " + classifier.classes() + " outputs but the training data " + classes.count() + " classes");
        }
        this.classifier = classifier;
        this.stage = stage;
        this.data = data;
        this.config = config;
        this.problems = problems;
        this.classes = classes;
        this.augmentation = AugmentationConfig.named(stage.augmentation()).factory();
        this.headPairs = data.train().pairSampler().sample(HEAD_FIT_PAIRS, config.seed() ^ 0x4EADL);
    }

    /** The classes of a run's training data for a stage. */
    static ClassificationIterator.Classes classes(TrainingData data, Stage stage) {
        return ClassificationIterator.Classes.of(data.train(), stage.minImagesPerIdentity(), stage.rotations());
    }

    @Override
    public ComputationGraph graph() {
        return classifier.graph();
    }

    @Override
    public int batchesPerEpoch() {
        return (classes.imageCount() + stage.batchSize() - 1) / stage.batchSize();
    }

    @Override
    public MultiDataSetIterator epoch(int epoch) {
        return new ClassificationIterator(classes, data.preprocessor(), stage.batchSize(), augmentation, config.epochSeed(epoch), problems);
    }

    @Override
    public SiameseModel validationModel() {
        return new SiameseModel(asSiamese(), Calibration.UNCALIBRATED);
    }

    @Override
    public void save(Checkpoints checkpoints, TrainingState state) {
        checkpoints.save(classifier, state);
    }

    @Override
    public void planSchedule(long iterations, long maxWarmupIterations) {
        classifier.planSchedule(iterations, maxWarmupIterations);
    }

    @Override
    public double learningRate() {
        return classifier.currentLearningRate();
    }

    /**
     * The tower in a new Siamese network with the run's pair optimizer (fresh state) and a head fitted on the fixed
     * training pairs. The same seed and pairs give the same network, so a resumed run hands over identically.
     */
    @Override
    public SiameseNetwork asSiamese() {
        SiameseNetwork network = classifier.toSiamese(config.optimizer(), config.seed());
        HeadFit.fit(network, headPairs, data.preprocessor(), problems);
        return network;
    }
}
