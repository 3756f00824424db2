package io.siamese.data;

import io.siamese.data.augment.AugmentationConfig;
import io.siamese.data.face.HaarFaceCropper;
import org.bytedeco.javacpp.Pointer;
import org.bytedeco.opencv.opencv_core.Mat;
import org.datavec.image.transform.ImageTransform;
import org.datavec.image.data.ImageWritable;
import org.datavec.image.transform.FlipImageTransform;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;

import javax.imageio.ImageIO;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ImagePreprocessorTest {

    @TempDir
    Path dir;

    /** A 60x40 image: left half black, right half white, a red square top left. */
    private Path writeTestImage(String name) throws Exception {
        BufferedImage image = new BufferedImage(60, 40, BufferedImage.TYPE_3BYTE_BGR);
        var g = image.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(30, 0, 30, 40);
        g.setColor(Color.RED);
        g.fillRect(10, 0, 10, 10);
        g.dispose();
        Path file = dir.resolve(name);
        ImageIO.write(image, name.substring(name.lastIndexOf('.') + 1), file.toFile());
        return file;
    }

    @Test
    void outputIsNchwScaledToUnitRange() throws Exception {
        Path file = writeTestImage("a.png");
        INDArray rgb = new ImagePreprocessor(20, 20, 3).load(new FileImage(file));
        assertArrayEquals(new long[] {1, 3, 20, 20}, rgb.shape());
        assertEquals(0.0, rgb.minNumber().doubleValue(), 1e-6);
        assertEquals(1.0, rgb.maxNumber().doubleValue(), 1e-6);
        INDArray gray = new ImagePreprocessor(20, 20, 1).load(new FileImage(file));
        assertArrayEquals(new long[] {1, 1, 20, 20}, gray.shape());
        // The centre square of a 60x40 image is x in [10, 50): left half of it dark, right half bright.
        assertTrue(gray.getDouble(0, 0, 15, 2) < 0.05);
        assertTrue(gray.getDouble(0, 0, 15, 17) > 0.95);
    }

    @Test
    void channelsAreInBgrOrderAsNativeImageLoaderGivesThem() throws Exception {
        INDArray rgb = new ImagePreprocessor(40, 40, 3).load(new FileImage(writeTestImage("b.png")));
        // The red square sits at x 10..20 of the original, so x 0..10 of the 40x40 centre square, rows 0..10.
        assertTrue(rgb.getDouble(0, 2, 3, 3) > 0.9, "red is the third channel in BGR");
        assertTrue(rgb.getDouble(0, 0, 3, 3) < 0.1, "blue is the first channel in BGR");
    }

    @Test
    void valuesAreExactlyDataVecsNativeImageLoaderScaledToUnitRange() throws Exception {
        BufferedImage image = SyntheticFaces.render(3, 1, new SyntheticFaces.Config(4, 2, 32, 9));
        Path file = dir.resolve("face.png");
        ImageIO.write(image, "png", file.toFile());
        INDArray ours = new ImagePreprocessor(32, 32, 3).load(new FileImage(file));
        INDArray datavec = new org.datavec.image.loader.NativeImageLoader(32, 32, 3).asMatrix(file.toFile()).divi(255.0);
        assertEquals(datavec, ours);
    }

    @Test
    void allFormatsDecodeTheSame() throws Exception {
        ImagePreprocessor p = new ImagePreprocessor(16, 16, 1);
        INDArray png = p.load(new FileImage(writeTestImage("c.png")));
        INDArray bmp = p.load(new FileImage(writeTestImage("c.bmp")));
        assertEquals(png, bmp);
    }

    @Test
    void unreadableInputNamesTheFile() throws Exception {
        ImagePreprocessor p = new ImagePreprocessor(16, 16, 1);
        Path text = Files.writeString(dir.resolve("notes.jpg"), "not an image");
        ImageDecodeException e = assertThrows(ImageDecodeException.class, () -> p.load(new FileImage(text)));
        assertTrue(e.getMessage().contains("notes.jpg"), e.getMessage());
        Path missing = dir.resolve("missing.png");
        assertTrue(assertThrows(ImageDecodeException.class, () -> p.load(new FileImage(missing))).getMessage().contains("missing.png"));
        Path empty = Files.write(dir.resolve("empty.png"), new byte[0]);
        assertTrue(assertThrows(ImageDecodeException.class, () -> p.load(new FileImage(empty))).getMessage().contains("empty"));
    }

    @Test
    void augmentationIsAppliedWithTheGivenRandom() throws Exception {
        ImagePreprocessor p = new ImagePreprocessor(20, 20, 1);
        FileImage source = new FileImage(writeTestImage("d.png"));
        INDArray plain = p.load(source);
        // With a null random DataVec's flip uses its fixed mode (1: around the vertical axis); with a random it picks a mode.
        INDArray flipped = p.load(source, new FlipImageTransform(1), null);
        assertNotEquals(plain, flipped);
        assertEquals(plain.getDouble(0, 0, 10, 2), flipped.getDouble(0, 0, 10, 17), 1e-6, "a horizontal flip mirrors columns");
    }

    @Test
    void faceCroppingUsesTheCropOrFailsWhenAsked() throws Exception {
        FileImage source = new FileImage(writeTestImage("e.png"));
        FaceCropper rightHalf = image -> Optional.of(new Mat(image, new org.bytedeco.opencv.opencv_core.Rect(30, 0, 30, 30)).clone());
        INDArray cropped = new ImagePreprocessor(8, 8, 1).withFaceCropper(rightHalf, ImagePreprocessor.MissingFace.FAIL).load(source);
        assertEquals(1.0, cropped.minNumber().doubleValue(), 1e-6, "the right half is all white");
        FaceCropper none = image -> Optional.empty();
        ImagePreprocessor strict = new ImagePreprocessor(8, 8, 1).withFaceCropper(none, ImagePreprocessor.MissingFace.FAIL);
        NoFaceException e = assertThrows(NoFaceException.class, () -> strict.load(source));
        assertTrue(e.getMessage().contains("e.png"));
        ImagePreprocessor lenient = new ImagePreprocessor(8, 8, 1).withFaceCropper(none, ImagePreprocessor.MissingFace.USE_WHOLE_IMAGE);
        assertEquals(new ImagePreprocessor(8, 8, 1).load(source), lenient.load(source));
    }

    /**
     * Decoding, face detection, conversions and augmentation make a dozen native objects per image; they must be
     * released when the image is done, not left for a garbage collection that a small heap never triggers.
     */
    @Test
    void preprocessingLeavesNoNativeMemoryBehind() throws Exception {
        Path file = writeTestImage("leak.jpg");
        ImageCacheTest.CountingCropper fixedCrop = new ImageCacheTest.CountingCropper("leak");
        List<ImagePreprocessor> pipelines = List.of(
                new ImagePreprocessor(24, 24, 3).withCache(ImageCache.none()),
                new ImagePreprocessor(24, 24, 1).withCache(ImageCache.none()).withFaceCropper(new HaarFaceCropper(), ImagePreprocessor.MissingFace.USE_WHOLE_IMAGE),
                new ImagePreprocessor(24, 24, 3).withCache(ImageCache.none()).withFaceCropper(fixedCrop, ImagePreprocessor.MissingFace.USE_WHOLE_IMAGE));
        ImageTransform augmentation = AugmentationConfig.BOTH.create();
        Mat frame = new FileImage(file).decode();
        for (ImagePreprocessor p : pipelines) {
            float[] target = new float[p.imageSize()];
            for (int i = 0; i < 3; i++) {
                // Warm-up: classes load and the pools fill.
                p.loadInto(new FileImage(file), augmentation, new Random(i), target, 0);
                p.fromMatInto(frame, "frame", target, 0);
            }
            long before = Pointer.totalCount(), bytesBefore = Pointer.totalBytes();
            for (int i = 0; i < 40; i++) p.loadInto(new FileImage(file), i % 2 == 0 ? null : augmentation, new Random(i), target, 0);
            // The JavaCPP deallocator thread may free older garbage meanwhile: counts can only go down.
            assertTrue(Pointer.totalCount() <= before, "live native pointers grew from " + before + " to " + Pointer.totalCount());
            assertTrue(Pointer.totalBytes() <= bytesBefore, "native bytes grew from " + bytesBefore + " to " + Pointer.totalBytes());
            long framesBefore = Pointer.totalCount();
            for (int i = 0; i < 40; i++) p.fromMatInto(frame, "frame", target, 0);
            assertTrue(Pointer.totalCount() <= framesBefore, "the live path left " + (Pointer.totalCount() - framesBefore) + " pointers");
        }
        assertTrue(fixedCrop.calls.get() > 40, "the cropping pipeline ran");
    }

    @Test
    void theLivePathComputesWhatItAlwaysDid() throws Exception {
        Path file = writeTestImage("live.png");
        Mat frame = new FileImage(file).decode();
        ImagePreprocessor p = new ImagePreprocessor(20, 20, 1);
        // The reference: grayscale, centre square, area resize, divided by 255, written out step by step.
        Mat gray = new Mat();
        org.bytedeco.opencv.global.opencv_imgproc.cvtColor(frame, gray, org.bytedeco.opencv.global.opencv_imgproc.COLOR_BGR2GRAY);
        Mat square = new Mat(gray, new org.bytedeco.opencv.opencv_core.Rect(10, 0, 40, 40));
        Mat small = new Mat();
        org.bytedeco.opencv.global.opencv_imgproc.resize(square, small, new org.bytedeco.opencv.opencv_core.Size(20, 20), 0, 0,
                org.bytedeco.opencv.global.opencv_imgproc.INTER_AREA);
        byte[] pixels = new byte[400];
        small.data().get(pixels);
        float[] expected = new float[400];
        for (int i = 0; i < 400; i++) expected[i] = (pixels[i] & 0xff) / 255f;
        assertArrayEquals(expected, p.fromMat(frame, "frame").data().asFloat());
        assertEquals(p.fromMat(frame, "frame"), p.load(new FileImage(file)), "a frame and its file give the same input");
        assertEquals(3, frame.channels(), "the caller's frame is untouched");
        assertEquals(60, frame.cols());
    }

    @Test
    void matsRoundTripThroughBufferedImages() {
        BufferedImage image = SyntheticFaces.render(0, 0, new SyntheticFaces.Config(2, 2, 24, 1));
        Mat mat = Mats.fromBufferedImage(image);
        assertEquals(24, mat.rows());
        assertEquals(3, mat.channels());
        BufferedImage back = Mats.toBufferedImage(mat);
        assertArrayEquals(((java.awt.image.DataBufferByte) image.getRaster().getDataBuffer()).getData(),
                ((java.awt.image.DataBufferByte) back.getRaster().getDataBuffer()).getData());
        assertTrue(new ImageWritable() != null);
    }
}
