package io.siamese.model.cpu;

import io.siamese.model.cpu.CpuAcceleration.Binary;
import io.siamese.model.cpu.CpuAcceleration.Decision;
import io.siamese.model.cpu.CpuAcceleration.Setting;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The CPU-flag parsing and the choice of build, on sample {@code /proc/cpuinfo} texts: no ND4J involved. */
class CpuAccelerationTest {

    /** Two processors of an AMD EPYC (Milan) virtual machine: AVX2, no AVX-512. */
    static final String EPYC_AVX2 = """
            processor\t: 0
            vendor_id\t: AuthenticAMD
            cpu family\t: 25
            model name\t: AMD EPYC
            flags\t\t: fpu vme de pse tsc msr pae mce cx8 apic sep mtrr pge mca cmov pat pse36 clflush mmx fxsr sse sse2 ht syscall nx mmxext fxsr_opt pdpe1gb rdtscp lm constant_tsc rep_good nopl xtopology nonstop_tsc cpuid extd_apicid tsc_known_freq pni pclmulqdq ssse3 fma cx16 pcid sse4_1 sse4_2 x2apic movbe popcnt tsc_deadline_timer aes xsave avx f16c rdrand hypervisor lahf_lm cmp_legacy cr8_legacy abm sse4a misalignsse 3dnowprefetch osvw topoext ssbd ibrs ibpb stibp vmmcall fsgsbase tsc_adjust bmi1 avx2 smep bmi2 erms invpcid rdseed adx smap clflushopt clwb sha_ni xsaveopt xsavec xgetbv1 xsaves clzero xsaveerptr wbnoinvd arat umip pku ospke vaes vpclmulqdq rdpid fsrm
            bugs\t\t: sysret_ss_attrs spectre_v1 spectre_v2 spec_store_bypass srso
            bogomips\t: 4890.81

            processor\t: 1
            vendor_id\t: AuthenticAMD
            model name\t: AMD EPYC
            flags\t\t: fpu vme de pse tsc msr pae mce cx8 apic sep mtrr pge mca cmov pat pse36 clflush mmx fxsr sse sse2 ht syscall nx mmxext fxsr_opt pdpe1gb rdtscp lm constant_tsc rep_good nopl xtopology nonstop_tsc cpuid extd_apicid tsc_known_freq pni pclmulqdq ssse3 fma cx16 pcid sse4_1 sse4_2 x2apic movbe popcnt tsc_deadline_timer aes xsave avx f16c rdrand hypervisor lahf_lm cmp_legacy cr8_legacy abm sse4a misalignsse 3dnowprefetch osvw topoext ssbd ibrs ibpb stibp vmmcall fsgsbase tsc_adjust bmi1 avx2 smep bmi2 erms invpcid rdseed adx smap clflushopt clwb sha_ni xsaveopt xsavec xgetbv1 xsaves clzero xsaveerptr wbnoinvd arat umip pku ospke vaes vpclmulqdq rdpid fsrm
            """;

    /** One processor of an Intel Xeon (Cascade Lake) with the AVX-512 subsets libnd4j's AVX-512 build needs. */
    static final String XEON_AVX512 = """
            processor\t: 0
            vendor_id\t: GenuineIntel
            model name\t: Intel(R) Xeon(R) Platinum 8259CL CPU @ 2.50GHz
            flags\t\t: fpu vme de pse tsc msr pae mce cx8 apic sep mtrr pge mca cmov pat pse36 clflush mmx fxsr sse sse2 ss ht syscall nx pdpe1gb rdtscp lm constant_tsc rep_good nopl xtopology nonstop_tsc cpuid aperfmperf tsc_known_freq pni pclmulqdq ssse3 fma cx16 pcid sse4_1 sse4_2 x2apic movbe popcnt tsc_deadline_timer aes xsave avx f16c rdrand hypervisor lahf_lm abm 3dnowprefetch invpcid_single pti fsgsbase tsc_adjust bmi1 avx2 smep bmi2 erms invpcid mpx avx512f avx512dq rdseed adx smap clflushopt clwb avx512cd avx512bw avx512vl xsaveopt xsavec xgetbv1 xsaves ida arat pku ospke avx512_vnni
            """;

