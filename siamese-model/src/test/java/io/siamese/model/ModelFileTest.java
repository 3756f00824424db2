package io.siamese.model;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ModelFileTest {

    @TempDir
    Path dir;

    private final ModelSpec spec = TinySpecs.tiny();

    private SiameseNetwork trainedNetwork() {
        SiameseNetwork network = SiameseNetwork.create(spec, OptimizerSpec.DEFAULTS.withLearningRate(1e-2), 11);
        for (int i = 0; i < 3; i++) {
            network.graph().fit(new INDArray[] {TinySpecs.images(spec, 4, i), TinySpecs.images(spec, 4, 100 + i)},
                    new INDArray[] {Nd4j.createFromArray(new float[][] {{1}, {0}, {1}, {0}})});
        }
        return network;
    }

    @Test
    void aLoadedModelReproducesOutputsExactly() {
        SiameseNetwork network = trainedNetwork();
        Path file = dir.resolve("model.zip");
        ModelFile.write(file, network, Calibration.UNCALIBRATED, Map.of());
        SiameseNetwork loaded = ModelFile.read(file).network();
        INDArray a = TinySpecs.images(spec, 5, 40);
        INDArray b = TinySpecs.images(spec, 5, 41);
        assertEquals(network.scorePairs(a, b), loaded.scorePairs(a, b));
        assertEquals(network.embed(a), loaded.embed(a));
        assertEquals(network.spec(), loaded.spec());
        assertEquals(network.optimizer(), loaded.optimizer());
    }

    @Test
    void optimizerStateAndCountersSurviveSoTrainingContinuesIdentically() {
        SiameseNetwork original = trainedNetwork();
        Path file = dir.resolve("model.zip");
        ModelFile.write(file, original, Calibration.UNCALIBRATED, Map.of());
        SiameseNetwork loaded = ModelFile.read(file).network();
        assertEquals(original.graph().getUpdater().getStateViewArray(), loaded.graph().getUpdater().getStateViewArray());
        assertEquals(original.graph().getConfiguration().getIterationCount(), loaded.graph().getConfiguration().getIterationCount());
        INDArray[] in = {TinySpecs.images(spec, 4, 60), TinySpecs.images(spec, 4, 61)};
        INDArray[] labels = {Nd4j.createFromArray(new float[][] {{0}, {1}, {1}, {0}})};
        original.graph().fit(in, labels);
        loaded.graph().fit(in, labels);
        assertEquals(original.graph().params(), loaded.graph().params(), "one more Adam step must give identical weights");
    }

    @Test
    void calibrationAndExtraEntriesAreKept() {
        Calibration calibration = new Calibration(0.73, "far=0.001", 0.001, 0.2, 0.08, 0.5, 0.001, 120, 480, 0.6);
        Path file = dir.resolve("model.zip");
        ModelFile.write(file, trainedNetwork(), calibration, Map.of("training.json", "{\"epoch\":3}".getBytes(StandardCharsets.UTF_8)));
        ModelFile.Contents contents = ModelFile.read(file);
        assertEquals(calibration, contents.calibration());
        assertArrayEquals("{\"epoch\":3}".getBytes(StandardCharsets.UTF_8), contents.extras().get("training.json"));
        assertEquals(spec, ModelFile.readHeader(file).spec());
        assertEquals(calibration, SiameseModel.load(file).calibration());
    }

    /**
     * A model file written before the project declared its own Jackson (by ND4J's shaded Jackson 2.13): a trained
     * tiny network with a calibration holding NaN, and the scores it gave on seeded images as float bits.
     */
    @Test
    void aModelFileWrittenByTheEarlierJacksonStillLoadsAndScoresTheSame() throws Exception {
        Path file = dir.resolve("old.zip");
        try (var in = ModelFileTest.class.getResourceAsStream("format1-jackson2.13.zip")) {
            Files.copy(java.util.Objects.requireNonNull(in, "fixture"), file);
        }
        ModelFile.Contents contents = ModelFile.read(file);
        assertEquals(spec, contents.network().spec());
        assertEquals(OptimizerSpec.DEFAULTS.withLearningRate(1e-2), contents.network().optimizer());
        assertEquals(11, contents.network().seed());
        Calibration c = contents.calibration();
        assertEquals(List.of(0.73, "far=0.001", 0.001, 0.2, 0.08, 0.5, 120L, 480L, 0.6),
                List.of(c.threshold(), c.rule(), c.far(), c.frr(), c.eer(), c.eerThreshold(), c.genuinePairs(), c.impostorPairs(), c.verificationFraction()));
        assertTrue(Double.isNaN(c.targetFar()), "NaN was written as \"NaN\"");
        float[] scores = contents.network().scorePairs(TinySpecs.images(spec, 5, 40), TinySpecs.images(spec, 5, 41)).toFloatVector();
        String[] expected = new String(contents.extras().get("expected-scores.txt"), StandardCharsets.US_ASCII).strip().split("\n");
        assertEquals(expected.length, scores.length);
        for (int i = 0; i < scores.length; i++) {
            // Within float rounding: the CPU path (plain or oneDNN) may differ between machines, the weights may not.
            assertEquals(Float.intBitsToFloat(Integer.parseUnsignedInt(expected[i], 16)), scores[i], 1e-6f, "score " + i);
        }
        assertEquals(ModelFile.readHeader(file).parameters(), contents.network().graph().numParams());
    }

    /**
     * The save path reads each array through its host buffer: a view with an offset, a strided column, a transposed
     * (column-major) view and a double array must come back with the same values in row-major order.
     */
    @Test
    void viewsAndNonContiguousArraysAreWrittenWithTheirOwnValues() throws IOException {
        INDArray base = Nd4j.linspace(1, 60, 60, DataType.FLOAT).reshape(6, 10);
        Map<String, INDArray> arrays = new LinkedHashMap<>();
        arrays.put("rows.bin", base.get(NDArrayIndex.interval(2, 5), NDArrayIndex.all()));
        arrays.put("column.bin", base.getColumn(7));
        arrays.put("transposed.bin", base.transpose());
        arrays.put("block.bin", base.get(NDArrayIndex.interval(1, 4), NDArrayIndex.interval(3, 8)));
        arrays.put("whole.bin", Nd4j.linspace(-1, 1, 17, DataType.DOUBLE));
        assertTrue(arrays.get("rows.bin").isView() && arrays.get("rows.bin").offset() > 0, "a view with an offset");
        assertTrue(arrays.get("transposed.bin").ordering() == 'f' && arrays.get("block.bin").isView(), "non-contiguous layouts");

        Path file = dir.resolve("arrays.zip");
        try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(file))) {
            zip.setMethod(ZipOutputStream.STORED);
            for (Map.Entry<String, INDArray> e : arrays.entrySet()) ModelFile.putArray(zip, e.getKey(), e.getValue());
        }
        try (ZipFile zip = new ZipFile(file.toFile())) {
            for (Map.Entry<String, INDArray> e : arrays.entrySet()) {
                INDArray original = e.getValue();
                INDArray read = ModelFile.array(zip, e.getKey(), file, original.dataType(), original.length());
                assertEquals(original.dup('c').reshape(1, original.length()), read, e.getKey());
            }
        }
        assertEquals(Nd4j.linspace(1, 60, 60, DataType.FLOAT).reshape(6, 10), base, "writing never changes the source");
    }

    @Test
    void aTruncatedFileIsRefusedWithItsName() throws IOException {
        Path file = dir.resolve("model.zip");
        ModelFile.write(file, trainedNetwork(), Calibration.UNCALIBRATED, Map.of());
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
            ch.truncate(ch.size() / 2);
        }
        ModelFileException e = assertThrows(ModelFileException.class, () -> ModelFile.read(file));
        assertTrue(e.getMessage().contains(file.toString()), e.getMessage());
    }

    @Test
    void aCorruptParameterEntryIsDetectedByItsChecksum() throws IOException {
        Path file = dir.resolve("model.zip");
        ModelFile.write(file, trainedNetwork(), Calibration.UNCALIBRATED, Map.of());
        byte[] bytes = Files.readAllBytes(file);
        int params = indexOf(bytes, "params.bin".getBytes(StandardCharsets.US_ASCII));
        bytes[params + 40] ^= 0x55; // inside the raw parameter data that follows the local header
        Files.write(file, bytes);
        ModelFileException e = assertThrows(ModelFileException.class, () -> ModelFile.read(file));
        assertTrue(e.getMessage().contains("params.bin"), e.getMessage());
    }

    @Test
    void aMissingOrForeignFileGivesAClearMessage() throws IOException {
        assertTrue(assertThrows(ModelFileException.class, () -> ModelFile.read(dir.resolve("nope.zip"))).getMessage().contains("not found"));
        Path text = Files.writeString(dir.resolve("notes.zip"), "hello");
        assertTrue(assertThrows(ModelFileException.class, () -> ModelFile.read(text)).getMessage().contains("not a model file"));
    }

    @Test
    void writesAreAtomicAndLeaveNoTemporaryFiles() throws IOException {
        Path file = dir.resolve("model.zip");
        ModelFile.write(file, trainedNetwork(), Calibration.UNCALIBRATED, Map.of());
        ModelFile.write(file, trainedNetwork(), Calibration.UNCALIBRATED, Map.of());
        try (var files = Files.list(dir)) {
            assertEquals(1, files.count());
        }
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) if (haystack[i + j] != needle[j]) continue outer;
            return i;
        }
        throw new AssertionError("not found");
    }
}
