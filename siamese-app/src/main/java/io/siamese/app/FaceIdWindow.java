package io.siamese.app;

import io.siamese.app.enrol.EnrolmentStore;
import io.siamese.app.identify.Candidate;
import io.siamese.app.identify.Identification;
import io.siamese.app.live.LiveFeed;
import io.siamese.app.live.LiveFrame;
import io.siamese.app.verify.Thresholds;
import io.siamese.app.verify.VerificationResult;
import io.siamese.app.verify.Verdict;
import io.siamese.data.DatasetException;
import io.siamese.data.NoFaceException;
import io.siamese.model.BadInputException;
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
import javax.swing.JSpinner;
import javax.swing.JTextField;
import javax.swing.KeyStroke;
import javax.swing.SpinnerNumberModel;
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
import java.awt.KeyboardFocusManager;
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
import java.util.stream.Collectors;

/**
 * The live face-ID window: the camera feed with the face box, an Identify/Verify button ({@code v}), enrolment buttons
 * for an anchor ({@code a}), a positive ({@code p}) and a reference ({@code r}; with a person's name typed, into that
 * person's folder of the gallery of people), the number of frames a decision pools, sliders for the detection and the
 * verification threshold (starting at the model's calibration for that mode and number of frames), and the outcome:
 * the name of the person and their score, or <i>Unknown</i>, when the gallery of people has someone in it;
 * <i>Verified</i>/<i>Unverified</i> against the one-person gallery otherwise. {@code q} or closing the window quits.
 * While the name field has the keyboard, letters go to the name; Enter hands the keys back to the window.
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
    private final JLabel candidatesLabel = new JLabel(" ", SwingConstants.CENTER);
    private final JLabel timingLabel = new JLabel(" ", SwingConstants.CENTER);
    private final JLabel faceLabel = new JLabel("", SwingConstants.CENTER);
    private final JLabel detectionLabel = new JLabel();
    private final JLabel verificationLabel = new JLabel();
    private final JSlider detectionSlider = new JSlider(0, DETECTION_STEPS);
    private final JSlider verificationSlider = new JSlider(1, VERIFICATION_STEPS);
    private final JLabel messageLabel = new JLabel(" ");
    private final JLabel referencesLabel = new JLabel(" ");
    private final JButton verifyButton = new JButton("Verify (V)");
    private final JTextField nameField = new JTextField(12);
    private final JSpinner framesSpinner;
    private final JButton anchorButton = new JButton("Anchor (A)");
    private final JButton positiveButton = new JButton("Positive (P)");
    private final JButton referenceButton = new JButton("Add reference (R)");
    private final JButton quitButton = new JButton("Quit (Q)");
    private final AtomicReference<LiveFrame> pendingFrame = new AtomicReference<>();
    private FaceIdSession.Mode mode = FaceIdSession.Mode.VERIFY;
    private int frames;
    private Thresholds thresholds;
    private FaceIdSession.Check lastResult;
    private boolean verifying;
    private boolean closed;
    /** Set when the feed has stopped: its message (a missing camera, say) must not be replaced by a greeting. */
    private boolean feedStopped;
    /** Set while the sliders are moved by the program (a reset), so their listeners do not treat it as a choice. */
    private boolean adjusting;

    private FaceIdWindow(FaceIdSession session, String modelName, int frames, Runnable onClosed) {
        this.session = session;
        this.onClosed = onClosed;
        this.frames = frames;
        this.framesSpinner = new JSpinner(new SpinnerNumberModel(frames, 1, Calibration.MAX_FRAMES, 1));
        this.thresholds = session.defaultThresholds(mode, frames);
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
        return open(session, modelName, 1, onClosed);
    }

    /**
     * Builds and shows the window, deciding over the last {@code frames} frames with a face until the person changes it.
     *
     * @param frames 1 to {@link Calibration#MAX_FRAMES}
     */
    public static CompletableFuture<FaceIdWindow> open(FaceIdSession session, String modelName, int frames, Runnable onClosed) {
        Objects.requireNonNull(session, "session");
        if (frames < 1 || frames > Calibration.MAX_FRAMES) throw new IllegalArgumentException("frames must be 1 to " + Calibration.MAX_FRAMES + ", got " + frames);
        CompletableFuture<FaceIdWindow> shown = new CompletableFuture<>();
        SwingUtilities.invokeLater(() -> {
            try {
                FaceIdWindow window = new FaceIdWindow(session, modelName, frames, onClosed);
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
        candidatesLabel.setForeground(Color.DARK_GRAY);
        timingLabel.setForeground(Color.DARK_GRAY);
        faceLabel.setPreferredSize(new Dimension(THUMBNAIL, THUMBNAIL));
        faceLabel.setBorder(BorderFactory.createTitledBorder("Face compared"));

        JPanel side = new JPanel();
        side.setLayout(new BoxLayout(side, BoxLayout.Y_AXIS));
        side.setBorder(BorderFactory.createEmptyBorder(10, 10, 10, 10));
        side.setPreferredSize(new Dimension(380, 560));
        add(side, faceLabel);
        side.add(Box.createVerticalStrut(6));
        add(side, verdictLabel);
        add(side, scoreLabel);
        add(side, agreementLabel);
        add(side, candidatesLabel);
        add(side, timingLabel);
        side.add(Box.createVerticalStrut(10));

        JPanel settings = new JPanel(new GridLayout(2, 2, 6, 4));
        settings.add(new JLabel("Person (then R):"));
        settings.add(nameField);
        settings.add(new JLabel("Frames per decision:"));
        settings.add(framesSpinner);
        nameField.setToolTipText("Type a name and press Enter; R then adds the face to " + session.folders().people() + "/NAME. Empty: R adds it to "
                + session.folders().references() + ".");
        framesSpinner.setToolTipText("How many of the last frames with a face one decision pools (1 to " + Calibration.MAX_FRAMES
                + "); the detection threshold follows the model's calibration for that many.");
        // Enter or Escape in the name field gives the keys back to the window (v, a, p, r, q).
        nameField.addActionListener(e -> feed.requestFocusInWindow());
        nameField.getInputMap().put(KeyStroke.getKeyStroke(KeyEvent.VK_ESCAPE, 0), "leave");
        nameField.getActionMap().put("leave", new AbstractAction() {
            @Override
            public void actionPerformed(ActionEvent e) {
                feed.requestFocusInWindow();
            }
        });
        framesSpinner.addChangeListener(e -> framesChanged((Integer) framesSpinner.getValue()));
        add(side, settings);
        side.add(Box.createVerticalStrut(8));

        setSliders(thresholds);
        detectionSlider.addChangeListener(e -> {
            if (!adjusting) thresholdsChanged(thresholds.withDetection(detectionSlider.getValue() / (double) DETECTION_STEPS));
        });
        verificationSlider.addChangeListener(e -> {
            if (!adjusting) thresholdsChanged(thresholds.withVerification(verificationSlider.getValue() / (double) VERIFICATION_STEPS));
        });
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

        feed.setFocusable(true);
        verifyButton.addActionListener(e -> verify());
        anchorButton.addActionListener(e -> enrol(EnrolmentStore.Kind.ANCHOR));
        positiveButton.addActionListener(e -> enrol(EnrolmentStore.Kind.POSITIVE));
        referenceButton.addActionListener(e -> enrol(EnrolmentStore.Kind.REFERENCE));
        referenceButton.setToolTipText("Adds the face to the named person's folder of the gallery of people, or to the one-person gallery without a name.");
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
        referencesLabel.setText("People: " + session.folders().people() + "  ·  references: " + session.folders().references()
                + "  ·  anchors: " + session.folders().anchors() + "  ·  positives: " + session.folders().positives());
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
                // Letters typed into the name field (or the frames field) are text, not commands.
                if (KeyboardFocusManager.getCurrentKeyboardFocusManager().getFocusOwner() instanceof javax.swing.text.JTextComponent) return;
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
                    feedStopped = true;
                    feed.showMessage(message);
                    showMessage(message, failure == null ? Color.DARK_GRAY : UNVERIFIED);
                });
            }
        });
        refreshMode(true);
    }

    /** Asks the session which check V runs now (identification once someone is in the gallery of people). */
    private void refreshMode(boolean greet) {
        session.mode().whenComplete((newMode, failure) -> SwingUtilities.invokeLater(() -> {
            if (closed) return;
            if (failure != null) {
                showFailure("Reading the galleries failed", failure);
                return;
            }
            setMode(newMode);
            if (greet) greet();
        }));
    }

    private void greet() {
        if (feedStopped) return;
        if (mode == FaceIdSession.Mode.IDENTIFY) {
            showMessage("Press V to name the face among the people of " + session.folders().people() + ".", Color.DARK_GRAY);
            return;
        }
        session.count(EnrolmentStore.Kind.REFERENCE).whenComplete((count, failure) -> SwingUtilities.invokeLater(() -> {
            if (closed || feedStopped) return;
            if (failure != null) {
                showFailure("Counting the references failed", failure);
            } else if (count == 0) {
                showMessage("No references yet in " + session.folders().references() + ": press R to add the current face as one"
                        + " (type a name first to start a gallery of people).", WARNING);
            } else {
                showMessage(count + (count == 1 ? " reference" : " references") + " in " + session.folders().references()
                        + ". Press V to verify.", Color.DARK_GRAY);
            }
        }));
    }

    /** Switches between naming people and verifying one person; the sliders go to the mode's calibrated values. */
    private void setMode(FaceIdSession.Mode newMode) {
        if (newMode == mode) return;
        mode = newMode;
        verifyButton.setText(mode == FaceIdSession.Mode.IDENTIFY ? "Identify (V)" : "Verify (V)");
        resetThresholds();
    }

    private void framesChanged(int newFrames) {
        if (newFrames == frames) return;
        frames = newFrames;
        resetThresholds();
        if (lastResult != null && lastResult.mode() == mode) {
            lastResult = null;
            showMessage("Each decision now pools the last " + frames + (frames == 1 ? " frame" : " frames") + " with a face: press V.", Color.DARK_GRAY);
        }
    }

    /** The sliders back at the model's calibration for the current mode and number of frames. */
    private void resetThresholds() {
        thresholds = session.defaultThresholds(mode, frames);
        setSliders(thresholds);
        if (lastResult != null && lastResult.mode() == mode) showResult(lastResult);
    }

    private void setSliders(Thresholds values) {
        adjusting = true;
        try {
            detectionSlider.setValue((int) Math.round(values.detection() * DETECTION_STEPS));
            verificationSlider.setValue(Math.max(1, (int) Math.round(values.verification() * VERIFICATION_STEPS)));
        } finally {
            adjusting = false;
        }
        updateThresholdLabels();
    }

    /** Starts a check (identification or verification) of the last frames with a face unless one is running. */
    void verify() {
        if (closed) return;
        if (verifying) {
            showMessage("A check is already running.", WARNING);
            return;
        }
        verifying = true;
        verifyButton.setEnabled(false);
        showMessage(mode == FaceIdSession.Mode.IDENTIFY ? "Identifying ..." : "Verifying ...", Color.DARK_GRAY);
        int asked = frames;
        session.check(asked).whenComplete((result, failure) -> SwingUtilities.invokeLater(() -> {
            verifying = false;
            verifyButton.setEnabled(true);
            if (closed) return;
            if (failure != null) {
                showFailure(mode == FaceIdSession.Mode.IDENTIFY ? "Identification failed" : "Verification failed", failure);
                return;
            }
            if (asked != frames) {
                showMessage("The number of frames changed while the network ran: press V again.", WARNING);
                return;
            }
            // The galleries may have changed mode; the sliders may have moved while the network ran: decide with their values.
            setMode(result.mode());
            lastResult = result;
            showResult(result);
            String frameText = asked == 1 ? "" : " over " + asked + " frames";
            if (result.mode() == FaceIdSession.Mode.IDENTIFY) {
                var r = result.identification();
                showMessage(String.format(Locale.ROOT, "Compared with %d %s%s in %d ms%s.", r.people().size(), r.people().size() == 1 ? "person" : "people",
                        frameText, r.millis(), r.referencesEmbedded() > 0 ? " (" + r.referencesEmbedded() + " references newly embedded)" : ""), Color.DARK_GRAY);
            } else {
                var r = result.verification();
                showMessage(String.format(Locale.ROOT, "Verified against %d references%s in %d ms%s.", r.references().size(), frameText, r.millis(),
                        r.referencesEmbedded() > 0 ? " (" + r.referencesEmbedded() + " newly embedded)" : ""), Color.DARK_GRAY);
            }
        }));
    }

    private void enrol(EnrolmentStore.Kind kind) {
        if (closed) return;
        String person = kind == EnrolmentStore.Kind.REFERENCE ? nameField.getText().strip() : "";
        session.enrol(kind, person).whenComplete((enrolled, failure) -> SwingUtilities.invokeLater(() -> {
            if (closed) return;
            if (failure != null) {
                showFailure("Saving the " + kind.prefix() + " failed", failure);
            } else {
                showMessage("Saved " + kind.prefix() + (person.isEmpty() ? "" : " of " + person) + " " + enrolled.file() + " ("
                        + enrolled.count() + " in its folder).", VERIFIED);
                if (!person.isEmpty()) refreshMode(false);
            }
        }));
    }

    private void thresholdsChanged(Thresholds changed) {
        thresholds = changed;
        updateThresholdLabels();
        if (lastResult != null && lastResult.mode() == mode) showResult(lastResult);
    }

    private void updateThresholdLabels() {
        boolean identify = mode == FaceIdSession.Mode.IDENTIFY;
        detectionLabel.setText(String.format(Locale.ROOT, "%s threshold: %.3f", identify ? "Unknown-rejection" : "Detection", thresholds.detection()));
        verificationLabel.setText(String.format(Locale.ROOT, "Verification threshold: %.0f%% of %s", thresholds.verification() * 100,
                frames == 1 ? "references" : "comparisons"));
        detectionLabel.setToolTipText("A comparison agrees when its score is at or above this (start: the model's calibration for "
                + (identify ? "naming people" : "verification") + " over " + frames + (frames == 1 ? " frame" : " frames") + ").");
        verificationLabel.setToolTipText("A person matches when at least this share of the comparisons with their references agrees"
                + (frames == 1 ? "" : " (references x frames)") + " (start: the model's calibration).");
    }

    private void showResult(FaceIdSession.Check result) {
        if (result.mode() == FaceIdSession.Mode.IDENTIFY) {
            Identification identification = result.identification().decide(thresholds);
            showIdentification(identification, result.identification().millis(), result.identification().face());
        } else {
            showVerdict(result.verification().decide(thresholds), result.verification());
        }
    }

    private void showIdentification(Identification identification, long millis, java.awt.image.BufferedImage face) {
        verdictLabel.setText(identification.label());
        verdictLabel.setForeground(identification.identified() ? VERIFIED : UNVERIFIED);
        Candidate shown = identification.shown().orElse(null);
        if (shown == null) {
            scoreLabel.setText("nobody is enrolled");
            agreementLabel.setText(" ");
        } else {
            scoreLabel.setText(String.format(Locale.ROOT, "%sscore %.3f", identification.identified() ? "" : "best: " + shown.name() + ", ", shown.score()));
            agreementLabel.setText(String.format(Locale.ROOT, "%d of %d %s agreed (%d needed)", shown.agreeing(), shown.references() * identification.frames(),
                    identification.frames() == 1 ? "references" : "comparisons", shown.required()));
        }
        candidatesLabel.setText(identification.candidates().stream().limit(3)
                .map(c -> String.format(Locale.ROOT, "%s %.2f", c.name(), c.score())).collect(Collectors.joining("  ·  ")));
        timingLabel.setText(millis + " ms");
        Image thumbnail = face.getScaledInstance(THUMBNAIL - 20, THUMBNAIL - 20, Image.SCALE_SMOOTH);
        faceLabel.setIcon(new ImageIcon(thumbnail));
    }

    private void showVerdict(Verdict verdict, VerificationResult result) {
        verdictLabel.setText(verdict.label());
        verdictLabel.setForeground(verdict.verified() ? VERIFIED : UNVERIFIED);
        scoreLabel.setText(String.format(Locale.ROOT, "score %.3f (mean), best %.3f", verdict.score(), verdict.bestScore()));
        agreementLabel.setText(verdict.agreement());
        candidatesLabel.setText(" ");
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
        } else if (cause instanceof DatasetException || cause instanceof BadInputException || cause instanceof IllegalStateException) {
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

    String candidatesText() {
        return candidatesLabel.getText();
    }

    JTextField nameField() {
        return nameField;
    }

    FaceIdSession.Mode mode() {
        return mode;
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
