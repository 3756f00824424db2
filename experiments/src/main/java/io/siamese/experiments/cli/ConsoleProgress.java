package io.siamese.experiments.cli;

import io.siamese.training.Progress;

import java.io.PrintStream;
import java.util.Locale;

/**
 * Shows progress within an epoch on standard error: one line redrawn in place on a terminal, or a line every
 * 30 seconds when the output is a file or a pipe (CI logs).
 */
final class ConsoleProgress implements Progress {

    private final PrintStream out;
    private final boolean interactive;
    private long lastPrint;

    ConsoleProgress(PrintStream out, boolean interactive) {
        this.out = out;
        this.interactive = interactive;
    }

    static ConsoleProgress stderr() {
        return new ConsoleProgress(System.err, System.console() != null);
    }

    @Override
    public void update(int epoch, int epochs, int batch, int batches, double loss, double etaSeconds) {
        long now = System.nanoTime();
        boolean last = batch >= batches;
        if (!interactive && !last && now - lastPrint < 30_000_000_000L) return;
        if (interactive && !last && now - lastPrint < 200_000_000L) return;
        lastPrint = now;
        int width = 30;
        int done = (int) Math.round(width * Math.min(1.0, (double) batch / batches));
        String line = String.format(Locale.ROOT, "epoch %d/%d [%s%s] %d/%d batches  loss %.4f  ETA %ds",
                epoch, epochs, "=".repeat(done), " ".repeat(width - done), batch, batches, loss, Math.round(etaSeconds));
        if (interactive) {
            out.print("\r" + line + (last ? "\r" + " ".repeat(line.length()) + "\r" : ""));
        } else {
            out.println(line);
        }
        out.flush();
    }
}
