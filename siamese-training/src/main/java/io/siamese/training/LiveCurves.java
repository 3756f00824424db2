package io.siamese.training;

import org.knowm.xchart.XChartPanel;
import org.knowm.xchart.XYChart;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.swing.JFrame;
import javax.swing.JPanel;
import javax.swing.SwingUtilities;
import java.awt.GraphicsEnvironment;
import java.awt.GridLayout;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A window with the loss, precision and recall curves, redrawn after every epoch (the same three panels as
 * {@code curves.png}). Only where a display is present: {@link #open} returns empty on a headless machine.
 * Charts are built and repainted on the Swing event thread; training never waits for the window.
 */
public final class LiveCurves implements Trainer.EpochListener {

    private static final Logger log = LoggerFactory.getLogger(LiveCurves.class);
    private final List<XChartPanel<XYChart>> panels = new ArrayList<>();
    private final JFrame frame;

    private LiveCurves(String title) {
        frame = new JFrame(title);
        frame.setDefaultCloseOperation(JFrame.DISPOSE_ON_CLOSE);
        JPanel grid = new JPanel(new GridLayout(1, 3));
        for (XYChart chart : Plots.curveCharts(List.of())) {
            XChartPanel<XYChart> panel = new XChartPanel<>(chart);
            panels.add(panel);
            grid.add(panel);
        }
        frame.setContentPane(grid);
        frame.setSize(3 * Plots.WIDTH, Plots.HEIGHT + 40);
        frame.setVisible(true);
    }

    /** Opens the window, or returns empty (with a log line) when there is no display. */
    public static Optional<LiveCurves> open(String title) {
        if (GraphicsEnvironment.isHeadless()) {
            log.info("no display: the live curves window is not shown (curves.png is still written every epoch)");
            return Optional.empty();
        }
        LiveCurves[] holder = new LiveCurves[1];
        try {
            SwingUtilities.invokeAndWait(() -> holder[0] = new LiveCurves(title));
        } catch (Exception e) {
            log.warn("cannot open the live curves window: {}", e.toString());
            return Optional.empty();
        }
        return Optional.of(holder[0]);
    }

    @Override
    public void epochDone(TrainingState state, EpochMetrics metrics) {
        List<EpochMetrics> history = state.history();
        SwingUtilities.invokeLater(() -> {
            List<XYChart> fresh = Plots.curveCharts(history);
            for (int i = 0; i < panels.size(); i++) {
                XYChart target = panels.get(i).getChart();
                fresh.get(i).getSeriesMap().forEach((name, series) -> {
                    if (target.getSeriesMap().containsKey(name)) {
                        target.updateXYSeries(name, series.getXData(), series.getYData(), null);
                    }
                });
                panels.get(i).revalidate();
                panels.get(i).repaint();
            }
        });
    }

    /** The chart of panel {@code i} (0 loss, 1 precision, 2 recall); read it on the event thread. */
    XYChart chart(int i) {
        return panels.get(i).getChart();
    }

    /** Closes the window. */
    public void close() {
        SwingUtilities.invokeLater(frame::dispose);
    }
}
