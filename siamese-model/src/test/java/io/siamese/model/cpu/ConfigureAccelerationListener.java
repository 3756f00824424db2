package io.siamese.model.cpu;

import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.LauncherSessionListener;

/**
 * Calls {@link CpuAcceleration#configure()} when the test session opens, before any test class loads ND4J, the way
 * an application calls it first thing in {@code main}. With the oneDNN jar on this module's test classpath and an
 * AVX2 CPU, every test of this module then runs on the oneDNN helpers; {@code SIAMESE_ACCELERATION=off} runs them on
 * the plain path. Registered in {@code META-INF/services}.
 */
public final class ConfigureAccelerationListener implements LauncherSessionListener {

    @Override
    public void launcherSessionOpened(LauncherSession session) {
        CpuAcceleration.configure();
    }
}
