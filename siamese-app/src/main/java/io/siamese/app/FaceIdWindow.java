package io.siamese.app;

import io.siamese.app.enrol.EnrolmentStore;
import io.siamese.app.live.LiveFeed;
import io.siamese.app.live.LiveFrame;
import io.siamese.app.verify.Thresholds;
import io.siamese.app.verify.VerificationResult;
import io.siamese.app.verify.Verdict;
import io.siamese.data.DatasetException;
import io.siamese.data.NoFaceException;
import io.siamese.model.Calibration;
import io.siamese.model.SiameseModel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.swing.AbstractAction;
import javax.swing.BorderFactory;
import javax.swing.Box;
import javax.swing.BoxLayout;
import javax.swing.ImageIcon;
import javax.swing.JButton;
import javax.swing.JComponent;
import javax.swing.JFrame;
import javax.swing.JLabel;
import javax.swing.JPanel;
import javax.swing.JSlider;
import javax.swing.KeyStroke;
import javax.swing.SwingConstants;
import javax.swing.SwingUtilities;
import javax.swing.WindowConstants;
import java.awt.BorderLayout;
import java.awt.Color;
import java.awt.Component;
import java.awt.Dimension;
import java.awt.Font;
import java.awt.GridLayout;
import java.awt.Insets;
import java.awt.Image;
import java.awt.event.ActionEvent;
import java.awt.event.KeyEvent;
import java.awt.event.WindowAdapter;
import java.awt.event.WindowEvent;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The live face-ID window: the camera feed with the face box, a Verify button ({@code v}), enrolment buttons for an
 * anchor ({@code a}), a positive ({@code p}) and a reference ({@code r}), sliders for the detection and the
 * verification threshold (starting at the model's calibration), and the verdict with its score and how many
 * references agreed. {@code q} or closing the window quits.
 *
 * <p>Everything here runs on the event thread and only paints; frames arrive from the session's feed thread and the
 * network runs on the session's worker thread. Failures are shown in the window and logged.
 */
public final class FaceIdWindow {

    private static final Logger log = LoggerFactory.getLogger(FaceIdWindow.class);
    private static final Color VERIFIED = new Color(25, 140, 60);
    private static final Color UNVERIFIED = new Color(190, 40, 40);
    private static final Color WARNING = new Color(170, 100, 0);
    private static final int DETECTION_STEPS = 1000;
    private static final int VERIFICATION_STEPS = 100;
    private static final int THUMBNAIL = 140;

    private final FaceIdSession session;
    private final Runnable onClosed;
    private final JFrame frame;
    private final FeedPanel feed;
    private final JLabel verdictLabel = new JLabel("Not verified yet", SwingConstants.CENTER);
    private final JLabel scoreLabel = new JLabel(" ", SwingConstants.CENTER);
    private final JLabel agreementLabel = new JLabel(" ", SwingConstants.CENTER);
    private final JLabel timingLabel = new JLabel(" ", SwingConstants.CENTER);
    private final JLabel faceLabel = new JLabel("", SwingConstants.CENTER);
    private final JLabel detectionLabel = new JLabel();
    private final JLabel verificationLabel = new JLabel();
    private final JSlider detectionSlider = new JSlider(0, DETECTION_STEPS);
    private final JSlider verificationSlider = new JSlider(1, VERIFICATION_STEPS);
    private final JLabel messageLabel = new JLabel(" ");
    private final JLabel referencesLabel = new JLabel(" ");
    private final JButton verifyButton = new JButton("Verify (V)");
    private final JButton anchorButton = new JButton("Anchor (A)");
    private final JButton positiveButton = new JButton("Positive (P)");
    private final JButton referenceButton = new JButton("Add reference (R)");
    private final JButton quitButton = new JButton("Quit (Q)");
    private final AtomicReference<LiveFrame> pendingFrame = new AtomicReference<>();
    private Thresholds thresholds;
    private VerificationResult lastResult;
    private boolean verifying;
    private boolean closed;

    private FaceIdWindow(FaceIdSession session, String modelName, Runnable onClosed) {
        this.session = session;
        this.onClosed = onClosed;
        this.thresholds = session.defaultThresholds();
        this.frame = new JFrame(title(session, modelName));
        this.feed = new FeedPanel("Starting " + session.source().describe() + " ...");
        build();
    }

    /**
     * Builds and shows the window on the event thread and starts the session's feed.
     *
     * @param modelName shown in the title, such as the model file's name
     * @param onClosed  run once after the window has closed and the session has stopped (on a background thread)
     * @return the window, once it is showing
     */
    public static CompletableFuture<FaceIdWindow> open(FaceIdSession session, String modelName, Runnable onClosed) {
        Objects.requireNonNull(session, "session");
        CompletableFuture<FaceIdWindow> shown = new CompletableFuture<>();
        SwingUtilities.invokeLater(() -> {
            try {
                FaceIdWindow window = new FaceIdWindow(session, modelName, onClosed);
                window.show();
                shown.complete(window);
            } catch (RuntimeException e) {
                log.error("the window could not be opened", e);
                shown.completeExceptionally(e);
            }
        });
        return shown;
    }

    private static String title(FaceIdSession session, String modelName) {
        if (session.model().isEmpty()) return "Face ID - enrolment only (no model yet: a and p capture anchors and positives)";
        SiameseModel m = session.model().get();
        Calibration c = m.calibration();
        return "Face ID - " + modelName + " (" + m.spec().preset() + " " + m.spec().height() + "x" + m.spec().width() + "x"
                + m.spec().channels() + (c.isCalibrated() ? ", calibrated " + c.rule() : ", uncalibrated") + ")";
    }

    private void build() {
        frame.setDefaultCloseOperation(WindowConstants.DO_NOTHING_ON_CLOSE);
        frame.addWindowListener(new WindowAdapter() {
            @Override
            public void windowClosing(WindowEvent e) {
                close();
            }
        });

        verdictLabel.setFont(verdictLabel.getFont().deriveFont(Font.BOLD, 26f));
        scoreLabel.setFont(scoreLabel.getFont().deriveFont(Font.PLAIN, 14f));
        agreementLabel.setFont(agreementLabel.getFont().deriveFont(Font.PLAIN, 14f));
        timingLabel.setForeground(Color.DARK_GRAY);
        faceLabel.setPreferredSize(new Dimension(THUMBNAIL, THUMBNAIL));
        faceLabel.setBorder(BorderFactory.createTitledBorder("Face compared"));

        JPanel side = new JPanel();
        side.setLayout(new BoxLayout(side, BoxLayout.Y_AXIS));
        side.setBorder(BorderFactory.createEmptyBorder(10, 10, 10, 10));
        side.setPreferredSize(new Dimension(340, 480));
        add(side, faceLabel);
        side.add(Box.createVerticalStrut(6));
        add(side, verdictLabel);
        add(side, scoreLabel);
        add(side, agreementLabel);
        add(side, timingLabel);
        side.add(Box.createVerticalStrut(10));

        detectionSlider.setValue((int) Math.round(thresholds.detection() * DETECTION_STEPS));
        verificationSlider.setValue(Math.max(1, (int) Math.round(thresholds.verification() * VERIFICATION_STEPS)));
        updateThresholdLabels();
        detectionSlider.addChangeListener(e -> thresholdsChanged(thresholds.withDetection(detectionSlider.getValue() / (double) DETECTION_STEPS)));
        verificationSlider.addChangeListener(e -> thresholdsChanged(thresholds.withVerification(verificationSlider.getValue() / (double) VERIFICATION_STEPS)));
        add(side, detectionLabel);
        add(side, detectionSlider);
        add(side, verificationLabel);
        add(side, verificationSlider);
        side.add(Box.createVerticalStrut(10));

        verifyButton.setFont(verifyButton.getFont().deriveFont(Font.BOLD, 16f));
        for (JButton button : List.of(anchorButton, positiveButton, referenceButton, quitButton)) button.setMargin(new Insets(2, 4, 2, 4));
        JPanel buttons = new JPanel(new GridLayout(0, 2, 6, 6));
        buttons.add(anchorButton);
        buttons.add(positiveButton);
        buttons.add(referenceButton);
        buttons.add(quitButton);
        JPanel verifyRow = new JPanel(new BorderLayout());
        verifyRow.add(verifyButton);
        add(side, verifyRow);
        side.add(Box.createVerticalStrut(6));
        add(side, buttons);
        side.add(Box.createVerticalGlue());

        verifyButton.addActionListener(e -> verify());
        anchorButton.addActionListener(e -> enrol(EnrolmentStore.Kind.ANCHOR));
        positiveButton.addActionListener(e -> enrol(EnrolmentStore.Kind.POSITIVE));
        referenceButton.addActionListener(e -> enrol(EnrolmentStore.Kind.REFERENCE));
        quitButton.addActionListener(e -> close());
        bindKey(KeyEvent.VK_V, "verify", this::verify);
        bindKey(KeyEvent.VK_A, "anchor", () -> enrol(EnrolmentStore.Kind.ANCHOR));
        bindKey(KeyEvent.VK_P, "positive", () -> enrol(EnrolmentStore.Kind.POSITIVE));
        bindKey(KeyEvent.VK_R, "reference", () -> enrol(EnrolmentStore.Kind.REFERENCE));
        bindKey(KeyEvent.VK_Q, "quit", this::close);

        JPanel status = new JPanel(new GridLayout(2, 1));
        status.setBorder(BorderFactory.createEmptyBorder(4, 10, 6, 10));
        status.add(messageLabel);
        status.add(referencesLabel);
        referencesLabel.setForeground(Color.DARK_GRAY);
        referencesLabel.setText("References: " + session.folders().references() + "  ·  anchors: " + session.folders().anchors()
                + "  ·  positives: " + session.folders().positives());
        referencesLabel.setToolTipText(referencesLabel.getText());
        // Long paths must not widen the window: the status bar takes the window's width and cuts its text.
        status.setPreferredSize(new Dimension(0, status.getPreferredSize().height));

        frame.getContentPane().setLayout(new BorderLayout());
        frame.getContentPane().add(feed, BorderLayout.CENTER);
        frame.getContentPane().add(side, BorderLayout.EAST);
        frame.getContentPane().add(status, BorderLayout.SOUTH);
        frame.pack();
        frame.setLocationRelativeTo(null);
    }

    private static void add(JPanel panel, JComponent component) {
        component.setAlignmentX(Component.CENTER_ALIGNMENT);
        component.setMaximumSize(new Dimension(Integer.MAX_VALUE, component.getPreferredSize().height));
        panel.add(component);
    }

    private void bindKey(int key, String name, Runnable action) {
        frame.getRootPane().getInputMap(JComponent.WHEN_IN_FOCUSED_WINDOW).put(KeyStroke.getKeyStroke(key, 0), name);
        frame.getRootPane().getActionMap().put(name, new AbstractAction() {
            @Override
            public void actionPerformed(ActionEvent e) {
                action.run();
            }
        });
    }

    private void show() {
        frame.setVisible(true);
        session.start(new LiveFeed.Listener() {
            @Override
            public void frame(LiveFrame liveFrame) {
                // Only one repaint is queued at a time: a slow event thread skips frames instead of piling them up.
                if (pendingFrame.getAndSet(liveFrame) == null) {
                    SwingUtilities.invokeLater(() -> {
                        LiveFrame newest = pendingFrame.getAndSet(null);
                        if (newest != null && !closed) feed.showFrame(newest, session.source().describe());
                    });
                }
            }

            @Override
            public void stopped(String message, Exception failure) {
                SwingUtilities.invokeLater(() -> {
                    if (closed) return;
                    feed.showMessage(message);
                    showMessage(message, failure == null ? Color.DARK_GRAY : UNVERIFIED);
                });
            }
        });
        session.count(EnrolmentStore.Kind.REFERENCE).whenComplete((count, failure) -> SwingUtilities.invokeLater(() -> {
            if (failure != null) {
                showFailure("Counting the references failed", failure);
            } else if (count == 0) {
                showMessage("No references yet in " + session.folders().references() + ": press R to add the current face as one.", WARNING);
            } else {
                showMessage(count + (count == 1 ? " reference" : " references") + " in " + session.folders().references()
                        + ". Press V to verify.", Color.DARK_GRAY);
            }
        }));
    }

    /** Starts a verification of the current frame unless one is running. */
    void verify() {
        if (closed) return;
        if (verifying) {
            showMessage("A verification is already running.", WARNING);
            return;
        }
        verifying = true;
        verifyButton.setEnabled(false);
        showMessage("Verifying ...", Color.DARK_GRAY);
        Thresholds asked = thresholds;
        session.verify(asked).whenComplete((result, failure) -> SwingUtilities.invokeLater(() -> {
            verifying = false;
            verifyButton.setEnabled(true);
            if (closed) return;
            if (failure != null) {
                showFailure("Verification failed", failure);
                return;
            }
            lastResult = result;
            // The sliders may have moved while the network ran: decide with their current values.
            showVerdict(result.decide(thresholds), result);
            showMessage(String.format(Locale.ROOT, "Verified against %d references in %d ms%s.", result.references().size(), result.millis(),
                    result.referencesEmbedded() > 0 ? " (" + result.referencesEmbedded() + " newly embedded)" : ""), Color.DARK_GRAY);
        }));
    }

    private void enrol(EnrolmentStore.Kind kind) {
        if (closed) return;
        session.enrol(kind).whenComplete((enrolled, failure) -> SwingUtilities.invokeLater(() -> {
            if (closed) return;
            if (failure != null) {
                showFailure("Saving the " + kind.prefix() + " failed", failure);
            } else {
                showMessage("Saved " + kind.prefix() + " " + enrolled.file() + " (" + enrolled.count() + " in its folder).", VERIFIED);
            }
        }));
    }

    private void thresholdsChanged(Thresholds changed) {
        thresholds = changed;
        updateThresholdLabels();
        if (lastResult != null) showVerdict(lastResult.decide(thresholds), lastResult);
    }

    private void updateThresholdLabels() {
        detectionLabel.setText(String.format(Locale.ROOT, "Detection threshold: %.3f", thresholds.detection()));
        verificationLabel.setText(String.format(Locale.ROOT, "Verification threshold: %.0f%% of references", thresholds.verification() * 100));
        detectionLabel.setToolTipText("A reference agrees when its score is at or above this (start: the model's calibrated threshold).");
        verificationLabel.setToolTipText("The face is verified when at least this share of the references agrees (start: the model's calibration).");
    }

    private void showVerdict(Verdict verdict, VerificationResult result) {
        verdictLabel.setText(verdict.label());
        verdictLabel.setForeground(verdict.verified() ? VERIFIED : UNVERIFIED);
        scoreLabel.setText(String.format(Locale.ROOT, "score %.3f (mean), best %.3f", verdict.score(), verdict.bestScore()));
        agreementLabel.setText(verdict.agreement());
        timingLabel.setText(result.millis() + " ms");
        Image thumbnail = result.face().getScaledInstance(THUMBNAIL - 20, THUMBNAIL - 20, Image.SCALE_SMOOTH);
        faceLabel.setIcon(new ImageIcon(thumbnail));
    }

    private void showMessage(String text, Color colour) {
        messageLabel.setText(text);
        messageLabel.setForeground(colour);
    }

    private void showFailure(String what, Throwable failure) {
        Throwable cause = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
        String reason = cause.getMessage() == null ? cause.toString() : cause.getMessage();
        if (cause instanceof NoFaceException) {
            log.info("{}: {}", what, reason);
            showMessage("No face found: face the camera and try again (" + reason + ").", WARNING);
        } else if (cause instanceof DatasetException || cause instanceof IllegalStateException) {
            log.warn("{}: {}", what, reason);
            showMessage(what + ": " + reason, WARNING);
        } else {
            log.error(what, cause);
            showMessage(what + ": " + reason, UNVERIFIED);
        }
    }

    /** Closes the window and stops the session; the callback runs once both are done. */
    void close() {
        if (closed) return;
        closed = true;
        frame.dispose();
        Thread stopper = new Thread(() -> {
            try {
                session.close();
            } finally {
                if (onClosed != null) onClosed.run();
            }
        }, "face-id-close");
        stopper.start();
    }

    JFrame frame() {
        return frame;
    }

    JButton verifyButton() {
        return verifyButton;
    }

    String verdictText() {
        return verdictLabel.getText();
    }

    String agreementText() {
        return agreementLabel.getText();
    }

    String messageText() {
        return messageLabel.getText();
    }

    boolean isVerifying() {
        return verifying;
    }

    LiveFrame shownFrame() {
        return feed.frame();
    }

    Thresholds thresholds() {
        return thresholds;
    }
}
