package io.siamese.app;

import io.siamese.app.live.FaceBox;
import io.siamese.app.live.LiveFrame;

import javax.swing.JPanel;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Dimension;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Paints the newest live frame, scaled to fit with its aspect ratio kept, with a box around the detected face, the
 * source's name and frame rate, and a message over it when there is no frame (starting, or no camera). Used on the
 * event thread only.
 */
final class FeedPanel extends JPanel {

    private static final Color FACE = new Color(60, 220, 90);
    private static final Color TEXT_BACKGROUND = new Color(0, 0, 0, 150);

    private LiveFrame frame;
    private String message;
    private String caption = "";
    private long firstIndex = -1;
    private long firstNanos;
    private double framesPerSecond;

    FeedPanel(String initialMessage) {
        this.message = initialMessage;
        setBackground(Color.BLACK);
        setPreferredSize(new Dimension(640, 480));
    }

    void showFrame(LiveFrame newFrame, String newCaption) {
        long now = System.nanoTime();
        if (firstIndex < 0) {
            firstIndex = newFrame.index();
            firstNanos = now;
        } else if (now > firstNanos) {
            framesPerSecond = (newFrame.index() - firstIndex) / ((now - firstNanos) / 1e9);
        }
        frame = newFrame;
        caption = newCaption;
        message = null;
        repaint();
    }

    void showMessage(String newMessage) {
        message = newMessage;
        repaint();
    }

    LiveFrame frame() {
        return frame;
    }

    @Override
    protected void paintComponent(Graphics graphics) {
        super.paintComponent(graphics);
        Graphics2D g = (Graphics2D) graphics.create();
        try {
            g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            if (frame != null) paintFrame(g);
            if (message != null) paintMessage(g, message);
        } finally {
            g.dispose();
        }
    }

    private void paintFrame(Graphics2D g) {
        BufferedImage picture = frame.picture();
        double scale = Math.min(getWidth() / (double) picture.getWidth(), getHeight() / (double) picture.getHeight());
        int w = (int) Math.round(picture.getWidth() * scale);
        int h = (int) Math.round(picture.getHeight() * scale);
        int x = (getWidth() - w) / 2;
        int y = (getHeight() - h) / 2;
        g.drawImage(picture, x, y, w, h, null);
        frame.face().ifPresent(face -> paintFace(g, face, x, y, scale));
        String text = caption + "  ·  " + frame.name()
                + (framesPerSecond > 0 ? String.format(Locale.ROOT, "  ·  %.1f fps", framesPerSecond) : "")
                + (frame.face().isPresent() ? "" : "  ·  no face");
        g.setFont(getFont().deriveFont(Font.PLAIN, 13f));
        FontMetrics metrics = g.getFontMetrics();
        g.setColor(TEXT_BACKGROUND);
        g.fillRect(x, y + h - metrics.getHeight() - 8, Math.min(w, metrics.stringWidth(text) + 16), metrics.getHeight() + 8);
        g.setColor(Color.WHITE);
        g.drawString(text, x + 8, y + h - 6 - metrics.getDescent());
    }

    private static void paintFace(Graphics2D g, FaceBox face, int x, int y, double scale) {
        g.setColor(FACE);
        g.setStroke(new BasicStroke(3f));
        g.drawRect(x + (int) Math.round(face.x() * scale), y + (int) Math.round(face.y() * scale),
                (int) Math.round(face.width() * scale), (int) Math.round(face.height() * scale));
    }

    private void paintMessage(Graphics2D g, String text) {
        g.setFont(getFont().deriveFont(Font.BOLD, 16f));
        FontMetrics metrics = g.getFontMetrics();
        List<String> lines = wrap(text, metrics, Math.max(200, getWidth() - 80));
        int lineHeight = metrics.getHeight();
        int boxHeight = lines.size() * lineHeight + 24;
        int top = (getHeight() - boxHeight) / 2;
        g.setColor(TEXT_BACKGROUND);
        g.fillRoundRect(30, top, getWidth() - 60, boxHeight, 16, 16);
        g.setColor(Color.WHITE);
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            g.drawString(line, (getWidth() - metrics.stringWidth(line)) / 2, top + 12 + metrics.getAscent() + i * lineHeight);
        }
    }

    private static List<String> wrap(String text, FontMetrics metrics, int width) {
        List<String> lines = new ArrayList<>();
        StringBuilder line = new StringBuilder();
        for (String word : text.split(" ")) {
            if (line.length() > 0 && metrics.stringWidth(line + " " + word) > width) {
                lines.add(line.toString());
                line.setLength(0);
            }
            if (line.length() > 0) line.append(' ');
            line.append(word);
        }
        if (line.length() > 0) lines.add(line.toString());
        return lines;
    }
}
