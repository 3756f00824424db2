package io.siamese.model;

import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.concurrency.AffinityManager;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

/**
 * The model file: an uncompressed zip holding a JSON header (spec, optimizer, seed, calibration), DL4J's graph
 * configuration (which carries the epoch and iteration counters), the parameters and the optimizer state as raw
 * little-endian arrays, and any extra entries a caller adds (training keeps its state there).
 *
 * <p>Raw arrays instead of {@code ModelSerializer}: the Koch preset with Adam state is about 470 MB, which
 * ModelSerializer needs about 25 s to write and 11 s to read; raw arrays stream at disk speed. Every entry carries a
 * CRC that is checked on reading, and files are written to a temporary name and renamed, so a crash never leaves a
 * half-written file under the final name.
 *
 * <p>Arrays are read and written through their host memory on every backend: before a write the array is made
 * contiguous and its host copy brought up to date ({@code AffinityManager.ensureLocation(HOST)}, a no-op on the CPU
 * backend; on a GPU the device may hold newer values than the host), and after a read the host copy is marked as
 * the current one so that a GPU backend copies it to the device before use.
 */
public final class ModelFile {

    /** Bumped when the layout changes incompatibly. */
    public static final int FORMAT = 1;
    static final String HEADER = "siamese.json";
    static final String GRAPH = "graph.json";
    static final String PARAMS = "params.bin";
    static final String UPDATER = "updater.bin";
    private static final int CHUNK = 1 << 20;

    /** The JSON header of a model file. */
    public record Header(int format, ModelSpec spec, OptimizerSpec optimizer, long seed, Calibration calibration,
                         String dataType, long parameters, long updaterState) {
    }

    /** What {@link #read} returns. Extra entries are raw bytes keyed by entry name. */
    public record Contents(SiameseNetwork network, Calibration calibration, Map<String, byte[]> extras) {
    }

    private ModelFile() {
    }

    /** Writes a model with its optimizer state and extra entries, atomically. */
    public static void write(Path path, SiameseNetwork network, Calibration calibration, Map<String, byte[]> extras) {
        ComputationGraph graph = network.graph();
        INDArray params = graph.params();
        INDArray updater = graph.getUpdater() == null ? null : graph.getUpdater().getStateViewArray();
        Header header = new Header(FORMAT, network.spec(), network.optimizer(), network.seed(), calibration,
                params.dataType().name(), params.length(), updater == null ? 0 : updater.length());
        AtomicFiles.write(path, raw -> {
            try (ZipOutputStream zip = new ZipOutputStream(raw)) {
                zip.setMethod(ZipOutputStream.STORED);
                putBytes(zip, HEADER, Json.write(header).getBytes(StandardCharsets.UTF_8));
                putBytes(zip, GRAPH, graph.getConfiguration().toJson().getBytes(StandardCharsets.UTF_8));
                putArray(zip, PARAMS, params);
                if (updater != null) putArray(zip, UPDATER, updater);
                for (Map.Entry<String, byte[]> e : extras.entrySet()) putBytes(zip, e.getKey(), e.getValue());
            }
        });
    }

    /** Reads a model, its optimizer state and its extra entries; checks every entry's CRC. */
    public static Contents read(Path path) {
        if (!Files.isRegularFile(path)) throw new ModelFileException("model file not found: " + path);
        try (ZipFile zip = new ZipFile(path.toFile())) {
            Header header = Json.read(new String(bytes(zip, HEADER, path), StandardCharsets.UTF_8), Header.class);
            if (header.format() != FORMAT) {
                throw new ModelFileException(path + " has model format " + header.format() + "; this version reads format " + FORMAT);
            }
            ComputationGraphConfiguration conf = ComputationGraphConfiguration.fromJson(new String(bytes(zip, GRAPH, path), StandardCharsets.UTF_8));
            DataType dataType = DataType.valueOf(header.dataType());
            INDArray params = array(zip, PARAMS, path, dataType, header.parameters());
            SiameseNetwork network = SiameseNetwork.restore(header.spec(), header.optimizer(), header.seed(), conf, params);
            if (network.graph().numParams() != header.parameters()) {
                throw new ModelFileException(path + ": the graph has " + network.graph().numParams() + " parameters but the file holds " + header.parameters());
            }
            if (header.updaterState() > 0) {
                INDArray state = array(zip, UPDATER, path, dataType, header.updaterState());
                network.graph().getUpdater().setStateViewArray(state);
            }
            Map<String, byte[]> extras = new LinkedHashMap<>();
            Enumeration<? extends ZipEntry> entries = zip.entries();
            while (entries.hasMoreElements()) {
                String name = entries.nextElement().getName();
                if (!name.equals(HEADER) && !name.equals(GRAPH) && !name.equals(PARAMS) && !name.equals(UPDATER)) {
                    extras.put(name, bytes(zip, name, path));
                }
            }
            Calibration calibration = header.calibration() == null ? Calibration.UNCALIBRATED : header.calibration();
            return new Contents(network, calibration, extras);
        } catch (ZipException e) {
            throw new ModelFileException(path + " is truncated or not a model file (" + e.getMessage() + ")", e);
        } catch (IOException e) {
            throw new ModelFileException("cannot read model file " + path + ": " + e.getMessage(), e);
        } catch (IllegalArgumentException | IllegalStateException e) {
            if (e instanceof ModelFileException) throw e;
            throw new ModelFileException(path + " is not a valid model file: " + e.getMessage(), e);
        }
    }

