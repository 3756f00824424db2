package io.siamese.data.face;

import io.siamese.data.DataProblems;
import io.siamese.data.FaceCropper;
import io.siamese.data.IdentityFoldersReader;
import io.siamese.data.ImageDataset;
import io.siamese.data.ImagePreprocessor;
import io.siamese.data.ImageRef;
import io.siamese.data.SharedDatasets;
import io.siamese.data.SyntheticFaces;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Rect;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FaceCropsTest {

    private final ImageDataset faces = SyntheticFaces.dataset(new SyntheticFaces.Config(3, 2, 40, 1));

    @Test
    void eachImageBecomesItsCropAndKeepsItsIdentity() {
        // A cropper that cuts out the top-left 20x20 of every image.
        FaceCropper topLeft = image -> Optional.of(new Mat(image, new Rect(0, 0, 20, 20)).clone());
        FaceCrops.Result result = FaceCrops.of(faces, topLeft, new DataProblems());
        assertEquals(0, result.withoutFace());
        assertEquals(faces.size(), result.dataset().size());
        ImagePreprocessor whole = new ImagePreprocessor(20, 20, 3);
        for (int i = 0; i < faces.size(); i++) {
            ImageRef original = faces.images().get(i), cropped = result.dataset().images().get(i);
            assertEquals(original.identity(), cropped.identity());
            Mat decoded = cropped.source().decode();
            assertEquals(20, decoded.cols());
            assertEquals(20, decoded.rows());
            // Lossless: the crop's pixels are the original's top-left corner.
            float[] expected = whole.fromMat(new Mat(original.source().decode(), new Rect(0, 0, 20, 20)).clone(), "expected").data().asFloat();
            assertArrayEquals(expected, whole.load(cropped.source()).data().asFloat());
        }
    }

    @Test
    void anImageWithoutAFaceIsKeptWholeAndCounted() {
        FaceCrops.Result result = FaceCrops.of(faces, image -> Optional.empty(), new DataProblems());
        assertEquals(faces.size(), result.withoutFace());
        ImagePreprocessor p = new ImagePreprocessor(40, 40, 3);
        assertTrue(Arrays.equals(p.load(faces.images().get(0).source()).data().asFloat(),
                p.load(result.dataset().images().get(0).source()).data().asFloat()));
    }

    @Test
    @Tag("dataset")
    void theCascadeFindsEveryYaleFace() {
        Optional<Path> yale = SharedDatasets.yaleFaces();
        Assumptions.assumeTrue(yale.isPresent(), "the Yale faces are not in ../shared/datasets");
        FaceCrops.Result result = FaceCrops.of(IdentityFoldersReader.read(yale.get(), new DataProblems()), new HaarFaceCropper(), new DataProblems());
        assertEquals(164, result.dataset().size());
        assertEquals(0, result.withoutFace());
    }
}
