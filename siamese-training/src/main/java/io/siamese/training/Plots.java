package io.siamese.training;

import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.Histogram;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

import javax.imageio.ImageIO;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** XChart figures of a run, written as PNG (works without a display). */
public final class Plots {

    static final int WIDTH = 520;
    static final int HEIGHT = 380;

    private Plots() {
    }

    /** Loss, precision and recall over epochs: the original projects' three panels, side by side in one PNG. */
    public static void curves(List<EpochMetrics> history, Path file) {
        List<XYChart> charts = curveCharts(history);
        BufferedImage sheet = new BufferedImage(WIDTH * charts.size(), HEIGHT, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = sheet.createGraphics();
        for (int i = 0; i < charts.size(); i++) g.drawImage(BitmapEncoder.getBufferedImage(charts.get(i)), i * WIDTH, 0, null);
        g.dispose();
        write(sheet, file);
    }

    /** The three panels as charts (also used by the live window). */
    static List<XYChart> curveCharts(List<EpochMetrics> history) {
        double[] epochs = history.stream().mapToDouble(EpochMetrics::epoch).toArray();
        XYChart loss = chart("Loss", "epoch", "binary cross-entropy");
        series(loss, "train", epochs, history.stream().mapToDouble(EpochMetrics::trainLoss).toArray());
        series(loss, "validation", epochs, history.stream().mapToDouble(EpochMetrics::validationLoss).toArray());
        XYChart precision = chart("Precision", "epoch", "precision (validation)");
        series(precision, "precision", epochs, history.stream().mapToDouble(EpochMetrics::precision).toArray());
        XYChart recall = chart("Recall", "epoch", "recall (validation)");
        series(recall, "recall", epochs, history.stream().mapToDouble(EpochMetrics::recall).toArray());
        for (XYChart c : List.of(precision, recall)) {
            c.getStyler().setYAxisMin(0.0);
            c.getStyler().setYAxisMax(1.0);
        }
        return List.of(loss, precision, recall);
    }

    /** The ROC curve with its area. */
    public static void roc(List<Metrics.RocPoint> points, double auc, Path file) {
        XYChart chart = chart(String.format(Locale.ROOT, "ROC (AUC %.4f)", auc), "false accept rate", "true accept rate");
        double[] fpr = points.stream().mapToDouble(Metrics.RocPoint::falsePositiveRate).toArray();
        double[] tpr = points.stream().mapToDouble(Metrics.RocPoint::truePositiveRate).toArray();
        series(chart, "model", fpr, tpr).setMarker(SeriesMarkers.NONE);
        series(chart, "chance", new double[] {0, 1}, new double[] {0, 1}).setMarker(SeriesMarkers.NONE);
        chart.getStyler().setXAxisMin(0.0).setXAxisMax(1.0).setYAxisMin(0.0).setYAxisMax(1.0);
        save(chart, file);
    }

    /** Histograms of genuine and impostor scores, with the decision threshold in the title. */
    public static void scoreHistogram(double[] scores, boolean[] genuine, double threshold, Path file) {
        List<Double> g = new ArrayList<>(), i = new ArrayList<>();
        for (int k = 0; k < scores.length; k++) (genuine[k] ? g : i).add(scores[k]);
        CategoryChart chart = new CategoryChartBuilder().width(WIDTH).height(HEIGHT)
                .title(String.format(Locale.ROOT, "Scores (threshold %.3f)", threshold))
                .xAxisTitle("score").yAxisTitle("pairs").build();
        chart.getStyler().setOverlapped(true);
        chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideN);
        chart.getStyler().setXAxisDecimalPattern("0.00");
        chart.getStyler().setXAxisLabelRotation(90);
        int bins = 20;
        if (!g.isEmpty()) {
            Histogram h = new Histogram(g, bins, 0, 1);
            chart.addSeries("genuine", h.getxAxisData(), h.getyAxisData()).setFillColor(new Color(30, 120, 220, 160));
        }
        if (!i.isEmpty()) {
            Histogram h = new Histogram(i, bins, 0, 1);
            chart.addSeries("impostor", h.getxAxisData(), h.getyAxisData()).setFillColor(new Color(220, 60, 30, 160));
        }
        save(chart, file);
    }

    /** A line chart of several series sharing an x axis (experiments' threshold trade-offs, for example). */
    public static void lines(String title, String xTitle, String yTitle, double[] x, List<String> names, List<double[]> ys, Path file) {
        xy(title, xTitle, yTitle, names, java.util.Collections.nCopies(names.size(), x), ys, file);
    }

    /** A line chart whose series each have their own x values (for example FRR against FAR per setting). */
    public static void xy(String title, String xTitle, String yTitle, List<String> names, List<double[]> xs, List<double[]> ys, Path file) {
        XYChart chart = chart(title, xTitle, yTitle);
        for (int k = 0; k < names.size(); k++) series(chart, names.get(k), xs.get(k), ys.get(k)).setMarker(SeriesMarkers.NONE);
        save(chart, file);
    }

    static XYChart chart(String title, String x, String y) {
        XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT).title(title).xAxisTitle(x).yAxisTitle(y).build();
        chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideNE);
        return chart;
    }

    private static XYSeries series(XYChart chart, String name, double[] x, double[] y) {
        // XChart refuses empty series; an empty history is drawn as one point at the origin.
        if (x.length == 0) return chart.addSeries(name, new double[] {0}, new double[] {0});
        return chart.addSeries(name, x, y);
    }

    private static void save(org.knowm.xchart.internal.chartpart.Chart<?, ?> chart, Path file) {
        write(BitmapEncoder.getBufferedImage(chart), file);
    }

    private static void write(BufferedImage image, Path file) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
            ImageIO.write(image, "png", tmp.toFile());
            Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write plot " + file, e);
        }
    }
}
