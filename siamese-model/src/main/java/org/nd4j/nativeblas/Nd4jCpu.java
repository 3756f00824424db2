package org.nd4j.nativeblas;

import java.lang.reflect.Method;

/**
 * The class that Deeplearning4j's oneDNN layer helpers look up by name before they agree to run.
 *
 * <p>In Deeplearning4j 1.0.0-M2.1, {@code BaseMKLDNNHelper.mklDnnEnabled()} loads
 * {@code org.nd4j.nativeblas.Nd4jCpu$Environment} by reflection and calls its static {@code getInstance()} and then
 * {@code isUseMKLDNN()}. ND4J 1.0.0-M2.1 ships neither: its bindings live in
 * {@code org.nd4j.linalg.cpu.nativecpu.bindings.Nd4jCpu$Environment} and the method is called {@code isUseONEDNN()}.
 * The lookup therefore fails and every convolution and pooling helper is silently dropped. This class answers under
 * the name DL4J asks for; it has to sit in ND4J's package because that name is hard-coded in DL4J.
 *
 * <p>It answers {@code true} only when the loaded native library was really built with oneDNN: the plain
 * {@code nd4j-native} build also reports {@code isUseONEDNN() == true}, and running the helpers on it is several
 * times slower than DL4J's own path. {@code io.siamese.model.cpu.CpuAcceleration} decides when the helpers are
 * switched on at all.
 */
public final class Nd4jCpu {

    private Nd4jCpu() {
    }

    /** The environment singleton that DL4J's helpers query. */
    public static final class Environment {

        private static final String BINDINGS = "org.nd4j.linalg.cpu.nativecpu.bindings.Nd4jCpu$Environment";
        private static final String ONEDNN_BUILD_MARK = "HAVE_ONEDNN";
        private static final Environment INSTANCE = new Environment();

        private volatile Boolean oneDnnBuild;

        private Environment() {
        }

        /** The single instance, as DL4J expects from {@code getInstance()}. */
        public static Environment getInstance() {
            return INSTANCE;
        }

        /**
         * True when ND4J's native CPU environment allows oneDNN ({@code isUseONEDNN()} of the real bindings) and the
         * loaded native library was built with oneDNN. False on any other backend.
         */
        public boolean isUseMKLDNN() {
            return isOneDnnBuild() && bindingsAllowOneDnn();
        }

        /** True when the loaded ND4J native library was built with oneDNN (its build information says so). */
        public boolean isOneDnnBuild() {
            Boolean known = oneDnnBuild;
            if (known == null) {
                String buildInfo = NativeOpsHolder.getInstance().getDeviceNativeOps().buildInfo();
                known = buildInfo != null && buildInfo.contains(ONEDNN_BUILD_MARK);
                oneDnnBuild = known;
            }
            return known;
        }

        private static boolean bindingsAllowOneDnn() {
            try {
                Class<?> bindings = Class.forName(BINDINGS, true, Environment.class.getClassLoader());
                Object environment = bindings.getMethod("getInstance").invoke(null);
                Method useOneDnn = bindings.getMethod("isUseONEDNN");
                return (Boolean) useOneDnn.invoke(environment);
            } catch (ClassNotFoundException e) {
                // Not the CPU backend: there is no oneDNN to use.
                return false;
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException("cannot ask ND4J's CPU bindings whether oneDNN is enabled: " + e, e);
            }
        }
    }
}
