package io.siamese.app;

import io.siamese.app.source.FrameSourceException;
import io.siamese.data.DatasetException;
import io.siamese.data.ImageDecodeException;
import io.siamese.model.BadInputException;
import picocli.CommandLine;
import picocli.CommandLine.ParseResult;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.function.BiFunction;
import java.util.function.Supplier;

/**
 * The exit statuses of the command lines ({@code ./siamese} and the app's own) and how a failure becomes one.
 * <ul>
 *   <li>{@value #BAD_INPUT}, bad input: an option, file, data spec, image, model file, run folder or camera that cannot
 *       be used. One line on standard error says what was wrong ({@link BadInputException} and its subclasses,
 *       {@link DatasetException}, {@link ImageDecodeException}, {@link FrameSourceException}, or a picocli
 *       parameter error, anywhere in the cause chain).</li>
 *   <li>{@value #INTERNAL_ERROR}, anything else, a {@link IllegalArgumentException} from inside the library included:
 *       a failure of the program or its environment, not of the input. One line names it and where its full stack
 *       trace went: the run folder's {@value #ERROR_LOG} when the command has one ({@link RunFolder}), otherwise a
 *       file in the temporary folder, and standard error too with {@value #VERBOSE}.</li>
 * </ul>
 * Commands turn option values into library values with {@link #option}, so that a value a record refuses is reported
 * as bad input naming the option, while the same exception thrown later, by the work itself, stays an internal error.
 */
public final class ExitStatus {

    /** Success (and "verified"). */
    public static final int OK = 0;
    /** The face was not verified. */
    public static final int NOT_VERIFIED = 1;
    /** Input that cannot be used. */
    public static final int BAD_INPUT = BadInputException.EXIT_STATUS;
    /** A failure of the program or its environment. */
    public static final int INTERNAL_ERROR = 3;
    /** The global option that also prints stack traces on standard error. */
    public static final String VERBOSE = "--verbose";
    /** The file in a run folder that collects the stack traces of internal errors. */
    public static final String ERROR_LOG = "error.log";

    /** A command that works in a run or result folder: an internal failure leaves its stack trace in {@value #ERROR_LOG} there. */
    public interface RunFolder {
        /** The folder, or null while it is not known yet. */
        Path runFolder();
    }

    private ExitStatus() {
    }

    /** Installs the parameter and execution exception handlers on a command line; returns it. */
    public static CommandLine install(CommandLine cli) {
        cli.setParameterExceptionHandler((e, args) -> {
            PrintWriter err = e.getCommandLine().getErr();
            err.println("error: " + e.getMessage());
            e.getCommandLine().usage(err);
            err.flush();
            return BAD_INPUT;
        });
        cli.setExecutionExceptionHandler(ExitStatus::handle);
        return cli;
    }

    /**
     * Converts the value of one command-line option; a value the conversion refuses with an
     * {@link IllegalArgumentException} (a record's validation, an unknown name) becomes bad input naming the option.
     */
    public static <T> T option(String option, Supplier<T> conversion) {
        try {
            return conversion.get();
        } catch (IllegalArgumentException e) {
            throw new BadInputException(option + ": " + e.getMessage(), e);
        }
    }

    /**
     * {@code with(config, value)} when the option was given ({@code value} not null), {@code config} unchanged when
     * not; a value that {@code with} refuses with an {@link IllegalArgumentException} is bad input naming the option.
     * For example {@code config = ExitStatus.option("--epochs", config, epochs, TrainingConfig::withEpochs)}.
     */
    public static <C, V> C option(String option, C config, V value, BiFunction<C, V, C> with) {
        return value == null ? config : option(option, () -> with.apply(config, value));
    }

    /** The bad-input exception in the cause chain of {@code e}, or null when the failure is not the input's. */
    public static Throwable badInput(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof BadInputException || t instanceof DatasetException || t instanceof ImageDecodeException
                    || t instanceof FrameSourceException || t instanceof CommandLine.ParameterException) {
                return t;
            }
        }
        return null;
    }

    static int handle(Exception e, CommandLine commandLine, ParseResult parseResult) {
        PrintWriter err = commandLine.getErr();
        boolean verbose = verbose(parseResult);
        Throwable bad = badInput(e);
        if (bad != null) {
            if (verbose) e.printStackTrace(err);
            err.println("error: " + bad.getMessage());
            err.flush();
            return BAD_INPUT;
        }
        Path folder = commandLine.getCommand() instanceof RunFolder r ? r.runFolder() : null;
        String report = report(e, parseResult);
        Path log = write(report, folder);
        if (verbose || log == null) err.print(stackTrace(e));
        String where = log == null ? "the stack trace is above (it could not be written to a file)"
                : (verbose ? "stack trace above and in " : "full stack trace in ") + log.toAbsolutePath();
        err.println("internal error: " + e + " (a failure of the program, not of your input; " + where + ")");
        err.flush();
        return INTERNAL_ERROR;
    }

    private static boolean verbose(ParseResult parseResult) {
        for (ParseResult p = parseResult; p != null; p = p.subcommand()) {
            if (p.hasMatchedOption(VERBOSE)) return true;
        }
        return false;
    }

    private static String report(Exception e, ParseResult parseResult) {
        return "internal error at " + Instant.now() + "\n"
                + "command: " + parseResult.commandSpec().qualifiedName() + " " + String.join(" ", parseResult.originalArgs()) + "\n"
                + "java: " + System.getProperty("java.version") + " on " + System.getProperty("os.name") + " " + System.getProperty("os.arch") + "\n"
                + stackTrace(e) + "\n";
    }

    /** Appends the report to FOLDER/error.log, or writes a new file in the temporary folder; null when neither works. */
    private static Path write(String report, Path folder) {
        byte[] bytes = report.getBytes(StandardCharsets.UTF_8);
        if (folder != null) {
            try {
                Files.createDirectories(folder);
                Path log = folder.resolve(ERROR_LOG);
                Files.write(log, bytes, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
                return log;
            } catch (IOException | RuntimeException ignored) {
                // The run folder itself may be what failed; the temporary folder is tried next.
            }
        }
        try {
            Path log = Files.createTempFile("siamese-error-", ".log");
            Files.write(log, bytes);
            return log;
        } catch (IOException | RuntimeException ignored) {
            return null;
        }
    }

    private static String stackTrace(Throwable e) {
        StringWriter text = new StringWriter();
        e.printStackTrace(new PrintWriter(text));
        return text.toString();
    }
}
