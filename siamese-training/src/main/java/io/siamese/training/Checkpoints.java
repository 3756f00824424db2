package io.siamese.training;

import io.siamese.model.Calibration;
import io.siamese.model.Json;
import io.siamese.model.ModelFile;
import io.siamese.model.ModelFileException;
import io.siamese.model.SiameseNetwork;
import io.siamese.model.TowerClassifier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The checkpoints of a run: {@code RUN/checkpoints/epoch-NNN.zip}, one per epoch, each a model file (network,
 * optimizer state, epoch and iteration counters) with the {@link TrainingState} as an extra entry. Written
 * atomically; the last {@code keepLast} and the best are kept.
 */
public final class Checkpoints {

    private static final Logger log = LoggerFactory.getLogger(Checkpoints.class);
    static final String STATE_ENTRY = "training.json";
    private static final Pattern NAME = Pattern.compile("epoch-(\\d+)\\.zip");

    private final Path folder;
    private final int keepLast;

    /**
     * A checkpoint read back: the network of a pair stage, or the classifier of a pretraining stage (the other null).
     */
    public record Restored(Path path, SiameseNetwork network, TowerClassifier classifier, TrainingState state) {
        public Restored(Path path, SiameseNetwork network, TrainingState state) {
            this(path, network, null, state);
        }
    }

    public Checkpoints(Path runDir, int keepLast) {
        this.folder = runDir.resolve("checkpoints");
        this.keepLast = keepLast;
    }

    public Path folder() {
        return folder;
    }

    public Path path(int epoch) {
        return folder.resolve(String.format(Locale.ROOT, "epoch-%03d.zip", epoch));
    }

    /** Writes the checkpoint of a finished epoch, then removes old ones (never the best). */
    public Path save(SiameseNetwork network, TrainingState state) {
        Path path = path(state.epoch());
        ModelFile.write(path, network, Calibration.UNCALIBRATED, stateEntry(state));
        prune(state.bestEpoch());
        return path;
    }

    /** Writes the checkpoint of a finished pretraining epoch, then removes old ones (never the stage's best). */
    public Path save(TowerClassifier classifier, TrainingState state) {
        Path path = path(state.epoch());
        ModelFile.write(path, classifier, stateEntry(state));
        prune(state.bestEpoch());
        return path;
    }

    private static Map<String, byte[]> stateEntry(TrainingState state) {
        return Map.of(STATE_ENTRY, Json.write(state).getBytes(StandardCharsets.UTF_8));
    }

    /** Epoch numbers that have a checkpoint file, newest first. */
    public List<Integer> epochs() {
        if (!Files.isDirectory(folder)) return List.of();
        List<Integer> epochs = new ArrayList<>();
        try (Stream<Path> files = Files.list(folder)) {
            files.forEach(p -> {
                Matcher m = NAME.matcher(p.getFileName().toString());
                if (m.matches()) epochs.add(Integer.parseInt(m.group(1)));
            });
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list checkpoints in " + folder, e);
        }
        epochs.sort(Comparator.reverseOrder());
        return epochs;
    }

    /** Reads one checkpoint. */
    public Restored load(int epoch) {
        Path path = path(epoch);
        if (ModelFile.CLASSIFIER.equals(ModelFile.readHeader(path).role())) {
            ModelFile.ClassifierContents contents = ModelFile.readClassifier(path);
            return new Restored(path, null, contents.classifier(), state(path, contents.extras()));
        }
        ModelFile.Contents contents = ModelFile.read(path);
        return new Restored(path, contents.network(), null, state(path, contents.extras()));
    }

    private static TrainingState state(Path path, Map<String, byte[]> extras) {
        byte[] state = extras.get(STATE_ENTRY);
        if (state == null) throw new ModelFileException(path + " has no training state: not a checkpoint of this program");
        return Json.read(new String(state, StandardCharsets.UTF_8), TrainingState.class);
    }

    /**
     * The newest checkpoint that reads back whole. A truncated or corrupt one is reported with its name and the
     * previous one is tried.
     */
    public Optional<Restored> newestValid() {
        for (int epoch : epochs()) {
            try {
                return Optional.of(load(epoch));
            } catch (ModelFileException | IllegalArgumentException e) {
                log.warn("checkpoint {} is unusable ({}); falling back to the previous one", path(epoch), e.getMessage());
            }
        }
        return Optional.empty();
    }

    private void prune(int bestEpoch) {
        List<Integer> epochs = epochs();
        for (int i = keepLast; i < epochs.size(); i++) {
            int epoch = epochs.get(i);
            if (epoch == bestEpoch) continue;
            try {
                Files.deleteIfExists(path(epoch));
            } catch (IOException e) {
                log.warn("could not delete old checkpoint {}: {}", path(epoch), e.getMessage());
            }
        }
    }
}
