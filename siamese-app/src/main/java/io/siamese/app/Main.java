package io.siamese.app;

import io.siamese.model.cpu.CpuAcceleration;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * The app's own command line, for running it without the project's {@code ./siamese} command (which registers the
 * same commands): {@code app} opens the face-ID window, {@code verify} verifies a face headless, {@code identify} names
 * it among the people of a gallery, {@code enrol} adds photos of a person to a gallery.
 */
@Command(name = "siamese-app", mixinStandardHelpOptions = true, version = "siamese-app 0.1.0 (Deeplearning4j 1.0.0-M2.1)",
        description = "Live face verification with a Siamese network.",
        subcommands = {AppCommand.class, VerifyCommand.class, IdentifyCommand.class, EnrolCommand.class, CommandLine.HelpCommand.class},
        footer = {"", "Exit status: 0 ok/verified/identified, 1 not verified/unknown, 2 bad input, 3 internal error (stack trace in a file named on standard error)."})
public final class Main implements Runnable {

    /** Exit status for an unexpected failure. */
    public static final int INTERNAL_ERROR = ExitStatus.INTERNAL_ERROR;
    /** The logging configuration of the standalone app (the project's command line brings its own). */
    static final String LOGGING = "io/siamese/app/logback-app.xml";

    @Spec
    CommandSpec spec;

    @CommandLine.Option(names = ExitStatus.VERBOSE, scope = CommandLine.ScopeType.INHERIT,
            description = "Also print the stack trace of a failure on standard error.")
    boolean verbose;

    public static void main(String[] args) {
        // Set before the first logger exists; logs go to standard error, so --json output stays clean.
        if (System.getProperty("logback.configurationFile") == null) System.setProperty("logback.configurationFile", LOGGING);
        // Before ND4J loads: the oneDNN build and DL4J helpers when this CPU can run them.
        CpuAcceleration.configure();
        System.exit(execute(args));
    }

    /** Runs the command line and returns its exit status (tests call this). */
    public static int execute(String... args) {
        CommandLine cli = ExitStatus.install(new CommandLine(new Main()));
        return cli.execute(args);
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
