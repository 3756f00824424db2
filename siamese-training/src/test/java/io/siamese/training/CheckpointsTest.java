package io.siamese.training;

import io.siamese.model.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

import static org.junit.jupiter.api.Assertions.assertEquals;

class CheckpointsTest {

    @TempDir
    Path dir;

    private static final String OLD_RUN = "run-jackson2.13/";

    private Path copyOldRun() throws IOException {
        Path run = dir.resolve("run");
        for (String name : List.of("config.json", "calibration.json", "checkpoints/epoch-001.zip", "checkpoints/epoch-002.zip")) {
            Path target = run.resolve(name);
            Files.createDirectories(target.getParent());
            try (InputStream in = CheckpointsTest.class.getResourceAsStream(OLD_RUN + name)) {
                Files.copy(Objects.requireNonNull(in, name), target);
            }
        }
        return run;
    }

    /**
     * A run folder written before the project declared its own Jackson (ND4J's shaded Jackson 2.13 wrote it): two
     * epochs of {@link TinyRuns} with {@code keepLast} 1 (epoch 1 is kept as the best). Its checkpoint and config still read, and it resumes.
     */
    @Test
    void aRunWrittenByTheEarlierJacksonStillLoadsAndResumes() throws IOException {
        Path run = copyOldRun();
        TrainingConfig config = TinyRuns.config(2).withKeepLast(1);

        Checkpoints.Restored restored = new Checkpoints(run, 1).load(2);
        TrainingState state = restored.state();
        assertEquals(2, state.epoch());
        assertEquals(List.of(1, 2), state.history().stream().map(EpochMetrics::epoch).toList());
        assertEquals(1, state.bestEpoch());
        assertEquals("validation_auc", state.selectionName());
        assertEquals(config, state.config());
        assertEquals(TinyRuns.spec(), state.spec());
        assertEquals(TinyRuns.spec(), restored.network().spec());
        assertEquals(8, restored.network().graph().getConfiguration().getIterationCount(), "2 epochs of 32 pairs in batches of 8");

        RunInfo info = Json.read(run.resolve("config.json"), RunInfo.class);
        assertEquals(config, info.config());
        assertEquals("synthetic (tiny)", info.data());
        assertEquals("1.0.0-M2.1", info.versions().get("deeplearning4j"));

        TrainingResult resumed = new Trainer(run, config.withEpochs(3)).train(TinyRuns.spec(), TinyRuns.data(), true);
        assertEquals(2, resumed.resumedFrom());
        assertEquals(List.of(1, 2, 3), resumed.history().stream().map(EpochMetrics::epoch).toList());
    }
}
