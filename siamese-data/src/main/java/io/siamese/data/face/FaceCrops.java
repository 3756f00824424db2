package io.siamese.data.face;

import io.siamese.data.DataProblems;
import io.siamese.data.EncodedImage;
import io.siamese.data.FaceCropper;
import io.siamese.data.ImageDataset;
import io.siamese.data.ImageDecodeException;
import io.siamese.data.ImageRef;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.opencv.opencv_core.Mat;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static org.bytedeco.opencv.global.opencv_imgcodecs.imencode;

/**
 * A dataset whose images are replaced, once, by the faces cut out of them, kept in memory as lossless PNG bytes. It
 * lets one run mix datasets that need cropping (whole-head photos such as the Yale faces) with datasets that are
 * already face crops (the AT&T faces) under one preprocessing: the faces are found once, here, not at every epoch,
 * and the image cache keys them by their own bytes. An image without a detectable face is kept whole, and counted.
 */
public final class FaceCrops {

    private FaceCrops() {
    }

    /** An image held in memory as encoded bytes (a PNG of a face crop). */
    public record MemoryImage(String name, byte[] bytes) implements EncodedImage {
        @Override
        public byte[] encoded() {
            return bytes.clone();
        }
    }

    /** What {@link #of} made: the cropped dataset and how many images had no face (kept whole). */
    public record Result(ImageDataset dataset, int withoutFace) {
    }

    /**
     * Every image of {@code dataset} with its largest face cut out by {@code cropper}; unreadable images are reported
     * to {@code problems} and left out.
     */
    public static Result of(ImageDataset dataset, FaceCropper cropper, DataProblems problems) {
        List<ImageRef> out = new ArrayList<>(dataset.size());
        int withoutFace = 0;
        for (ImageRef ref : dataset.images()) {
            try (PointerScope scope = new PointerScope()) {
                Mat image = ref.source().decode();
                Optional<Mat> face = cropper.crop(image);
                if (face.isEmpty()) withoutFace++;
                out.add(new ImageRef(ref.identity(), ref.group(), new MemoryImage(ref.name() + "#face", png(face.orElse(image), ref.name()))));
            } catch (ImageDecodeException e) {
                problems.skip(ref.name(), e.getMessage());
            }
        }
        return new Result(new ImageDataset(dataset.name() + "/faces", dataset.layout(), out), withoutFace);
    }

    private static byte[] png(Mat image, String name) {
        try (BytePointer encoded = new BytePointer()) {
            if (!imencode(".png", image, encoded)) throw new ImageDecodeException("OpenCV could not encode the face of " + name + " as PNG");
            byte[] bytes = new byte[(int) encoded.limit()];
            encoded.get(bytes);
            return bytes;
        }
    }
}
