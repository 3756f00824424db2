package io.siamese.model;

import java.nio.file.Path;
import java.util.Map;

/** Test helper: the same parameters under another spec (one that changes only how embeddings are read out). */
final class ModelFileRoundTrip {

    static SiameseNetwork copyWithSpec(SiameseNetwork network, ModelSpec spec, Path dir) {
        Path file = dir.resolve("copy-" + System.nanoTime() + ".zip");
        ModelFile.write(file, network, Calibration.UNCALIBRATED, Map.of());
        SiameseNetwork read = ModelFile.read(file).network();
        return SiameseNetwork.restoreForTest(spec, read);
    }

    private ModelFileRoundTrip() {
    }
}
