package io.siamese.data;

import io.siamese.data.augment.AugmentationConfig;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Rect;
import org.datavec.image.transform.ImageTransform;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ImageCacheTest {

    @TempDir
    Path dir;

    /** Cuts out the right two thirds of the top square and counts its calls: a deterministic stand-in for face detection. */
    static final class CountingCropper implements FaceCropper {
        final AtomicInteger calls = new AtomicInteger();
        final String parameters;

        CountingCropper(String parameters) {
            this.parameters = parameters;
        }

        @Override
        public Optional<Mat> crop(Mat image) {
            calls.incrementAndGet();
            int side = Math.min(image.rows(), image.cols()) * 2 / 3;
            try (Rect box = new Rect(image.cols() - side, 0, side, side); Mat region = new Mat(image, box)) {
                return Optional.of(region.clone());
            }
        }

        @Override
        public Optional<String> cacheKey() {
            return Optional.of("counting(" + parameters + ")");
        }
    }

    private List<FileImage> photos(int n) {
        List<FileImage> out = new ArrayList<>();
        for (int i = 0; i < n; i++) out.add(new FileImage(ImageFixtures.write(dir.resolve("photos/p" + i + ".jpg"), ImageFixtures.jpeg(70 + i, 50, i))));
        return out;
    }

    private static float[] floats(ImagePreprocessor p, ImageSource source, ImageTransform augmentation, long seed) {
        float[] out = new float[p.imageSize()];
        p.loadInto(source, augmentation, augmentation == null ? null : new Random(seed), out, 0);
        return out;
    }

    private ImageCache onDisk(Path folder) {
        return ImageCache.create(ImageCache.Config.DEFAULTS.withMemoryBytes(64L << 20).withFolder(folder));
    }

    @Test
    void cachedAndUncachedImagesGiveBitIdenticalFloatsWithAndWithoutAugmentation() {
        List<FileImage> images = photos(4);
        Path folder = dir.resolve("cache");
        CountingCropper cropper = new CountingCropper("a");
        ImagePreprocessor uncached = new ImagePreprocessor(24, 24, 3).withCache(ImageCache.none())
                .withFaceCropper(cropper, ImagePreprocessor.MissingFace.USE_WHOLE_IMAGE);
        ImagePreprocessor firstRun = uncached.withCache(onDisk(folder));
        ImagePreprocessor secondRun = uncached.withCache(onDisk(folder));
        ImageTransform augmentation = AugmentationConfig.BOTH.create();
        for (FileImage image : images) {
            for (ImageTransform a : new ImageTransform[] {null, augmentation}) {
                float[] expected = floats(uncached, image, a, 7);
                assertArrayEquals(expected, floats(firstRun, image, a, 7), "computed and kept");
                assertArrayEquals(expected, floats(firstRun, image, a, 7), "from memory");
                assertArrayEquals(expected, floats(secondRun, image, a, 7), "from disk, then memory");
            }
        }
        assertEquals(4, firstRun.cache().stats().computed());
        assertEquals(4, secondRun.cache().stats().diskHits());
        assertEquals(0, secondRun.cache().stats().computed());
        // Augmentation is applied after the cache: another seed gives another image from the same entry.
        assertFalse(java.util.Arrays.equals(floats(firstRun, images.get(0), augmentation, 7), floats(firstRun, images.get(0), augmentation, 8)));
    }

    @Test
    void aSecondRunNeitherDecodesNorDetectsAgain() {
        List<FileImage> images = photos(5);
        Path folder = dir.resolve("cache");
        CountingCropper firstCropper = new CountingCropper("same");
        ImagePreprocessor first = new ImagePreprocessor(16, 16, 1).withCache(onDisk(folder))
                .withFaceCropper(firstCropper, ImagePreprocessor.MissingFace.USE_WHOLE_IMAGE);
        for (int epoch = 0; epoch < 3; epoch++) for (FileImage image : images) first.load(image);
        assertEquals(5, firstCropper.calls.get(), "one detection per file over three epochs");
        assertEquals(10, first.cache().stats().memoryHits());

        CountingCropper secondCropper = new CountingCropper("same");
        ImagePreprocessor second = new ImagePreprocessor(16, 16, 1).withCache(onDisk(folder))
                .withFaceCropper(secondCropper, ImagePreprocessor.MissingFace.USE_WHOLE_IMAGE);
        for (FileImage image : images) assertEquals(first.load(image), second.load(image));
        assertEquals(0, secondCropper.calls.get(), "the next run reads the disk cache");
        assertEquals(5, second.cache().stats().diskHits());
    }

    @Test
    void otherPreprocessingsAndChangedFilesAreNeverServedStale() {
        FileImage image = photos(1).get(0);
        ImageCache shared = onDisk(dir.resolve("cache"));
        ImagePreprocessor small = new ImagePreprocessor(12, 12, 1).withCache(shared);
        ImagePreprocessor large = new ImagePreprocessor(20, 20, 3).withCache(shared);
        ImagePreprocessor croppedA = large.withFaceCropper(new CountingCropper("a"), ImagePreprocessor.MissingFace.USE_WHOLE_IMAGE);
        ImagePreprocessor croppedB = large.withFaceCropper(new CountingCropper("b"), ImagePreprocessor.MissingFace.FAIL);
        ImagePreprocessor none = new ImagePreprocessor(20, 20, 3).withCache(ImageCache.none());
        assertArrayEquals(new long[] {1, 1, 12, 12}, small.load(image).shape());
        assertEquals(none.load(image), large.load(image));
        assertEquals(none.withFaceCropper(new CountingCropper("a"), ImagePreprocessor.MissingFace.USE_WHOLE_IMAGE).load(image), croppedA.load(image));
        assertEquals(3, shared.stats().computed(), "three preprocessings, three entries");
        croppedB.load(image);
        assertEquals(4, shared.stats().computed(), "a cropper with other parameters is another entry");

        ImageFixtures.write(image.path(), ImageFixtures.jpeg(70, 50, 99));
        assertEquals(none.load(image), large.load(image), "a changed file is a new key");
    }

    @Test
    void aboveTheMemoryLimitImagesComeFromDiskOrAreDecodedAgain() {
        List<FileImage> images = photos(5);
        int bytes = 16 * 16;
        ImageCache withDisk = ImageCache.create(new ImageCache.Config(2L * bytes, dir.resolve("cache")));
        ImagePreprocessor p = new ImagePreprocessor(16, 16, 1).withCache(withDisk);
        for (int pass = 0; pass < 2; pass++) for (FileImage image : images) p.load(image);
        ImageCache.Stats stats = withDisk.stats();
        assertEquals(2, stats.memoryEntries());
        assertEquals(2L * bytes, stats.memoryBytes());
        assertEquals(5, stats.computed());
        assertEquals(2, stats.memoryHits());
        assertEquals(3, stats.diskHits());

        ImageCache memoryOnly = ImageCache.create(new ImageCache.Config(2L * bytes, null));
        ImagePreprocessor q = new ImagePreprocessor(16, 16, 1).withCache(memoryOnly);
        for (int pass = 0; pass < 2; pass++) for (FileImage image : images) q.load(image);
        assertEquals(8, memoryOnly.stats().computed(), "five, then the three that did not fit");
        assertEquals(2, memoryOnly.stats().memoryHits());
    }

    @Test
    void aDamagedDiskEntryIsIgnoredAndRewritten() throws IOException {
        FileImage image = photos(1).get(0);
        Path folder = dir.resolve("cache");
        ImagePreprocessor first = new ImagePreprocessor(16, 16, 3).withCache(onDisk(folder));
        float[] expected = floats(first, image, null, 0);
        Path entry;
        try (Stream<Path> files = Files.walk(folder)) {
            entry = files.filter(f -> f.toString().endsWith(".img")).findFirst().orElseThrow();
        }
        long size = Files.size(entry);
        Files.write(entry, new byte[] {1, 2, 3});
        ImagePreprocessor second = new ImagePreprocessor(16, 16, 3).withCache(onDisk(folder));
        assertArrayEquals(expected, floats(second, image, null, 0));
        assertEquals(1, second.cache().stats().computed());
        assertEquals(size, Files.size(entry), "rewritten whole");
    }

    @Test
    void twoThreadsAskingForOneMissingImageComputeItOnce() throws Exception {
        byte[] jpeg = ImageFixtures.jpeg(40, 40, 3);
        CountDownLatch secondAsked = new CountDownLatch(2);
        EncodedImage image = new EncodedImage() {
            @Override
            public byte[] encoded() {
                secondAsked.countDown();
                return jpeg;
            }

            @Override
            public String name() {
                return "shared.jpg";
            }
        };
        AtomicInteger detections = new AtomicInteger();
        FaceCropper slow = new FaceCropper() {
            @Override
            public Optional<Mat> crop(Mat m) {
                detections.incrementAndGet();
                try {
                    // Hold the first computation until the other thread has asked for the same image.
                    secondAsked.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return Optional.empty();
            }

            @Override
            public Optional<String> cacheKey() {
                return Optional.of("slow");
            }
        };
        ImagePreprocessor p = new ImagePreprocessor(16, 16, 1).withCache(ImageCache.create(new ImageCache.Config(1 << 20, null)))
                .withFaceCropper(slow, ImagePreprocessor.MissingFace.USE_WHOLE_IMAGE);
        float[][] results = new float[2][];
        Thread[] threads = new Thread[2];
        for (int t = 0; t < 2; t++) {
            int i = t;
            threads[t] = new Thread(() -> results[i] = floats(p, image, null, 0));
            threads[t].start();
        }
        for (Thread t : threads) t.join(20_000);
        assertEquals(1, detections.get());
        assertArrayEquals(results[0], results[1]);
    }

    @Test
    void generatedImagesAndCroppersWithoutAKeyAreComputedEveryTime() {
        ImagePreprocessor p = new ImagePreprocessor(16, 16, 1).withCache(ImageCache.create(new ImageCache.Config(1 << 20, dir.resolve("c"))));
        ImageSource generated = SyntheticFaces.dataset(new SyntheticFaces.Config(2, 2, 32, 1)).images().get(0).source();
        assertEquals(p.load(generated), p.load(generated));
        assertEquals(2, p.cache().stats().uncacheable());
        FaceCropper unnamed = image -> Optional.empty();
        ImagePreprocessor q = p.withFaceCropper(unnamed, ImagePreprocessor.MissingFace.USE_WHOLE_IMAGE);
        q.load(photos(1).get(0));
        assertEquals(3, p.cache().stats().uncacheable());
        assertFalse(Files.exists(dir.resolve("c")), "nothing was written");
    }

    @Test
    void unreadableImagesAreReportedAndNotCached() throws IOException {
        Path text = Files.writeString(dir.resolve("notes.jpg"), "not an image");
        ImagePreprocessor p = new ImagePreprocessor(16, 16, 1).withCache(onDisk(dir.resolve("cache")));
        for (int i = 0; i < 2; i++) {
            ImageDecodeException e = assertThrows(ImageDecodeException.class, () -> p.load(new FileImage(text)));
            assertTrue(e.getMessage().contains("notes.jpg"), e.getMessage());
        }
        assertEquals(0, p.cache().stats().memoryEntries());
        Path missing = dir.resolve("missing.jpg");
        assertTrue(assertThrows(ImageDecodeException.class, () -> p.load(new FileImage(missing))).getMessage().contains("missing.jpg"));
    }

    @Test
    void settingsComeFromThePropertyThenTheEnvironment() {
        assertEquals(Optional.empty(), ImageCache.folderSetting(null, null));
        assertEquals(Optional.empty(), ImageCache.folderSetting("off", "/somewhere"));
        assertEquals(Optional.of(ImageCache.userCacheFolder()), ImageCache.folderSetting(null, "default"));
        assertEquals(Optional.of(Path.of("/tmp/x")), ImageCache.folderSetting("/tmp/x", "default"));
        assertTrue(ImageCache.userCacheFolder().endsWith(Path.of("siamese", "images")));
        assertEquals(10L << 20, ImageCache.defaultMemoryBytes("10", 8L << 30));
        assertEquals(1L << 30, ImageCache.defaultMemoryBytes(null, 8L << 30));
        assertEquals(256L << 20, ImageCache.defaultMemoryBytes(null, 1L << 30));
        assertThrows(IllegalArgumentException.class, () -> ImageCache.defaultMemoryBytes("lots", 1L << 30));
        assertThrows(IllegalArgumentException.class, () -> new ImageCache.Config(-1, null));
    }
}
