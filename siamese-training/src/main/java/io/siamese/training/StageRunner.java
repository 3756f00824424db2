package io.siamese.training;

import io.siamese.model.SiameseModel;
import io.siamese.model.SiameseNetwork;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.dataset.api.iterator.MultiDataSetIterator;

/**
 * What the trainer needs of a stage's network, whatever it trains: the graph to fit, an epoch's data, the model
 * validation scores, and how to checkpoint it. {@link Trainer} runs every stage through this one interface.
 */
interface StageRunner {

    /** The graph {@code fit} trains. */
    ComputationGraph graph();

    /** Batches in one epoch. */
    int batchesPerEpoch();

    /** One epoch's data, seeded by the epoch so a resumed run redraws it exactly. */
    MultiDataSetIterator epoch(int epoch);

    /** The Siamese model the validation pairs (and any custom validator) score after an epoch. */
    SiameseModel validationModel();

    /** Writes this epoch's checkpoint. */
    void save(Checkpoints checkpoints, TrainingState state);

    /**
     * Plans the stage's learning-rate schedule over this many updates, its warm-up at most
     * {@code maxWarmupIterations} (an epoch: a budget that later shortens the plan must not find the first epoch
     * spent warming up for a longer one).
     */
    void planSchedule(long iterations, long maxWarmupIterations);

    /** The learning rate of the next update. */
    double learningRate();

    /**
     * The stage's result as a Siamese network: the network itself after pair training, the tower with a fitted head
     * after pretraining. Called on the stage's best epoch's runner.
     */
    SiameseNetwork asSiamese();
}
