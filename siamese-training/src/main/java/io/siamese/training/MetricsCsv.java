package io.siamese.training;

import io.siamese.model.AtomicFiles;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.apache.commons.csv.CSVRecord;

import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code RUN/metrics.csv}: one row per epoch with a header, written with Apache Commons CSV. The whole file is
 * rewritten from the run's history after every epoch (atomically), so a resumed run continues it with no
 * duplicated or missing epoch.
 */
public final class MetricsCsv {

    private static final CSVFormat FORMAT = CSVFormat.DEFAULT.builder().setHeader(EpochMetrics.COLUMNS).get();

    private MetricsCsv() {
    }

    public static void write(Path file, List<EpochMetrics> history) {
        AtomicFiles.write(file, out -> {
            Writer writer = new OutputStreamWriter(out, StandardCharsets.UTF_8);
            try (CSVPrinter printer = new CSVPrinter(writer, FORMAT)) {
                for (EpochMetrics m : history) printer.printRecord(m.row());
            }
        });
    }

    public static List<EpochMetrics> read(Path file) {
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            List<EpochMetrics> out = new ArrayList<>();
            for (CSVRecord r : CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).get().parse(reader)) {
                out.add(new EpochMetrics(Integer.parseInt(r.get("epoch")), d(r, "train_loss"), d(r, "validation_loss"),
                        d(r, "precision"), d(r, "recall"), d(r, "accuracy"), d(r, "f1"), d(r, "auc"), d(r, "eer"),
                        d(r, "selection"), d(r, "learning_rate"), d(r, "seconds"), Integer.parseInt(r.get("skipped_images"))));
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    private static double d(CSVRecord r, String column) {
        return Double.parseDouble(r.get(column));
    }
}
