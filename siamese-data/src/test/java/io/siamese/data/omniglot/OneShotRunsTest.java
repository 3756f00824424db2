package io.siamese.data.omniglot;

import io.siamese.data.DatasetException;
import io.siamese.data.ImageFixtures;
import io.siamese.data.ImageRef;
import io.siamese.data.OneShotTrial;
import io.siamese.data.SharedDatasets;
import io.siamese.data.ZipImage;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class OneShotRunsTest {

    @TempDir
    Path dir;

    /**
     * A benchmark of {@code runs} runs of {@code ways} classes; test item i of run r belongs to class
     * {@code (i + r) % ways + 1}, written in the published form.
     */
    private static Map<String, byte[]> benchmark(String prefix, int runs, int ways) {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        for (int r = 1; r <= runs; r++) {
            String run = String.format(Locale.ROOT, "run%02d", r);
            StringBuilder labels = new StringBuilder();
            for (int i = 1; i <= ways; i++) {
                entries.put(prefix + run + String.format(Locale.ROOT, "/training/class%02d.png", i), ImageFixtures.png(10, r * 100L + i));
                entries.put(prefix + run + String.format(Locale.ROOT, "/test/item%02d.png", i), ImageFixtures.png(10, r * 1000L + i));
                labels.append(String.format(Locale.ROOT, "%s/test/item%02d.png %s/training/class%02d.png%n", run, i, run, (i + r) % ways + 1));
            }
            entries.put(prefix + run + "/class_labels.txt", labels.toString().getBytes(StandardCharsets.UTF_8));
        }
        return entries;
    }

    @Test
    void readsRunsFromTheZipWithTheLabelledAnswers() {
        Path zip = ImageFixtures.zip(dir.resolve("all_runs.zip"), benchmark("", 2, 4));
        List<OneShotRuns.Run> runs = OneShotRuns.read(dir);
        assertEquals(List.of("run01", "run02"), runs.stream().map(OneShotRuns.Run::name).toList());
        for (int r = 1; r <= 2; r++) {
            List<OneShotTrial> trials = runs.get(r - 1).trials();
            assertEquals(4, trials.size());
            for (int i = 1; i <= 4; i++) {
                OneShotTrial trial = trials.get(i - 1);
                assertEquals(4, trial.ways());
                assertEquals((i + r) % 4, trial.answer(), "class (i + r) % 4 + 1 is candidate (i + r) % 4");
                ImageRef match = trial.candidates().get(trial.answer());
                assertEquals(trial.query().identity(), match.identity());
                assertEquals(String.format(Locale.ROOT, "run%02d/class%02d", r, trial.answer() + 1), match.identity());
                assertEquals(String.format(Locale.ROOT, "run%02d/test/item%02d.png", r, i),
                        assertInstanceOf(ZipImage.class, trial.query().source()).entry());
            }
        }
        assertEquals(8, OneShotRuns.trials(zip).size());
        assertEquals(10, OneShotRuns.trials(zip).get(0).query().source().decode().cols());
    }

    @Test
    void readsTheExtractedFolderWithAnExtraRootTheSame() {
        benchmark("", 1, 3).forEach((name, bytes) -> ImageFixtures.write(dir.resolve("all_runs").resolve(name), bytes));
        ImageFixtures.zip(dir.resolve("nested.zip"), benchmark("all_runs/", 1, 3));
        List<OneShotTrial> fromFolder = OneShotRuns.trials(dir);
        List<OneShotTrial> fromNestedZip = OneShotRuns.trials(dir.resolve("nested.zip"));
        assertEquals(fromFolder.stream().map(OneShotTrial::answer).toList(), fromNestedZip.stream().map(OneShotTrial::answer).toList());
        assertEquals(List.of(2, 0, 1), fromFolder.stream().map(OneShotTrial::answer).toList());
    }

    @Test
    void aMalformedLabelLineNamesTheFileAndLine() {
        Map<String, byte[]> entries = benchmark("", 1, 3);
        entries.put("run01/class_labels.txt", "run01/test/item01.png run01/training/class02.png\nrun01/test/item02.png\n".getBytes());
        Path zip = ImageFixtures.zip(dir.resolve("all_runs.zip"), entries);
        DatasetException e = assertThrows(DatasetException.class, () -> OneShotRuns.read(zip));
        assertTrue(e.getMessage().contains(zip + "!/run01/class_labels.txt line 2"), e.getMessage());
    }

    @Test
    void aLabelNamingAMissingImageIsRefused() {
        Map<String, byte[]> entries = benchmark("", 1, 3);
        entries.put("run01/class_labels.txt", "run01/test/item01.png run01/training/class09.png\n".getBytes());
        DatasetException e = assertThrows(DatasetException.class,
                () -> OneShotRuns.read(ImageFixtures.zip(dir.resolve("all_runs.zip"), entries)));
        assertTrue(e.getMessage().contains("line 1") && e.getMessage().contains("class09.png"), e.getMessage());
    }

    @Test
    void aFolderWithoutRunsSaysWhatIsExpected() throws Exception {
        Files.writeString(dir.resolve("notes.txt"), "x");
        DatasetException e = assertThrows(DatasetException.class, () -> OneShotRuns.read(dir));
        assertTrue(e.getMessage().contains("all_runs.zip"), e.getMessage());
        assertThrows(DatasetException.class, () -> OneShotRuns.read(dir.resolve("absent.zip")));
    }

    @Tag("dataset")
    @Test
    void lakesTwentyRunsAsPublished() {
        Path omniglot = SharedDatasets.omniglot().orElse(null);
        Assumptions.assumeTrue(omniglot != null && Files.isRegularFile(omniglot.resolve(OneShotRuns.ARCHIVE)), "no all_runs.zip in the shared datasets");
        List<OneShotRuns.Run> runs = OneShotRuns.read(omniglot);
        assertEquals(20, runs.size());
        assertEquals("run01", runs.get(0).name());
        assertEquals("run20", runs.get(19).name());
        int trials = 0;
        for (OneShotRuns.Run run : runs) {
            assertEquals(20, run.trials().size(), run.name());
            Set<Integer> answers = new HashSet<>();
            for (OneShotTrial trial : run.trials()) {
                assertEquals(20, trial.ways());
                answers.add(trial.answer());
                trials++;
            }
            assertEquals(20, answers.size(), run.name() + ": every class is the answer once");
        }
        assertEquals(400, trials);
        // The first label line of run01 is "run01/test/item01.png run01/training/class08.png".
        OneShotTrial first = runs.get(0).trials().get(0);
        assertEquals(7, first.answer());
        assertEquals("run01/class08", first.query().identity());
        assertEquals(105, first.query().source().decode().cols());
    }
}