    /** An old Core 2: SSE4.1 only. */
    static final String CORE2_NO_AVX = """
            processor\t: 0
            vendor_id\t: GenuineIntel
            model name\t: Intel(R) Core(TM)2 Duo CPU     E8400  @ 3.00GHz
            flags\t\t: fpu vme de pse tsc msr pae mce cx8 apic sep mtrr pge mca cmov pat pse36 clflush dts acpi mmx fxsr sse sse2 ss ht tm pbe syscall nx lm constant_tsc pni dtes64 monitor ds_cpl vmx smx est tm2 ssse3 cx16 xtpr pdcm sse4_1 xsave lahf_lm
            """;

    /** Both oneDNN jars on the classpath. */
    static final Predicate<String> BOTH_JARS = resource -> resource.contains("-onednn-avx512/") || resource.contains("-onednn-avx2/");
    static final Predicate<String> AVX2_JAR_ONLY = resource -> resource.contains("-onednn-avx2/");
    static final Predicate<String> AVX512_JAR_ONLY = resource -> resource.contains("-onednn-avx512/");
    static final Predicate<String> NO_JAR = resource -> false;

    private static Decision decide(Setting setting, String cpuinfo, Predicate<String> classpath) {
        return CpuAcceleration.decide(setting, "Linux", "amd64", CpuAcceleration.parseCpuFlags(cpuinfo), classpath, null);
    }

    @Test
    void flagsAreReadFromTheFlagsLinesOnly() {
        Set<String> flags = CpuAcceleration.parseCpuFlags(EPYC_AVX2);
        assertTrue(flags.containsAll(Set.of("avx", "avx2", "fma", "sse4_2")), flags.toString());
        assertFalse(flags.contains("avx512f"));
        assertFalse(flags.contains("spectre_v1"), "the bugs line is not a flags line");
        assertFalse(flags.contains("AuthenticAMD".toLowerCase()));
        assertTrue(CpuAcceleration.parseCpuFlags(XEON_AVX512).containsAll(Set.of("avx512f", "avx512vl", "avx512bw", "avx512dq", "avx512cd")));
        assertEquals(Set.of(), CpuAcceleration.parseCpuFlags("processor : 0\nFeatures : fp asimd evtstrm\n"), "an ARM cpuinfo has no flags line");
    }

    @Test
    void onlyFlagsThatEveryProcessorHasCount() {
        String mixed = "processor : 0\nflags : fpu avx avx2 fma avx512f\n\nprocessor : 1\nflags : fpu avx avx2 fma\n";
        assertEquals(Set.of("fpu", "avx", "avx2", "fma"), CpuAcceleration.parseCpuFlags(mixed));
    }

    @Test
    void anAvx2CpuGetsTheAvx2BuildEvenWhenTheAvx512JarIsThere() {
        Decision d = decide(Setting.AUTO, EPYC_AVX2, BOTH_JARS);
        assertTrue(d.accelerated(), d.reason());
        assertEquals("linux-x86_64-onednn-avx2", d.classifier());
        assertEquals(Binary.AVX2, d.binary());
    }

    @Test
    void anAvx512CpuPrefersTheAvx512BuildAndFallsBackToAvx2() {
        assertEquals("linux-x86_64-onednn-avx512", decide(Setting.AUTO, XEON_AVX512, BOTH_JARS).classifier());
        assertEquals("linux-x86_64-onednn-avx2", decide(Setting.AUTO, XEON_AVX512, AVX2_JAR_ONLY).classifier());
        assertEquals("linux-x86_64-onednn-avx2", decide(Setting.AVX2, XEON_AVX512, BOTH_JARS).classifier(), "avx2 can be forced on an AVX-512 CPU");
    }

    @Test
    void withoutAMatchingJarTheCpuStaysOnThePlainPathAndSaysWhy() {
        Decision d = decide(Setting.AUTO, EPYC_AVX2, AVX512_JAR_ONLY);
        assertFalse(d.accelerated());
        assertEquals("plain", d.classifier());
        assertTrue(d.reason().contains("lacks") && d.reason().contains("avx512f"), d.reason());
        assertTrue(d.reason().contains("nd4j-native:linux-x86_64-onednn-avx2 is not on the classpath"), d.reason());
        assertFalse(decide(Setting.AUTO, XEON_AVX512, NO_JAR).accelerated());
    }

    @Test
    void aCpuWithoutAvx2NeverGetsAOneDnnBuild() {
        Decision d = decide(Setting.AUTO, CORE2_NO_AVX, BOTH_JARS);
        assertFalse(d.accelerated());
        assertTrue(d.reason().contains("avx2") && d.reason().contains("fma"), d.reason());
        assertFalse(decide(Setting.AVX512, EPYC_AVX2, BOTH_JARS).accelerated(), "a forced build still needs the CPU flags");
    }