    /** Reads only the header (fast: no arrays), for example to check a model's input size. */
    public static Header readHeader(Path path) {
        if (!Files.isRegularFile(path)) throw new ModelFileException("model file not found: " + path);
        try (ZipFile zip = new ZipFile(path.toFile())) {
            return Json.read(new String(bytes(zip, HEADER, path), StandardCharsets.UTF_8), Header.class);
        } catch (IOException e) {
            throw new ModelFileException(path + " is truncated or not a model file (" + e.getMessage() + ")", e);
        } catch (IllegalArgumentException e) {
            throw new ModelFileException(path + " is not a valid model file: " + e.getMessage(), e);
        }
    }

    /**
     * The array as one contiguous row-major buffer that starts at offset 0 (a view, a slice or a column-major or
     * strided array is copied), with its host memory up to date: what {@link #putArray} may read through
     * {@code data().asNio()}.
     */
    static INDArray hostCopy(INDArray a) {
        boolean whole = !a.isView() && a.ordering() == 'c' && a.data().length() == a.length() && a.offset() == 0;
        INDArray contiguous = whole ? a : a.dup('c');
        Nd4j.getAffinityManager().ensureLocation(contiguous, AffinityManager.Location.HOST);
        return contiguous;
    }

    private static void putBytes(ZipOutputStream zip, String name, byte[] data) throws IOException {
        CRC32 crc = new CRC32();
        crc.update(data);
        ZipEntry entry = storedEntry(name, data.length, crc.getValue());
        zip.putNextEntry(entry);
        zip.write(data);
        zip.closeEntry();
    }

    /** Writes one array as a stored entry of raw little-endian values in row-major order, whatever its layout. */
    static void putArray(ZipOutputStream zip, String name, INDArray array) throws IOException {
        array = hostCopy(array);
        ByteBuffer buffer = array.data().asNio().order(ByteOrder.LITTLE_ENDIAN);
        buffer.position(0).limit((int) (array.length() * array.dataType().width()));
        CRC32 crc = new CRC32();
        crc.update(buffer.duplicate());
        zip.putNextEntry(storedEntry(name, buffer.remaining(), crc.getValue()));
        byte[] chunk = new byte[CHUNK];
        while (buffer.hasRemaining()) {
            int n = Math.min(chunk.length, buffer.remaining());
            buffer.get(chunk, 0, n);
            zip.write(chunk, 0, n);
        }
        zip.closeEntry();
    }

    private static ZipEntry storedEntry(String name, long size, long crc) {
        ZipEntry entry = new ZipEntry(name);
        entry.setMethod(ZipEntry.STORED);
        entry.setSize(size);
        entry.setCompressedSize(size);
        entry.setCrc(crc);
        return entry;
    }

    private static ZipEntry entry(ZipFile zip, String name, Path path) {
        ZipEntry entry = zip.getEntry(name);
        if (entry == null) throw new ModelFileException(path + " has no entry " + name + ": not a model file of this program, or damaged");
        return entry;
    }

    private static byte[] bytes(ZipFile zip, String name, Path path) throws IOException {
        ZipEntry entry = entry(zip, name, path);
        byte[] data;
        try (InputStream in = zip.getInputStream(entry)) {
            data = in.readAllBytes();
        }
        CRC32 crc = new CRC32();
        crc.update(data);
        if (data.length != entry.getSize() || crc.getValue() != entry.getCrc()) {
            throw new ModelFileException(path + ": entry " + name + " is corrupt (size or checksum mismatch)");
        }
        return data;
    }

    /** Reads an entry written by {@link #putArray} as a row vector; checks its size and CRC. */
    static INDArray array(ZipFile zip, String name, Path path, DataType dataType, long length) throws IOException {
        ZipEntry entry = entry(zip, name, path);
        long expectedBytes = length * dataType.width();
        if (entry.getSize() != expectedBytes) {
            throw new ModelFileException(path + ": entry " + name + " has " + entry.getSize() + " bytes, expected " + expectedBytes);
        }
        INDArray array = Nd4j.createUninitialized(dataType, 1, length);
        ByteBuffer target = array.data().asNio().order(ByteOrder.LITTLE_ENDIAN);
        target.position(0).limit((int) expectedBytes);
        CRC32 crc = new CRC32();
        byte[] chunk = new byte[CHUNK];
        try (InputStream in = zip.getInputStream(entry)) {
            int n;
            while ((n = in.read(chunk)) > 0) {
                if (n > target.remaining()) throw new ModelFileException(path + ": entry " + name + " is longer than its header says");
                crc.update(chunk, 0, n);
                target.put(chunk, 0, n);
            }
        }
        if (target.hasRemaining() || crc.getValue() != entry.getCrc()) {
            throw new ModelFileException(path + ": entry " + name + " is truncated or corrupt (checksum mismatch)");
        }
        // The values were written into host memory: a GPU backend must copy them to the device before using them.
        Nd4j.getAffinityManager().tagLocation(array, AffinityManager.Location.HOST);
        return array;
    }
}
