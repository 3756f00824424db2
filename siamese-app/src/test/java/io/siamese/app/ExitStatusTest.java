package io.siamese.app;

import io.siamese.data.DatasetException;
import io.siamese.model.BadInputException;
import io.siamese.model.OptimizerSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ExitStatusTest {

    @TempDir
    Path dir;

    /** What a command does when it runs. */
    enum Failure { LIBRARY_BUG, BAD_INPUT, WRAPPED_BAD_INPUT, NONE }

    /** A root command with the global --verbose option, as SiameseCli and Main have. */
    @Command(name = "tool", subcommands = Work.class)
    static final class Root implements Runnable {
        @Option(names = ExitStatus.VERBOSE, scope = CommandLine.ScopeType.INHERIT)
        boolean verbose;

        @Override
        public void run() {
        }
    }

    /** A command that fails the chosen way, optionally with a run folder. */
    @Command(name = "work")
    static final class Work implements Callable<Integer>, ExitStatus.RunFolder {
        @Option(names = "--fail") Failure failure = Failure.NONE;
        @Option(names = "--run") Path run;
        @Option(names = "--lr") Double learningRate;

        @Override
        public Path runFolder() {
            return run;
        }

        @Override
        public Integer call() {
            OptimizerSpec optimizer = ExitStatus.option("--lr", OptimizerSpec.DEFAULTS, learningRate, OptimizerSpec::withLearningRate);
            return switch (failure) {
                // A real library refusal thrown from inside the work, not from an option: a bug, whatever its type.
                case LIBRARY_BUG -> optimizer.withL2(-1).hashCode();
                case BAD_INPUT -> throw new DatasetException("identities: /nowhere is not a folder");
                case WRAPPED_BAD_INPUT -> throw new IllegalStateException("prefetch thread failed",
                        new DatasetException("identities: /elsewhere is not a folder"));
                case NONE -> 0;
            };
        }
    }

    record Run(int status, String err) {
        List<String> lines() {
            return err.lines().toList();
        }

        /** The file named by the "internal error" line. */
        Path log() {
            Matcher m = Pattern.compile("(?:in|and in) (/\\S+?)\\)$").matcher(lines().get(lines().size() - 1));
            assertTrue(m.find(), err);
            return Path.of(m.group(1));
        }
    }

    private static Run run(String... args) {
        StringWriter err = new StringWriter();
        CommandLine cli = ExitStatus.install(new CommandLine(new Root()));
        cli.setErr(new PrintWriter(err, true));
        int status = cli.execute(args);
        return new Run(status, err.toString());
    }

    @Test
    void aLibraryIllegalArgumentFromInsideACommandIsExitThreeWithOneLineNamingTheTraceFile() throws Exception {
        Run run = run("work", "--fail", "LIBRARY_BUG");
        assertEquals(ExitStatus.INTERNAL_ERROR, run.status());
        assertEquals(1, run.lines().size(), run.err());
        String line = run.lines().get(0);
        assertTrue(line.startsWith("internal error: java.lang.IllegalArgumentException: l2 must be >= 0"), line);
        Path log = run.log();
        try {
            assertEquals(Path.of(System.getProperty("java.io.tmpdir")).toAbsolutePath(), log.getParent(), "no run folder: the temporary folder");
            String trace = Files.readString(log);
            assertTrue(trace.contains("command: tool work --fail LIBRARY_BUG"), trace);
            assertTrue(trace.contains("java.lang.IllegalArgumentException: l2 must be >= 0"), trace);
            assertTrue(trace.contains("at io.siamese.model.OptimizerSpec.<init>") && trace.contains("at io.siamese.app.ExitStatusTest$Work.call"), trace);
        } finally {
            Files.deleteIfExists(log);
        }
    }

    @Test
    void verbosePrintsTheStackTraceOnStandardErrorTooBeforeOrAfterTheCommandName() throws Exception {
        for (String[] args : List.of(new String[] {"--verbose", "work", "--fail", "LIBRARY_BUG"}, new String[] {"work", "--verbose", "--fail", "LIBRARY_BUG"})) {
            Run run = run(args);
            assertEquals(ExitStatus.INTERNAL_ERROR, run.status());
            assertTrue(run.err().contains("\tat io.siamese.app.ExitStatusTest$Work.call"), run.err());
            String last = run.lines().get(run.lines().size() - 1);
            assertTrue(last.startsWith("internal error: ") && last.contains("stack trace above and in "), last);
            Files.deleteIfExists(run.log());
        }
    }

    @Test
    void aCommandWithARunFolderAppendsItsTraceToErrorLogThere() throws Exception {
        Path folder = dir.resolve("run");
        Run first = run("work", "--run", folder.toString(), "--fail", "LIBRARY_BUG");
        Run second = run("work", "--run", folder.toString(), "--fail", "LIBRARY_BUG");
        assertEquals(ExitStatus.INTERNAL_ERROR, second.status());
        Path log = folder.resolve(ExitStatus.ERROR_LOG);
        assertEquals(log.toAbsolutePath(), first.log());
        String text = Files.readString(log);
        assertEquals(2, text.split("internal error at ", -1).length - 1, "both failures are kept: " + text);
        assertTrue(text.contains("at io.siamese.app.ExitStatusTest$Work.call"), text);
    }

    @Test
    void aRunFolderThatCannotHoldTheLogFallsBackToTheTemporaryFolder() throws Exception {
        Path file = Files.writeString(dir.resolve("not-a-folder"), "x");
        Run run = run("work", "--run", file.resolve("run").toString(), "--fail", "LIBRARY_BUG");
        assertEquals(ExitStatus.INTERNAL_ERROR, run.status());
        Path log = run.log();
        try {
            assertFalse(log.startsWith(dir), log.toString());
            assertTrue(Files.readString(log).contains("l2 must be >= 0"));
        } finally {
            Files.deleteIfExists(log);
        }
    }

    @Test
    void badInputIsExitTwoWithItsOwnMessageAndLeavesNoLog() {
        Path folder = dir.resolve("run");
        Run run = run("work", "--run", folder.toString(), "--fail", "BAD_INPUT");
        assertEquals(ExitStatus.BAD_INPUT, run.status());
        assertEquals(List.of("error: identities: /nowhere is not a folder"), run.lines());
        assertFalse(Files.exists(folder), "no error.log for the user's mistake");

        Run wrapped = run("work", "--fail", "WRAPPED_BAD_INPUT");
        assertEquals(ExitStatus.BAD_INPUT, wrapped.status(), "bad input found in the cause chain");
        assertEquals(List.of("error: identities: /elsewhere is not a folder"), wrapped.lines());
    }

    @Test
    void anOptionValueARecordRefusesIsBadInputNamingTheOption() {
        Run run = run("work", "--lr", "-1");
        assertEquals(ExitStatus.BAD_INPUT, run.status());
        assertEquals(List.of("error: --lr: learningRate must be in (0, 10), got -1.0"), run.lines());
        assertEquals(ExitStatus.BAD_INPUT, run("work", "--lr", "abc").status(), "a value picocli cannot convert");
        assertEquals(ExitStatus.BAD_INPUT, run("work", "--no-such-option").status());
        assertEquals(ExitStatus.OK, run("work", "--lr", "0.01").status());
    }

    @Test
    void optionTranslatesOnlyIllegalArgumentAndKeepsTheConfigWhenTheOptionIsAbsent() {
        BadInputException e = assertThrows(BadInputException.class, () -> ExitStatus.option("--optimizer", () -> OptimizerSpec.named("sgd")));
        assertEquals("--optimizer: unknown optimizer 'sgd'; choose adam, adamw-cosine or koch", e.getMessage());
        assertSame(OptimizerSpec.DEFAULTS, ExitStatus.option("--lr", OptimizerSpec.DEFAULTS, null, OptimizerSpec::withLearningRate));
        assertEquals(0.5, ExitStatus.option("--lr", OptimizerSpec.DEFAULTS, 0.5, OptimizerSpec::withLearningRate).learningRate());
        assertThrows(IllegalStateException.class, () -> ExitStatus.option("--x", () -> {
            throw new IllegalStateException("not the option's fault");
        }));
    }

    @Test
    void badInputIsFoundInTheCauseChainOnly() {
        DatasetException data = new DatasetException("d");
        assertSame(data, ExitStatus.badInput(new RuntimeException(new RuntimeException(data))));
        assertEquals(null, ExitStatus.badInput(new IllegalArgumentException("a bug", new IllegalStateException())));
        BadInputException model = new io.siamese.model.ModelFileException("m");
        assertSame(model, ExitStatus.badInput(model));
    }
}
