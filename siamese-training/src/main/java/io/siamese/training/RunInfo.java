package io.siamese.training;

import io.siamese.model.ModelSpec;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code RUN/config.json}: the resolved configuration of a run, its seed and the versions that produced it, written
 * before training starts so that even a crashed run explains itself. {@code config} is the configuration in force;
 * {@code changes} lists what resumes changed, from which epoch; {@code initialTower} names where the tower's first
 * weights came from (transfer learning), null when they were random.
 */
public record RunInfo(ModelSpec spec, TrainingConfig config, java.util.List<Stage> stages, String data, String initialTower, long seed, int resumedFromEpoch,
                      java.util.List<ConfigChange> changes, Map<String, String> versions, String started) {

    /** Java, DL4J and this project's versions, and the ND4J backend when known. */
    public static Map<String, String> currentVersions() {
        Map<String, String> v = new LinkedHashMap<>();
        v.put("java", System.getProperty("java.version"));
        v.put("os", System.getProperty("os.name") + " " + System.getProperty("os.arch"));
        v.put("deeplearning4j", packageVersion(org.deeplearning4j.nn.graph.ComputationGraph.class, "1.0.0-M2.1"));
        v.put("siamese", packageVersion(RunInfo.class, "development"));
        v.put("javacpp.platform", System.getProperty("org.bytedeco.javacpp.platform.extension", "") .isEmpty()
                ? "default" : System.getProperty("org.bytedeco.javacpp.platform.extension"));
        return v;
    }

    private static String packageVersion(Class<?> type, String fallback) {
        String version = type.getPackage() == null ? null : type.getPackage().getImplementationVersion();
        return version == null ? fallback : version;
    }
}
