package io.siamese.data;

import javax.imageio.ImageIO;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Arc2D;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Path2D;
import java.awt.geom.RoundRectangle2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * The embedded default dataset: seeded, face-like drawings of several identities, each rendered many times with a
 * different pose (rotation, shift, scale), lighting (direction and strength of a gradient, overall brightness),
 * expression, background and pixel noise. An identity is a fixed set of traits: face shape, skin tone, hair style
 * and colour, eye spacing and size, eyebrows, nose, mouth, glasses, beard, moustache, a mole.
 *
 * <p>Nothing is downloaded or stored: images are drawn when a batch needs them, and the same seed draws the same
 * pixels. It stands in for real faces in the quick start and in tests; it is easier than real faces, so numbers on
 * it say the pipeline works, not how well a model recognises people.
 */
public final class SyntheticFaces {

    /**
     * @param identities        how many people
     * @param imagesPerIdentity how many renderings of each
     * @param size              width and height in pixels
     * @param seed              the same seed gives the same people and the same pictures
     */
    public record Config(int identities, int imagesPerIdentity, int size, long seed) {
        public static final Config DEFAULTS = new Config(120, 16, 64, 42);

        public Config {
            if (identities < 2) throw new IllegalArgumentException("identities must be >= 2, got " + identities);
            if (imagesPerIdentity < 2) throw new IllegalArgumentException("imagesPerIdentity must be >= 2, got " + imagesPerIdentity);
            if (size < 16) throw new IllegalArgumentException("size must be >= 16 pixels, got " + size);
        }

        public Config withIdentities(int n) {
            return new Config(n, imagesPerIdentity, size, seed);
        }

        public Config withImagesPerIdentity(int n) {
            return new Config(identities, n, size, seed);
        }

        public Config withSeed(long newSeed) {
            return new Config(identities, imagesPerIdentity, size, newSeed);
        }
    }

    private SyntheticFaces() {
    }

    /** The dataset, identities {@code person_00} ... in the identities layout. */
    public static ImageDataset dataset(Config config) {
        List<ImageRef> images = new ArrayList<>();
        for (int id = 0; id < config.identities(); id++) {
            for (int s = 0; s < config.imagesPerIdentity(); s++) {
                int identity = id, sample = s;
                String name = identityName(id);
                images.add(new ImageRef(name, new GeneratedImage("synthetic:" + name + "/" + s,
                        () -> render(identity, sample, config))));
            }
        }
        return new ImageDataset("synthetic", ImageDataset.Layout.IDENTITIES, images);
    }

    public static String identityName(int identity) {
        return String.format(Locale.ROOT, "person_%02d", identity);
    }

