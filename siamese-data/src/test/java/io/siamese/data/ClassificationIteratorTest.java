package io.siamese.data;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.api.MultiDataSet;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ClassificationIteratorTest {

    private final ImageDataset faces = SyntheticFaces.dataset(new SyntheticFaces.Config(5, 4, 16, 3));
    private final ImagePreprocessor preprocessor = new ImagePreprocessor(16, 16, 1);

    private static List<MultiDataSet> pass(ClassificationIterator iterator) {
        List<MultiDataSet> batches = new ArrayList<>();
        while (iterator.hasNext()) batches.add(iterator.next());
        return batches;
    }

    @Test
    void aPassShowsEveryImageOnceWithItsIdentitysOneHotLabel() {
        ClassificationIterator.Classes classes = ClassificationIterator.Classes.of(faces, 2, 1);
        assertEquals(5, classes.count());
        assertEquals(20, classes.imageCount());
        List<MultiDataSet> batches = pass(new ClassificationIterator(classes, preprocessor, 6, null, 1, new DataProblems()));
        assertEquals(4, batches.size());
        Map<String, Integer> seen = new HashMap<>();
        int[] perClass = new int[5];
        for (MultiDataSet batch : batches) {
            INDArray x = batch.getFeatures(0), y = batch.getLabels(0);
            assertEquals(x.size(0), y.size(0));
            for (int i = 0; i < y.size(0); i++) {
                assertEquals(1.0, y.getRow(i).sumNumber().doubleValue(), 0);
                int label = y.getRow(i).argMax().getInt(0);
                perClass[label]++;
                // The features are the preprocessed image of an image of that identity.
                float[] row = x.get(org.nd4j.linalg.indexing.NDArrayIndex.point(i)).dup().data().asFloat();
                String key = Arrays.toString(row);
                seen.merge(key, 1, Integer::sum);
                boolean matches = classes.images().get(label).stream()
                        .anyMatch(ref -> Arrays.equals(preprocessor.load(ref.source()).data().asFloat(), row));
                assertTrue(matches, "row " + i + " is an image of class " + label);
            }
        }
        assertArrayEquals(new int[] {4, 4, 4, 4, 4}, perClass);
        assertEquals(20, seen.size(), "every image exactly once");
    }

    @Test
    void theSameSeedGivesTheSameOrderAndAnotherSeedAnother() {
        ClassificationIterator.Classes classes = ClassificationIterator.Classes.of(faces, 2, 1);
        INDArray a = pass(new ClassificationIterator(classes, preprocessor, 20, null, 7, new DataProblems())).get(0).getLabels(0);
        INDArray b = pass(new ClassificationIterator(classes, preprocessor, 20, null, 7, new DataProblems())).get(0).getLabels(0);
        INDArray c = pass(new ClassificationIterator(classes, preprocessor, 20, null, 8, new DataProblems())).get(0).getLabels(0);
        assertEquals(a, b);
        assertNotEquals(a, c);
    }

    @Test
    void rotationsMakeFourClassesPerIdentityAndTurnTheImage() {
        ClassificationIterator.Classes classes = ClassificationIterator.Classes.of(faces, 2, 4);
        assertEquals(20, classes.count());
        MultiDataSet batch = pass(new ClassificationIterator(classes, preprocessor, 20, null, 3, new DataProblems())).get(0);
        int[] rotationsSeen = new int[4];
        for (int i = 0; i < 20; i++) {
            int label = batch.getLabels(0).getRow(i).argMax().getInt(0);
            int identity = label / 4, quarters = label % 4;
            rotationsSeen[quarters]++;
            float[] row = batch.getFeatures(0).get(org.nd4j.linalg.indexing.NDArrayIndex.point(i)).dup().data().asFloat();
            boolean matches = classes.images().get(identity).stream().anyMatch(ref -> {
                float[] image = preprocessor.load(ref.source()).data().asFloat();
                ClassificationIterator.rotate(image, 0, 1, 16, quarters);
                return Arrays.equals(image, row);
            });
            assertTrue(matches, "row " + i + " is an image of identity " + identity + " turned " + quarters + " quarters");
        }
        assertTrue(Arrays.stream(rotationsSeen).filter(n -> n > 0).count() >= 3, Arrays.toString(rotationsSeen));
    }

    @Test
    void aQuarterTurnIsCounterClockwiseAndFourAreNone() {
        // 2x2, one channel: [a b; c d] turned a quarter counter-clockwise is [b d; a c].
        float[] image = {1, 2, 3, 4};
        ClassificationIterator.rotate(image, 0, 1, 2, 1);
        assertArrayEquals(new float[] {2, 4, 1, 3}, image);
        float[] big = new float[2 * 9];
        for (int i = 0; i < big.length; i++) big[i] = i;
        float[] copy = big.clone();
        for (int q = 0; q < 4; q++) ClassificationIterator.rotate(big, 0, 2, 3, 1);
        assertArrayEquals(copy, big);
        ClassificationIterator.rotate(big, 0, 2, 3, 2);
        ClassificationIterator.rotate(big, 0, 2, 3, -2);
        assertArrayEquals(copy, big);
    }

    @Test
    void identitiesWithTooFewImagesAreNotClasses() {
        assertThrows(DatasetException.class, () -> ClassificationIterator.Classes.of(faces, 5, 1));
        assertEquals(5, ClassificationIterator.Classes.of(faces, 4, 1).count());
    }
}
