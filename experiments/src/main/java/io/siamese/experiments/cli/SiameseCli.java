package io.siamese.experiments.cli;

import io.siamese.app.ExitStatus;
import io.siamese.model.cpu.CpuAcceleration;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code ./siamese} command line. Exit status: 0 success (and "verified"), 1 "not verified", 2 bad input (an
 * option, dataset, image, model file or run folder that cannot be used: one line says what), 3 an internal error (one
 * line names it and the file holding its stack trace: the run folder's error.log for train and experiment, otherwise
 * a file in the temporary folder; {@code --verbose} prints it on standard error too). See {@link ExitStatus}.
 */
@Command(name = "siamese", mixinStandardHelpOptions = true, version = "siamese 0.1.0 (Deeplearning4j 1.0.0-M2.1)",
        description = "Siamese networks for face verification and one-shot recognition (Koch, Zemel & Salakhutdinov 2015) on Deeplearning4j.",
        subcommands = {QuickstartCommand.class, TrainCommand.class, EvaluateCommand.class, io.siamese.app.VerifyCommand.class,
                io.siamese.app.IdentifyCommand.class, io.siamese.app.EnrolCommand.class, io.siamese.app.AppCommand.class, BenchCommand.class, BenchMemoryCommand.class, ExperimentCommand.class, ReportCommand.class, ImportLfwCommand.class, CommandLine.HelpCommand.class},
        footer = {"", "Exit status: 0 ok/verified, 1 not verified, 2 bad input, 3 internal error (stack trace in a file named on standard error)."})
public final class SiameseCli implements Runnable {

    /** Exit status for bad input. */
    public static final int BAD_INPUT = ExitStatus.BAD_INPUT;
    /** Exit status for an unexpected failure. */
    public static final int INTERNAL_ERROR = ExitStatus.INTERNAL_ERROR;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @CommandLine.Option(names = ExitStatus.VERBOSE, scope = CommandLine.ScopeType.INHERIT,
            description = "Also print the stack trace of a failure on standard error.")
    boolean verbose;

    public static void main(String[] args) {
        // First, before ND4J loads: the oneDNN build and DL4J helpers when this CPU can run them.
        CpuAcceleration.configure();
        System.exit(execute(args));
    }

    /** Runs the command line and returns its exit status (tests call this). */
    public static int execute(String... args) {
        return commandLine().execute(args);
    }

    /** The configured command line: subcommands, the train defaults footer, and the exit-status handlers. */
    static CommandLine commandLine() {
        CommandLine cli = ExitStatus.install(new CommandLine(new SiameseCli()));
        cli.getSubcommands().get("train").getCommandSpec().usageMessage().footer(TrainCommand.defaultsFooter());
        return cli;
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