    @Test
    void theSwitchTurnsItOff() {
        Decision d = decide(Setting.OFF, XEON_AVX512, BOTH_JARS);
        assertFalse(d.accelerated());
        assertTrue(d.reason().contains("off"), d.reason());
        assertEquals(Setting.OFF, Setting.parse("off"));
        assertEquals(Setting.OFF, Setting.parse(" OFF "));
        assertEquals(Setting.AUTO, Setting.parse(null));
        assertEquals(Setting.AUTO, Setting.parse(""));
        assertEquals(Setting.AVX512, Setting.parse("avx512"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Setting.parse("fast"));
        assertTrue(e.getMessage().contains("auto, off, avx2 or avx512"), e.getMessage());
    }

    @Test
    void otherSystemsAndUnreadableFlagsStayPlain() {
        Set<String> flags = CpuAcceleration.parseCpuFlags(XEON_AVX512);
        assertFalse(CpuAcceleration.decide(Setting.AUTO, "Mac OS X", "aarch64", flags, BOTH_JARS, null).accelerated());
        assertFalse(CpuAcceleration.decide(Setting.AUTO, "Windows 11", "amd64", flags, BOTH_JARS, null).accelerated());
        assertFalse(CpuAcceleration.decide(Setting.AUTO, "Linux", "amd64", Set.of(), BOTH_JARS, null).accelerated());
        assertTrue(CpuAcceleration.decide(Setting.AUTO, "Linux", "x86_64", flags, BOTH_JARS, null).accelerated());
    }

    @Test
    void anExtensionSetOnTheCommandLineIsKeptButStillChecked() {
        Set<String> xeon = CpuAcceleration.parseCpuFlags(XEON_AVX512);
        Decision kept = CpuAcceleration.decide(Setting.AUTO, "Linux", "amd64", xeon, BOTH_JARS, "-onednn-avx2");
        assertEquals("linux-x86_64-onednn-avx2", kept.classifier(), "the user's avx2 wins over the better avx512");
        assertFalse(CpuAcceleration.decide(Setting.AUTO, "Linux", "amd64", xeon, BOTH_JARS, "-avx512").accelerated(),
                "a non-oneDNN extension gets no helpers");
        assertFalse(CpuAcceleration.decide(Setting.AUTO, "Linux", "amd64", CpuAcceleration.parseCpuFlags(EPYC_AVX2), BOTH_JARS, "-onednn-avx512")
                .accelerated(), "an extension the CPU cannot run gets no helpers");
    }

    @Test
    void theChosenBuildAndTheHelpersAreSwitchedOnTogether() {
        Decision avx2 = decide(Setting.AUTO, EPYC_AVX2, BOTH_JARS);
        assertEquals(Map.of(CpuAcceleration.EXTENSION_PROPERTY, "-onednn-avx2", CpuAcceleration.HELPERS_DISABLED_PROPERTY, "false"),
                CpuAcceleration.systemProperties(avx2, true, null));
    }

    @Test
    void thePlainPathPinsThePlainBuildAndNeverKeepsHelpersOn() {
        Decision off = decide(Setting.OFF, EPYC_AVX2, BOTH_JARS);
        assertEquals(Map.of(CpuAcceleration.EXTENSION_PROPERTY, ""), CpuAcceleration.systemProperties(off, true, null),
                "an empty extension stops JavaCPP from loading a oneDNN jar that happens to be on the classpath");
        assertEquals(Map.of(), CpuAcceleration.systemProperties(off, false, "true"), "an extension set by the user stays");
        assertEquals(Map.of(CpuAcceleration.EXTENSION_PROPERTY, "", CpuAcceleration.HELPERS_DISABLED_PROPERTY, "true"),
                CpuAcceleration.systemProperties(off, true, "false"), "helpers without a oneDNN build are turned off");
    }

    @Test
    void theResourceThatProvesAJarIsOnTheClasspathIsTheNativeLibraryInsideIt() {
        assertEquals("org/nd4j/linalg/cpu/nativecpu/bindings/linux-x86_64-onednn-avx2/libnd4jcpu.so", Binary.AVX2.nativeLibraryResource());
        assertEquals("org/nd4j/linalg/cpu/nativecpu/bindings/linux-x86_64-onednn-avx512/libnd4jcpu.so", Binary.AVX512.nativeLibraryResource());
    }
}
