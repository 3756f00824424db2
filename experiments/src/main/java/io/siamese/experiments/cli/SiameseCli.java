package io.siamese.experiments.cli;

import io.siamese.data.DatasetException;
import io.siamese.data.ImageDecodeException;
import io.siamese.model.ModelFileException;
import io.siamese.model.cpu.CpuAcceleration;
import io.siamese.training.RunFolderException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.io.UncheckedIOException;

/**
 * The {@code ./siamese} command line. Exit status: 0 success (and "verified"), 1 "not verified", 2 bad input (a
 * dataset, image or model that cannot be used, or a wrong option), 3 an internal error.
 */
@Command(name = "siamese", mixinStandardHelpOptions = true, version = "siamese 0.1.0 (Deeplearning4j 1.0.0-M2.1)",
        description = "Siamese networks for face verification and one-shot recognition (Koch, Zemel & Salakhutdinov 2015) on Deeplearning4j.",
        subcommands = {QuickstartCommand.class, TrainCommand.class, EvaluateCommand.class, io.siamese.app.VerifyCommand.class,
                io.siamese.app.AppCommand.class, BenchCommand.class, BenchMemoryCommand.class, ExperimentCommand.class, ImportLfwCommand.class, CommandLine.HelpCommand.class},
        footer = {"", "Exit status: 0 ok/verified, 1 not verified, 2 bad input, 3 internal error."})
public final class SiameseCli implements Runnable {

    /** Exit status for bad input. */
    public static final int BAD_INPUT = DatasetException.EXIT_STATUS;
    /** Exit status for an unexpected failure. */
    public static final int INTERNAL_ERROR = 3;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        // First, before ND4J loads: the oneDNN build and DL4J helpers when this CPU can run them.
        CpuAcceleration.configure();
        System.exit(execute(args));
    }

    /** Runs the command line and returns its exit status (tests call this). */
    public static int execute(String... args) {
        CommandLine cli = new CommandLine(new SiameseCli());
        cli.getSubcommands().get("train").getCommandSpec().usageMessage().footer(TrainCommand.defaultsFooter());
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            if (isBadInput(e)) {
                commandLine.getErr().println("error: " + e.getMessage());
                return BAD_INPUT;
            }
            commandLine.getErr().println("internal error: " + e);
            e.printStackTrace(commandLine.getErr());
            return INTERNAL_ERROR;
        });
        cli.setParameterExceptionHandler((e, a) -> {
            e.getCommandLine().getErr().println("error: " + e.getMessage());
            e.getCommandLine().usage(e.getCommandLine().getErr());
            return BAD_INPUT;
        });
        return cli.execute(args);
    }

    static boolean isBadInput(Throwable e) {
        return e instanceof DatasetException || e instanceof ModelFileException || e instanceof ImageDecodeException
                || e instanceof IllegalArgumentException || e instanceof UncheckedIOException
                || e instanceof RunFolderException;
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