    /** Writes the dataset as PNG files, one folder per identity ({@code DIR/person_00/0000.png}), for tools and tests that read folders. */
    public static void writeTree(Path dir, Config config) {
        try {
            for (int id = 0; id < config.identities(); id++) {
                Path folder = Files.createDirectories(dir.resolve(identityName(id)));
                for (int s = 0; s < config.imagesPerIdentity(); s++) {
                    ImageIO.write(render(id, s, config), "png", folder.resolve(String.format(Locale.ROOT, "%04d.png", s)).toFile());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write synthetic faces to " + dir, e);
        }
    }

    /** One rendering of one identity, TYPE_3BYTE_BGR. */
    public static BufferedImage render(int identity, int sample, Config config) {
        Traits t = Traits.of(new Random(mix(config.seed(), identity, -1)));
        Random r = new Random(mix(config.seed(), identity, sample));
        int n = config.size();
        BufferedImage image = new BufferedImage(n, n, BufferedImage.TYPE_3BYTE_BGR);
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);

        // Background: a flat colour with a soft vertical gradient, different every picture.
        int bg = 60 + r.nextInt(140);
        g.setPaint(new GradientPaint(0, 0, gray(bg + r.nextInt(40) - 20), 0, n, gray(bg + r.nextInt(40) - 20)));
        g.fillRect(0, 0, n, n);

        // Pose: everything below is drawn in face coordinates (unit = image size, origin at the face centre).
        double angle = Math.toRadians((r.nextDouble() * 2 - 1) * 12);
        double scale = n * (0.92 + r.nextDouble() * 0.16);
        g.translate(n / 2.0 + (r.nextDouble() * 2 - 1) * 0.06 * n, n / 2.0 + (r.nextDouble() * 2 - 1) * 0.06 * n);
        g.rotate(angle);
        g.scale(scale, scale);
        g.setStroke(new BasicStroke(0.012f));

        double fw = t.faceWidth, fh = t.faceHeight;
        // Long hair sits behind the face.
        if (t.hairStyle == 3 || t.hairStyle == 5) {
            g.setColor(t.hair);
            g.fill(new RoundRectangle2D.Double(-fw * 0.62, -fh * 0.55, fw * 1.24, fh * 1.05, 0.2, 0.2));
        }
        g.setColor(t.skin);
        g.fill(new Ellipse2D.Double(-fw / 2, -fh / 2, fw, fh));
        // Ears.
        g.fill(new Ellipse2D.Double(-fw / 2 - 0.03, -0.05, 0.07, 0.13));
        g.fill(new Ellipse2D.Double(fw / 2 - 0.04, -0.05, 0.07, 0.13));
        drawHair(g, t, fw, fh);
        if (t.beard) {
            g.setColor(t.hair.darker());
            g.fill(new Arc2D.Double(-fw * 0.42, -fh * 0.05, fw * 0.84, fh * 0.55, 180, 180, Arc2D.CHORD));
            g.setColor(t.skin);
            g.fill(new Ellipse2D.Double(-t.mouthWidth / 2 - 0.02, t.mouthY - 0.05, t.mouthWidth + 0.04, 0.09));
        }
        if (t.moustache) {
            g.setColor(t.hair.darker());
            g.fill(new Ellipse2D.Double(-t.mouthWidth / 2, t.mouthY - 0.055, t.mouthWidth, 0.04));
        }
        if (t.mole) {
            g.setColor(new Color(60, 35, 25));
            g.fill(new Ellipse2D.Double(t.moleX * fw / 2 - 0.018, t.moleY - 0.018, 0.036, 0.036));
        }

        // Eyes, with an expression-dependent openness.
        double openness = 0.55 + r.nextDouble() * 0.45;
        for (int side = -1; side <= 1; side += 2) {
            double cx = side * t.eyeSpacing / 2;
            g.setColor(Color.WHITE);
            g.fill(new Ellipse2D.Double(cx - t.eyeSize, t.eyeY - t.eyeSize * 0.6 * openness, 2 * t.eyeSize, 1.2 * t.eyeSize * openness));
            g.setColor(t.iris);
            double iris = t.eyeSize * 0.55;
            g.fill(new Ellipse2D.Double(cx - iris, t.eyeY - iris * openness, 2 * iris, 2 * iris * openness));
            g.setColor(t.hair.darker());
            g.setStroke(new BasicStroke((float) t.browThickness));
            double by = t.eyeY - t.eyeSize * 1.5;
            g.draw(new java.awt.geom.Line2D.Double(cx - t.eyeSize * 1.2, by + side * t.browTilt, cx + t.eyeSize * 1.2, by - side * t.browTilt));
        }
        if (t.glasses) {
            g.setColor(new Color(30, 30, 30));
            g.setStroke(new BasicStroke(0.014f));
            for (int side = -1; side <= 1; side += 2) {
                double cx = side * t.eyeSpacing / 2;
                g.draw(new Ellipse2D.Double(cx - t.eyeSize * 1.6, t.eyeY - t.eyeSize * 1.3, t.eyeSize * 3.2, t.eyeSize * 2.6));
            }
            g.draw(new java.awt.geom.Line2D.Double(-t.eyeSpacing / 2 + t.eyeSize * 1.6, t.eyeY, t.eyeSpacing / 2 - t.eyeSize * 1.6, t.eyeY));
        }

        // Nose.
        g.setColor(t.skin.darker());
        g.setStroke(new BasicStroke(0.014f));
        Path2D nose = new Path2D.Double();
        nose.moveTo(0, t.eyeY + 0.02);
        nose.lineTo(-t.noseWidth / 2, t.eyeY + t.noseLength);
        nose.lineTo(t.noseWidth / 2, t.eyeY + t.noseLength);
        g.draw(nose);

        // Mouth: a curve whose bend changes with the expression.
        double smile = t.smile + (r.nextDouble() * 2 - 1) * 0.03;
        g.setColor(new Color(120, 40, 40));
        g.setStroke(new BasicStroke(0.018f));
        Path2D mouth = new Path2D.Double();
        mouth.moveTo(-t.mouthWidth / 2, t.mouthY);
        mouth.quadTo(0, t.mouthY + smile, t.mouthWidth / 2, t.mouthY);
        g.draw(mouth);
        g.dispose();

        light(image, r);
        return image;
    }

    private static void drawHair(Graphics2D g, Traits t, double fw, double fh) {
        g.setColor(t.hair);
        switch (t.hairStyle) {
            case 0 -> g.fill(new Arc2D.Double(-fw * 0.52, -fh * 0.56, fw * 1.04, fh * 0.62, 0, 180, Arc2D.CHORD));
            case 1 -> {
                g.fill(new Arc2D.Double(-fw * 0.52, -fh * 0.56, fw * 1.04, fh * 0.5, 0, 180, Arc2D.CHORD));
                g.fill(new Ellipse2D.Double(-fw * 0.55, -fh * 0.4, fw * 0.45, fh * 0.35));
            }
            case 2 -> g.fill(new Arc2D.Double(-fw * 0.4, -fh * 0.53, fw * 0.8, fh * 0.25, 0, 180, Arc2D.CHORD));
            case 3 -> g.fill(new Arc2D.Double(-fw * 0.55, -fh * 0.58, fw * 1.1, fh * 0.7, 0, 180, Arc2D.CHORD));
            case 4 -> {
                // Spikes: a row of triangles above the forehead.
                for (int k = -3; k <= 3; k++) {
                    Path2D spike = new Path2D.Double();
                    spike.moveTo(k * fw * 0.13 - fw * 0.08, -fh * 0.38);
                    spike.lineTo(k * fw * 0.13, -fh * 0.62);
                    spike.lineTo(k * fw * 0.13 + fw * 0.08, -fh * 0.38);
                    g.fill(spike);
                }
            }
            default -> {
                // A side parting with a fringe over one half of the forehead.
                g.fill(new Arc2D.Double(-fw * 0.53, -fh * 0.57, fw * 1.06, fh * 0.55, 0, 180, Arc2D.CHORD));
                g.fill(new Ellipse2D.Double(-fw * 0.05, -fh * 0.36, fw * 0.55, fh * 0.2));
            }
        }
    }

    /** Lighting: a directional gradient, an overall brightness change and Gaussian pixel noise. */
    private static void light(BufferedImage image, Random r) {
        int n = image.getWidth();
        double dir = r.nextDouble() * 2 * Math.PI;
        double strength = r.nextDouble() * 0.45;
        double brightness = 0.8 + r.nextDouble() * 0.4;
        double noise = 4 + r.nextDouble() * 6;
        byte[] px = ((java.awt.image.DataBufferByte) image.getRaster().getDataBuffer()).getData();
        double dx = Math.cos(dir), dy = Math.sin(dir);
        for (int y = 0; y < n; y++) {
            for (int x = 0; x < n; x++) {
                double along = ((x - n / 2.0) * dx + (y - n / 2.0) * dy) / n;
                double factor = brightness * (1 + strength * along * 2);
                double grain = r.nextGaussian() * noise;
                for (int c = 0; c < 3; c++) {
                    int i = (y * n + x) * 3 + c;
                    double v = (px[i] & 0xff) * factor + grain;
                    px[i] = (byte) Math.max(0, Math.min(255, (int) Math.round(v)));
                }
            }
        }
    }

    private static Color gray(int v) {
        int c = Math.max(0, Math.min(255, v));
        return new Color(c, c, c);
    }

    private static long mix(long seed, int identity, int sample) {
        long h = seed * 0x9E3779B97F4A7C15L + identity * 0xC2B2AE3D27D4EB4FL + sample * 0x165667B19E3779F9L;
        h ^= h >>> 31;
        return h * 0xBF58476D1CE4E5B9L;
    }

    /** The fixed traits that make an identity. Lengths are fractions of the image size. */
    private record Traits(double faceWidth, double faceHeight, Color skin, Color hair, int hairStyle, double eyeSpacing,
                          double eyeY, double eyeSize, Color iris, double browThickness, double browTilt,
                          double noseLength, double noseWidth, double mouthWidth, double mouthY, double smile,
                          boolean glasses, boolean beard, boolean moustache, boolean mole, double moleX, double moleY) {
        static Traits of(Random r) {
            int[][] skins = {{255, 224, 189}, {234, 192, 134}, {198, 134, 66}, {141, 85, 36}, {255, 205, 148}, {110, 70, 40}};
            int[] s = skins[r.nextInt(skins.length)];
            int j = r.nextInt(30) - 15;
            Color skin = new Color(clamp(s[0] + j), clamp(s[1] + j), clamp(s[2] + j));
            // Black, dark brown, brown, auburn, red, blond, grey, white: hair differs in hue and in brightness.
            int[][] hairs = {{25, 20, 20}, {70, 45, 30}, {120, 80, 45}, {140, 60, 30}, {190, 80, 40}, {225, 195, 120}, {150, 150, 150}, {235, 235, 230}};
            int[] h = hairs[r.nextInt(hairs.length)];
            int k = r.nextInt(24) - 12;
            Color hair = new Color(clamp(h[0] + k), clamp(h[1] + k), clamp(h[2] + k));
            double fw = 0.50 + r.nextDouble() * 0.2;
            double fh = 0.66 + r.nextDouble() * 0.2;
            double eyeY = -0.12 + r.nextDouble() * 0.08;
            return new Traits(fw, fh, skin, hair, r.nextInt(6),
                    fw * (0.32 + r.nextDouble() * 0.16), eyeY, 0.03 + r.nextDouble() * 0.025,
                    new Color(r.nextInt(120), r.nextInt(120), r.nextInt(160)),
                    0.01 + r.nextDouble() * 0.02, (r.nextDouble() * 2 - 1) * 0.025,
                    0.1 + r.nextDouble() * 0.08, 0.04 + r.nextDouble() * 0.05,
                    fw * (0.3 + r.nextDouble() * 0.25), 0.14 + r.nextDouble() * 0.08, (r.nextDouble() * 2 - 1) * 0.06,
                    r.nextDouble() < 0.25, r.nextDouble() < 0.2, r.nextDouble() < 0.2,
                    r.nextDouble() < 0.5, r.nextDouble() * 1.4 - 0.7, 0.0 + r.nextDouble() * 0.2);
        }

        private static int clamp(int v) {
            return Math.max(0, Math.min(255, v));
        }
    }
}
