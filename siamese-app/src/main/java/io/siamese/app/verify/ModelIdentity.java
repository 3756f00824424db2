package io.siamese.app.verify;

import io.siamese.model.Json;
import io.siamese.model.SiameseModel;
import io.siamese.model.SiameseNetwork;
import org.nd4j.linalg.api.concurrency.AffinityManager;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Collections;
import java.util.HexFormat;
import java.util.Map;
import java.util.WeakHashMap;

/**
 * What makes two models embed an image alike: a SHA-256 of the model's shape (its {@code ModelSpec} as JSON) and of
 * the embedding tower's parameters as stored (data type and little-endian bytes). The head, the optimizer state and
 * the calibration do not change embeddings and are left out, so a recalibrated model keeps its cached reference
 * embeddings. Computed once per network (about 2 ms for the compact preset, a few hundred for Koch's 39 M
 * parameters) and remembered while the network lives; a network whose weights change afterwards (training) must not
 * be asked again.
 */
public final class ModelIdentity {

    private static final Map<SiameseNetwork, String> KNOWN = Collections.synchronizedMap(new WeakHashMap<>());
    private static final int CHUNK = 1 << 20;

    private ModelIdentity() {
    }

    /** {@code sha256:HEX} of the model's spec and tower parameters. */
    public static String of(SiameseModel model) {
        return KNOWN.computeIfAbsent(model.network(), ModelIdentity::compute);
    }

    private static String compute(SiameseNetwork network) {
        MessageDigest sha = sha256();
        sha.update(Json.writeCompact(network.spec()).getBytes(StandardCharsets.UTF_8));
        INDArray all = network.graph().params();
        long n = network.towerParameterCount();
        // The tower's parameters are the first n of the flat parameter vector; hashed in place when it is one whole buffer.
        INDArray flat = !all.isView() && all.offset() == 0 && all.ordering() == 'c' ? all : all.dup('c');
        Nd4j.getAffinityManager().ensureLocation(flat, AffinityManager.Location.HOST);
        sha.update(flat.dataType().name().getBytes(StandardCharsets.UTF_8));
        ByteBuffer bytes = flat.data().asNio().order(ByteOrder.LITTLE_ENDIAN);
        long length = n * flat.dataType().width();
        bytes.position(0).limit((int) length);
        while (bytes.hasRemaining()) {
            ByteBuffer slice = bytes.duplicate();
            slice.limit(Math.min(bytes.limit(), bytes.position() + CHUNK));
            sha.update(slice);
            bytes.position(slice.limit());
        }
        return "sha256:" + HexFormat.of().formatHex(sha.digest());
    }

    /** A SHA-256 digest (every JVM has one). */
    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this JVM has no SHA-256", e);
        }
    }
}
