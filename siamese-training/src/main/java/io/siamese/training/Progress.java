package io.siamese.training;

/**
 * Receives progress within an epoch, so a console or window can show it with an ETA; the library itself logs one
 * line per epoch only.
 */
@FunctionalInterface
public interface Progress {

    /**
     * @param epoch        1-based epoch
     * @param epochs       total epochs of the run
     * @param batch        batches done in this epoch
     * @param batches      batches in this epoch
     * @param loss         loss of the last batch
     * @param etaSeconds   estimated seconds to the end of this epoch
     */
    void update(int epoch, int epochs, int batch, int batches, double loss, double etaSeconds);

    /** Shows nothing. */
    Progress NONE = (epoch, epochs, batch, batches, loss, eta) -> { };
}
