package io.siamese.experiments;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class ExperimentRecordTest {

    private static void git(Path dir, String... args) throws IOException, InterruptedException {
        String[] command = new String[args.length + 5];
        command[0] = "git";
        command[1] = "-c";
        command[2] = "user.name=test";
        command[3] = "-c";
        command[4] = "user.email=test@example.org";
        System.arraycopy(args, 0, command, 5, args.length);
        Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        p.getInputStream().readAllBytes();
        assertEquals(0, p.waitFor(), String.join(" ", command));
    }

    private static boolean gitInstalled() {
        try {
            return new ProcessBuilder("git", "--version").start().waitFor() == 0;
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }

    @Test
    void aRunFromAWorkingTreeWithChangesIsMarkedSo(@TempDir Path dir) throws Exception {
        assumeTrue(gitInstalled(), "needs git");
        git(dir, "init", "-q");
        Files.writeString(dir.resolve("Code.java"), "class Code {}\n");
        git(dir, "add", "Code.java");
        git(dir, "commit", "-q", "-m", "one");
        String clean = ExperimentRecord.gitCommit(dir);
        assertTrue(clean.matches("[0-9a-f]{40}"), clean);
        Files.writeString(dir.resolve("Code.java"), "class Code { int changed; }\n");
        assertEquals(clean + "+dirty", ExperimentRecord.gitCommit(dir));
        Files.writeString(dir.resolve("results.txt"), "untracked files (results) do not count\n");
        Files.writeString(dir.resolve("Code.java"), "class Code {}\n");
        assertEquals(clean, ExperimentRecord.gitCommit(dir));
    }

    @Test
    void theReportKeepsTheMarkWhenItShortensTheCommit() {
        assertEquals("0123456789+dirty", ResultsReport.shortCommit("0123456789abcdef+dirty"));
        assertEquals("0123456789", ResultsReport.shortCommit("0123456789abcdef"));
        assertEquals("unknown", ResultsReport.shortCommit("unknown"));
    }

    @Test
    void outsideAGitTreeTheCommitIsUnknown(@TempDir Path dir) {
        assertEquals("unknown", ExperimentRecord.gitCommit(dir));
    }
}
