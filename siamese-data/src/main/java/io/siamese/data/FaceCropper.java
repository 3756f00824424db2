package io.siamese.data;

import org.bytedeco.opencv.opencv_core.Mat;

import java.util.Optional;

/** Finds a face in an image and cuts it out with a margin, as a square. */
public interface FaceCropper {

    /** The crop of the largest face found, or empty when there is none. The input is not modified. */
    Optional<Mat> crop(Mat image);

    /**
     * Everything that decides the crop (detector, model file, parameters), as text: {@link ImageCache} keeps crops
     * under it, on disk too. Empty (the default) when the crops of this cropper must not be cached.
     */
    default Optional<String> cacheKey() {
        return Optional.empty();
    }
}
