package io.siamese.app;

import io.siamese.data.Mats;
import io.siamese.data.SyntheticFaces;
import io.siamese.data.face.HaarFaceCropper;
import io.siamese.model.Calibration;
import io.siamese.model.ModelSpec;
import io.siamese.model.Names;
import io.siamese.model.OptimizerSpec;
import io.siamese.model.SiameseModel;
import io.siamese.model.SiameseNetwork;

import org.bytedeco.ffmpeg.global.avcodec;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.bytedeco.javacv.Java2DFrameConverter;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/** Fixtures shared by the app's tests: synthetic faces the Haar cascade finds, noise, and small random models. */
public final class TestFaces {

    /** 64-pixel synthetic faces; the seed fixes the people and the pictures. */
    public static final SyntheticFaces.Config FACES = new SyntheticFaces.Config(40, 24, 64, 42);

    private TestFaces() {
    }

    /**
     * The first {@code count} renderings in which the Haar cascade finds a face, of each of {@code people} different
     * synthetic people (the first people that have that many).
     */
    public static List<List<BufferedImage>> detectablePeople(int people, int count) {
        HaarFaceCropper cropper = new HaarFaceCropper();
        List<List<BufferedImage>> out = new ArrayList<>();
        for (int identity = 0; identity < FACES.identities() && out.size() < people; identity++) {
            List<BufferedImage> found = new ArrayList<>();
            for (int sample = 0; sample < FACES.imagesPerIdentity() && found.size() < count; sample++) {
                BufferedImage image = SyntheticFaces.render(identity, sample, FACES);
                if (cropper.detect(Mats.fromBufferedImage(image)).isPresent()) found.add(image);
            }
            if (found.size() == count) out.add(found);
        }
        if (out.size() < people) throw new IllegalStateException("only " + out.size() + " synthetic people have " + count + " detectable renderings");
        return out;
    }

    /**
     * The first {@code count} renderings of one synthetic person in which OpenCV's Haar cascade finds a face. The
     * drawings are cartoons, so the cascade finds a face in some of them only; searching keeps the tests independent
     * of which ones.
     */
    public static List<BufferedImage> detectable(int count) {
        HaarFaceCropper cropper = new HaarFaceCropper();
        for (int identity = 0; identity < FACES.identities(); identity++) {
            List<BufferedImage> found = new ArrayList<>();
            for (int sample = 0; sample < FACES.imagesPerIdentity() && found.size() < count; sample++) {
                BufferedImage image = SyntheticFaces.render(identity, sample, FACES);
                if (cropper.detect(Mats.fromBufferedImage(image)).isPresent()) found.add(image);
            }
            if (found.size() == count) return found;
        }
        throw new IllegalStateException("no synthetic person has " + count + " renderings with a face the Haar cascade finds");
    }

    /** Writes images as PNG files {@code prefix-00.png} ... into a folder (created if needed). */
    public static List<Path> write(Path folder, String prefix, List<BufferedImage> images) {
        List<Path> files = new ArrayList<>();
        try {
            Files.createDirectories(folder);
            for (int i = 0; i < images.size(); i++) {
                Path file = folder.resolve(String.format(Locale.ROOT, "%s-%02d.png", prefix, i));
                ImageIO.write(images.get(i), "png", file.toFile());
                files.add(file);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return files;
    }

    /** Seeded uniform noise, BGR: no face in it. */
    public static BufferedImage noise(int width, int height, long seed) {
        Random random = new Random(seed);
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_3BYTE_BGR);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) image.setRGB(x, y, random.nextInt(1 << 24));
        }
        return image;
    }

    /** Width of the videos {@link #writeVideo} writes. */
    public static final int VIDEO_WIDTH = 96;
    /** Height of the videos {@link #writeVideo} writes. */
    public static final int VIDEO_HEIGHT = 64;

    /** Writes a short MJPEG/AVI clip of synthetic faces with JavaCV's FFmpeg recorder. */
    public static Path writeVideo(Path file, int frames, double frameRate) throws Exception {
        Java2DFrameConverter converter = new Java2DFrameConverter();
        try (FFmpegFrameRecorder recorder = new FFmpegFrameRecorder(file.toFile(), VIDEO_WIDTH, VIDEO_HEIGHT)) {
            recorder.setFormat("avi");
            recorder.setVideoCodec(avcodec.AV_CODEC_ID_MJPEG);
            recorder.setPixelFormat(avutil.AV_PIX_FMT_YUVJ420P);
            recorder.setFrameRate(frameRate);
            recorder.setVideoQuality(2);
            recorder.start();
            for (int i = 0; i < frames; i++) {
                BufferedImage canvas = new BufferedImage(VIDEO_WIDTH, VIDEO_HEIGHT, BufferedImage.TYPE_3BYTE_BGR);
                canvas.getGraphics().drawImage(SyntheticFaces.render(i % 3, i, FACES), (VIDEO_WIDTH - FACES.size()) / 2, 0, null);
                recorder.record(converter.convert(canvas));
            }
            recorder.stop();
        }
        return file;
    }

    /** A compact model with random weights (seeded) and the given calibration. */
    public static SiameseModel randomModel(long seed, Calibration calibration) {
        return new SiameseModel(SiameseNetwork.create(ModelSpec.compact(), OptimizerSpec.DEFAULTS, seed), calibration);
    }

    /**
     * A compact model with a random tower (seeded) and a head that scores by distance alone: {@code sigmoid(-|a - b|_1)},
     * so an image compared with itself scores exactly 0.5 and any other image less. Tests of identification use it to
     * know which person must win without a trained model.
     */
    public static SiameseModel distanceModel(long seed, Calibration calibration) {
        SiameseNetwork network = SiameseNetwork.create(ModelSpec.compact(), OptimizerSpec.DEFAULTS, seed);
        var graph = network.graph();
        graph.setParam(Names.weights(Names.SCORE), graph.getParam(Names.weights(Names.SCORE)).assign(-1.0));
        graph.setParam(Names.bias(Names.SCORE), graph.getParam(Names.bias(Names.SCORE)).assign(0.0));
        return new SiameseModel(network, calibration);
    }

    /** {@link #distanceModel} saved as a model file in {@code dir}. */
    public static Path distanceModelFile(Path dir, long seed, Calibration calibration) {
        Path file = dir.resolve("distance-model-" + seed + ".zip");
        distanceModel(seed, calibration).save(file);
        return file;
    }

    /** Two faces side by side on one canvas, for refusals of photos that show two people. */
    public static BufferedImage twoFaces(BufferedImage left, BufferedImage right) {
        BufferedImage canvas = new BufferedImage(left.getWidth() + right.getWidth() + 32, Math.max(left.getHeight(), right.getHeight()) + 32,
                BufferedImage.TYPE_3BYTE_BGR);
        var g = canvas.createGraphics();
        g.setColor(java.awt.Color.GRAY);
        g.fillRect(0, 0, canvas.getWidth(), canvas.getHeight());
        g.drawImage(left, 8, 16, null);
        g.drawImage(right, left.getWidth() + 24, 16, null);
        g.dispose();
        return canvas;
    }

    /** A random-weight model saved as a model file in {@code dir}. */
    public static Path randomModelFile(Path dir, long seed, Calibration calibration) {
        Path file = dir.resolve("model-" + seed + ".zip");
        randomModel(seed, calibration).save(file);
        return file;
    }
}
