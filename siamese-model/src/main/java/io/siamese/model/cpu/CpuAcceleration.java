package io.siamese.model.cpu;

import io.siamese.model.MaxPoolingVertexImpl;
import org.bytedeco.javacpp.Loader;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.graph.vertex.GraphVertex;
import org.deeplearning4j.nn.layers.convolution.ConvolutionLayer;
import org.deeplearning4j.nn.layers.convolution.subsampling.SubsamplingLayer;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.nativeblas.Nd4jCpu;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Switches Deeplearning4j's CPU path to oneDNN when this machine and the classpath allow it.
 *
 * <p>Out of the box, DL4J 1.0.0-M2.1 runs convolutions as im2col plus matrix multiplication in many small ND4J
 * operations, about 4x slower than PyTorch on the Koch network. Its oneDNN layer helpers are off twice over:
 * a system property disables them, and the class they look up was renamed (see {@link Nd4jCpu}). With a oneDNN
 * build of {@code nd4j-native} and both fixed, the Koch network trains about 4x faster, at 90-95 % of PyTorch's
 * throughput on 2 cores (measurements in {@code docs/performance.md}).
 *
 * <p>Use it in two steps:
 * <pre>{@code
 * public static void main(String[] args) {
 *     CpuAcceleration.configure();          // first thing: before any ND4J or DL4J class loads
 *     ...
 *     CpuAcceleration.verify(graph);        // after the network exists: logs which path really runs
 * }
 * }</pre>
 *
 * <p>{@link #configure()} reads the CPU's flags from {@code /proc/cpuinfo} and picks the best oneDNN build that the
 * CPU can run <em>and</em> that is on the classpath ({@code org.nd4j:nd4j-native:1.0.0-M2.1} with classifier
 * {@code linux-x86_64-onednn-avx512} or {@code linux-x86_64-onednn-avx2}). Only then does it set
 * {@code org.bytedeco.javacpp.platform.extension} and enable the helpers; otherwise it pins the plain build and
 * leaves the helpers off, because the helpers on the plain build are much slower than no helpers. A build for
 * instructions the CPU lacks makes ND4J exit the JVM, so the flags are checked first. The system property {@value #SWITCH_PROPERTY} or the
 * environment variable {@value #SWITCH_ENV} set to {@code off} turns all of this off; {@code avx2} or {@code avx512}
 * asks for one build (still only if the CPU and classpath allow it); {@code auto} is the default.
 *
 * <p>Training stays in NCHW: with the oneDNN helper, NHWC convolutions gave wrong weight gradients.
 */
public final class CpuAcceleration {

    /** System property that switches acceleration: {@code auto} (default), {@code off}, {@code avx2}, {@code avx512}. */
    public static final String SWITCH_PROPERTY = "siamese.acceleration";
    /** Environment variable with the same meaning as {@link #SWITCH_PROPERTY}; the property wins when both are set. */
    public static final String SWITCH_ENV = "SIAMESE_ACCELERATION";

    static final String EXTENSION_PROPERTY = "org.bytedeco.javacpp.platform.extension";
    static final String HELPERS_DISABLED_PROPERTY = "org.eclipse.deeplearning4j.helpers.disable";
    static final String PLATFORM = "linux-x86_64";
    private static final String NATIVE_LIBRARY_FOLDER = "org/nd4j/linalg/cpu/nativecpu/bindings/";
    private static final String PLAIN_LIBRARY_RESOURCE = NATIVE_LIBRARY_FOLDER + PLATFORM + "/libnd4jcpu.so";
    private static final Path CPUINFO = Path.of("/proc/cpuinfo");
    private static final Logger log = LoggerFactory.getLogger(CpuAcceleration.class);

    private static Decision configured;

    private CpuAcceleration() {
    }

    /** What the switch asks for. */
    enum Setting {
        AUTO, OFF, AVX2, AVX512;

        static Setting parse(String value) {
            if (value == null || value.isBlank()) return AUTO;
            return switch (value.trim().toLowerCase(Locale.ROOT)) {
                case "auto", "on", "true" -> AUTO;
                case "off", "false", "no", "0", "plain" -> OFF;
                case "avx2" -> AVX2;
                case "avx512" -> AVX512;
                default -> throw new IllegalArgumentException(SWITCH_ENV + " (or -D" + SWITCH_PROPERTY + ") must be auto, off, avx2 or avx512, got '" + value + "'");
            };
        }
    }

    /** A oneDNN build of nd4j-native: its JavaCPP platform extension and the CPU flags its code needs. */
    enum Binary {
        // libnd4j's AVX-512 build targets Skylake-X: it refuses to start without all five AVX-512 subsets.
        AVX512("-onednn-avx512", Set.of("avx", "avx2", "fma", "avx512f", "avx512vl", "avx512bw", "avx512dq", "avx512cd")),
        // libnd4j's AVX2 build checks avx and avx2; fma is asked too because the build may use it and every AVX2 CPU has it.
        AVX2("-onednn-avx2", Set.of("avx", "avx2", "fma"));

        final String extension;
        final Set<String> requiredFlags;

        Binary(String extension, Set<String> requiredFlags) {
            this.extension = extension;
            this.requiredFlags = requiredFlags;
        }

        /** The Maven classifier of the jar that holds this build. */
        String classifier() {
            return PLATFORM + extension;
        }

        /** A resource inside that jar: present on the classpath exactly when the jar is. */
        String nativeLibraryResource() {
            return NATIVE_LIBRARY_FOLDER + classifier() + "/libnd4jcpu.so";
        }

        static Binary forExtension(String extension) {
            for (Binary b : values()) if (b.extension.equals(extension)) return b;
            return null;
        }
    }

    /**
     * What {@link #configure()} chose.
     *
     * @param accelerated true when a oneDNN build and the DL4J helpers were switched on
     * @param classifier  the nd4j-native classifier chosen, for example {@code linux-x86_64-onednn-avx2}, or
     *                    {@code plain} when not accelerated
     * @param reason      one sentence: why this choice
     */
    public record Decision(boolean accelerated, String classifier, String reason) {
        public Decision {
            Objects.requireNonNull(classifier, "classifier");
            Objects.requireNonNull(reason, "reason");
        }

        static Decision plain(String reason) {
            return new Decision(false, "plain", reason);
        }

        static Decision oneDnn(Binary binary, String reason) {
            return new Decision(true, binary.classifier(), reason);
        }

        Binary binary() {
            return accelerated ? Binary.forExtension(classifier.substring(PLATFORM.length())) : null;
        }
    }

    /**
     * What {@link #verify(ComputationGraph)} found after ND4J started.
     *
     * @param nativeBuild        the folder of the loaded ND4J native library, for example {@code linux-x86_64-onednn-avx2}
     * @param oneDnnBuild        true when that library was built with oneDNN
     * @param convolutionLayers  convolution layers in the graph
     * @param convolutionHelpers how many of them have a helper (oneDNN) attached
     * @param poolingLayers      DL4J pooling layers in the graph (none since the tower pools in vertices)
     * @param poolingHelpers     how many of them have a helper attached
     * @param poolingVertices    {@link MaxPoolingVertexImpl} vertices in the graph: libnd4j's own pooling loop, never oneDNN
     * @param threads            ND4J's OpenMP thread count
     */
    public record Report(String nativeBuild, boolean oneDnnBuild, int convolutionLayers, int convolutionHelpers,
                         int poolingLayers, int poolingHelpers, int poolingVertices, int threads) {

        /** True when every convolution runs through oneDNN. */
        public boolean accelerated() {
            return oneDnnBuild && convolutionLayers > 0 && convolutionHelpers == convolutionLayers;
        }

        /** One line for logs and benchmark output. */
        public String describe() {
            String helpers = "helpers on " + convolutionHelpers + "/" + convolutionLayers + " convolution"
                    + (poolingLayers > 0 ? " and " + poolingHelpers + "/" + poolingLayers + " pooling layers" : " layers")
                    + (poolingVertices > 0 ? ", " + poolingVertices + " max-pooling vertices on libnd4j's own loop" : "")
                    + ", " + threads + " OpenMP threads";
            return (accelerated() ? "oneDNN" : "plain") + " (nd4j-native " + nativeBuild + "), " + helpers;
        }
    }

    /**
     * Reads the switch, the CPU flags and the classpath, and sets the JavaCPP and DL4J system properties for the
     * chosen path. Call it first thing in {@code main}, before any ND4J class loads; later calls return the first
     * decision unchanged. It loads no ND4J class itself.
     */
    public static synchronized Decision configure() {
        if (configured != null) return configured;
        Setting setting = Setting.parse(System.getProperty(SWITCH_PROPERTY, System.getenv(SWITCH_ENV)));
        ClassLoader loader = Objects.requireNonNullElse(Thread.currentThread().getContextClassLoader(), CpuAcceleration.class.getClassLoader());
        Predicate<String> onClasspath = resource -> loader.getResource(resource) != null;
        String presetExtension = System.getProperty(EXTENSION_PROPERTY);
        Decision decision = decide(setting, System.getProperty("os.name", ""), System.getProperty("os.arch", ""),
                readCpuFlags(), onClasspath, presetExtension);
        apply(decision, presetExtension == null && onClasspath.test(PLAIN_LIBRARY_RESOURCE));
        log.debug("CPU acceleration: {} ({})", decision.classifier(), decision.reason());
        configured = decision;
        return decision;
    }

    /** The decision of {@link #configure()}, or {@code null} when it has not run in this JVM. */
    public static synchronized Decision configured() {
        return configured;
    }

    /**
     * Checks which path the layers of a graph really take, logs it in one line and returns it. A mismatch with what
     * {@link #configure()} chose (usually: it ran after ND4J had already loaded) is logged as a warning.
     */
    public static Report verify(ComputationGraph graph) {
        int convolutions = 0, convolutionHelpers = 0, poolings = 0, poolingHelpers = 0, poolingVertices = 0;
        for (Layer layer : graph.getLayers()) {
            if (layer instanceof ConvolutionLayer c) {
                convolutions++;
                if (c.getHelper() != null) convolutionHelpers++;
            } else if (layer instanceof SubsamplingLayer s) {
                poolings++;
                if (s.getHelper() != null) poolingHelpers++;
            }
        }
        for (GraphVertex vertex : graph.getVertices()) {
            if (vertex instanceof MaxPoolingVertexImpl) poolingVertices++;
        }
        Report report = new Report(nativeBuild(), Nd4jCpu.Environment.getInstance().isOneDnnBuild(), convolutions, convolutionHelpers,
                poolings, poolingHelpers, poolingVertices, threads());
        Decision decision = configured();
        if (decision != null && decision.accelerated() && !report.oneDnnBuild()) {
            log.warn("CPU path: {}; {} was chosen, so CpuAcceleration.configure() probably ran after ND4J had loaded", report.describe(), decision.classifier());
        } else if (decision != null && decision.accelerated() && !report.accelerated()) {
            log.warn("CPU path: {}; some layers have no oneDNN helper: -D{} is {} or their data type is not supported", report.describe(),
                    HELPERS_DISABLED_PROPERTY, System.getProperty(HELPERS_DISABLED_PROPERTY, "unset (true)"));
        } else if (!report.oneDnnBuild() && (report.convolutionHelpers() > 0 || report.poolingHelpers() > 0)) {
            log.warn("CPU path: {}; helpers on the plain build are slow: remove -D{}=false or add a oneDNN nd4j-native jar", report.describe(), HELPERS_DISABLED_PROPERTY);
        } else {
            String why = decision == null ? "CpuAcceleration.configure() was not called" : decision.reason();
            log.info("CPU path: {} ({})", report.describe(), why);
        }
        return report;
    }

    /**
     * The choice itself, free of side effects so that tests can feed it sample machines.
     *
     * @param setting         what the switch asks for
     * @param osName          {@code os.name}
     * @param osArch          {@code os.arch}
     * @param cpuFlags        the CPU's flags (lower case), empty when unknown
     * @param onClasspath     whether a classpath resource exists
     * @param presetExtension a JavaCPP platform extension already set on the command line, or null
     */
    static Decision decide(Setting setting, String osName, String osArch, Set<String> cpuFlags, Predicate<String> onClasspath,
                           String presetExtension) {
        if (setting == Setting.OFF) return Decision.plain("switched off by " + SWITCH_ENV + "=off");
        boolean linuxX64 = osName.toLowerCase(Locale.ROOT).startsWith("linux") && (osArch.equals("amd64") || osArch.equals("x86_64"));
        if (!linuxX64) return Decision.plain("oneDNN builds are used on " + PLATFORM + " only, this is " + osName + " " + osArch);
        if (presetExtension != null && !presetExtension.isBlank()) {
            Binary preset = Binary.forExtension(presetExtension.trim());
            if (preset == null) return Decision.plain(EXTENSION_PROPERTY + "=" + presetExtension + " was set on the command line and is not a oneDNN build this program knows");
            List<Binary> only = List.of(preset);
            Decision d = pick(only, cpuFlags, onClasspath);
            return d.accelerated() ? new Decision(true, d.classifier(), "set on the command line; " + d.reason()) : d;
        }
        if (cpuFlags.isEmpty()) return Decision.plain("the CPU flags could not be read from " + CPUINFO);
        List<Binary> candidates = switch (setting) {
            case AVX512 -> List.of(Binary.AVX512);
            case AVX2 -> List.of(Binary.AVX2);
            default -> List.of(Binary.AVX512, Binary.AVX2);
        };
        return pick(candidates, cpuFlags, onClasspath);
    }

    private static Decision pick(List<Binary> candidates, Set<String> cpuFlags, Predicate<String> onClasspath) {
        List<String> refusals = new ArrayList<>();
        for (Binary binary : candidates) {
            Set<String> missing = new LinkedHashSet<>(binary.requiredFlags);
            missing.removeAll(cpuFlags);
            if (!missing.isEmpty()) {
                refusals.add("the CPU lacks " + String.join(", ", missing.stream().sorted().toList()) + " for " + binary.classifier());
            } else if (!onClasspath.test(binary.nativeLibraryResource())) {
                refusals.add("nd4j-native:" + binary.classifier() + " is not on the classpath");
            } else {
                return Decision.oneDnn(binary, "the CPU has " + String.join(", ", binary.requiredFlags.stream().sorted().toList())
                        + " and nd4j-native:" + binary.classifier() + " is on the classpath");
            }
        }
        return Decision.plain(String.join("; ", refusals));
    }

    /**
     * The CPU flags that every processor listed in a {@code /proc/cpuinfo} text has (the {@code flags} lines of x86
     * Linux), in lower case. Empty when there is no such line.
     */
    static Set<String> parseCpuFlags(String cpuinfo) {
        Set<String> common = null;
        for (String line : cpuinfo.split("\n")) {
            int colon = line.indexOf(':');
            if (colon < 0 || !line.substring(0, colon).trim().equals("flags")) continue;
            Set<String> flags = new LinkedHashSet<>(Arrays.asList(line.substring(colon + 1).trim().toLowerCase(Locale.ROOT).split("\\s+")));
            flags.remove("");
            if (common == null) common = flags;
            else common.retainAll(flags);
        }
        return common == null ? Set.of() : Set.copyOf(common);
    }

    private static Set<String> readCpuFlags() {
        try {
            return Files.isReadable(CPUINFO) ? parseCpuFlags(Files.readString(CPUINFO, StandardCharsets.US_ASCII)) : Set.of();
        } catch (IOException | RuntimeException e) {
            log.debug("cannot read {}: {}", CPUINFO, e.toString());
            return Set.of();
        }
    }

    /**
     * The system properties a decision sets. Without an explicit extension JavaCPP loads the first oneDNN build it
     * finds on the classpath (measured: with the jars present and no property, the AVX2 oneDNN build loads), so the
     * plain path pins the plain build with an empty extension when that build is on the classpath and the command line
     * did not choose one. Helpers enabled on the command line are turned off again on the plain path: without a
     * oneDNN build they run libnd4j's generic convolution, slower than DL4J's own path.
     *
     * @param decision           the decision
     * @param pinPlainBuild      true when the plain build is on the classpath and no extension was set
     * @param helpersDisabledNow the current value of {@value #HELPERS_DISABLED_PROPERTY}, or null
     */
    static Map<String, String> systemProperties(Decision decision, boolean pinPlainBuild, String helpersDisabledNow) {
        Map<String, String> properties = new LinkedHashMap<>();
        if (decision.accelerated()) {
            properties.put(EXTENSION_PROPERTY, decision.binary().extension);
            properties.put(HELPERS_DISABLED_PROPERTY, "false");
            return properties;
        }
        if (pinPlainBuild) properties.put(EXTENSION_PROPERTY, "");
        if ("false".equalsIgnoreCase(helpersDisabledNow)) properties.put(HELPERS_DISABLED_PROPERTY, "true");
        return properties;
    }

    private static void apply(Decision decision, boolean pinPlainBuild) {
        Map<String, String> properties = systemProperties(decision, pinPlainBuild, System.getProperty(HELPERS_DISABLED_PROPERTY));
        if (properties.containsKey(HELPERS_DISABLED_PROPERTY) && !decision.accelerated()) {
            log.warn("DL4J helpers were enabled on the command line but no oneDNN build is in use ({}); turned them off", decision.reason());
        }
        properties.forEach(System::setProperty);
    }

    private static String nativeBuild() {
        Map<String, String> loaded = Loader.getLoadedLibraries();
        String path = loaded.get("nd4jcpu");
        if (path == null) return "not loaded";
        Path parent = Path.of(path).getParent();
        return parent == null ? path : parent.getFileName().toString();
    }

    private static int threads() {
        Object threads = Nd4j.getExecutioner().getEnvironmentInformation().get("omp.threads");
        return threads == null ? Nd4j.getEnvironment().maxThreads() : Integer.parseInt(threads.toString());
    }
}
