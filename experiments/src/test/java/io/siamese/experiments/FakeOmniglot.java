package io.siamese.experiments;

import javax.imageio.ImageIO;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Random;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * A tiny archive in Omniglot's published layout ({@code images_background_small1/Alphabet/characterNN/ID_DD.png}):
 * each character is a few random strokes, each drawer redraws them with jitter. For fast experiment tests.
 */
public final class FakeOmniglot {

    public static Path write(Path dir, int alphabets, int characters, int drawers) throws IOException {
        Files.createDirectories(dir);
        Path zip = dir.resolve("images_background_small1.zip");
        try (OutputStream file = Files.newOutputStream(zip); ZipOutputStream out = new ZipOutputStream(file)) {
            int id = 1;
            for (int a = 0; a < alphabets; a++) {
                for (int c = 1; c <= characters; c++, id++) {
                    long shape = a * 1000L + c;
                    for (int d = 1; d <= drawers; d++) {
                        String name = String.format(Locale.ROOT, "images_background_small1/Alphabet%d/character%02d/%04d_%02d.png", a, c, id, d);
                        out.putNextEntry(new ZipEntry(name));
                        out.write(png(shape, d));
                        out.closeEntry();
                    }
                }
            }
        }
        return dir;
    }

    private static byte[] png(long shape, int drawer) throws IOException {
        BufferedImage image = new BufferedImage(105, 105, BufferedImage.TYPE_BYTE_GRAY);
        Graphics2D g = image.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, 105, 105);
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setColor(Color.BLACK);
        g.setStroke(new BasicStroke(4));
        Random strokes = new Random(shape);
        Random jitter = new Random(shape * 31 + drawer);
        int[] x = new int[4], y = new int[4];
        for (int i = 0; i < 4; i++) {
            x[i] = 15 + strokes.nextInt(75) + jitter.nextInt(7) - 3;
            y[i] = 15 + strokes.nextInt(75) + jitter.nextInt(7) - 3;
        }
        g.drawPolyline(x, y, 4);
        g.dispose();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ImageIO.write(image, "png", bytes);
        return bytes.toByteArray();
    }

    private FakeOmniglot() {
    }
}
