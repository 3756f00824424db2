package io.siamese.training;

import io.siamese.data.DataProblems;
import io.siamese.data.ImageDecodeException;
import io.siamese.data.ImagePreprocessor;
import io.siamese.data.ImageRef;
import io.siamese.data.ImageSource;
import io.siamese.model.Embedding;
import io.siamese.model.SiameseModel;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/**
 * Embeds each distinct image once, in batches, so that evaluating thousands of pairs or one-shot trials costs one
 * tower pass per image and one cheap head evaluation per comparison. Unreadable images are reported and left out.
 */
final class Embedder {

    private static final int BATCH = 32;

    private Embedder() {
    }

    static Map<ImageSource, Embedding> embed(SiameseModel model, Collection<ImageRef> refs, ImagePreprocessor preprocessor, DataProblems problems) {
        LinkedHashSet<ImageSource> unique = new LinkedHashSet<>();
        for (ImageRef r : refs) unique.add(r.source());
        Map<ImageSource, Embedding> out = new LinkedHashMap<>();
        List<ImageSource> batch = new ArrayList<>(BATCH);
        List<INDArray> tensors = new ArrayList<>(BATCH);
        for (ImageSource source : unique) {
            if (problems.wasSkipped(source.name())) continue;
            try {
                tensors.add(preprocessor.load(source));
                batch.add(source);
            } catch (ImageDecodeException e) {
                problems.skip(source.name(), e.getMessage());
            }
            if (batch.size() == BATCH) flush(model, batch, tensors, out);
        }
        flush(model, batch, tensors, out);
        return out;
    }

    private static void flush(SiameseModel model, List<ImageSource> batch, List<INDArray> tensors, Map<ImageSource, Embedding> out) {
        if (batch.isEmpty()) return;
        List<Embedding> embeddings = model.embedAll(Nd4j.concat(0, tensors.toArray(new INDArray[0])));
        for (int i = 0; i < batch.size(); i++) out.put(batch.get(i), embeddings.get(i));
        batch.clear();
        tensors.clear();
    }
}
