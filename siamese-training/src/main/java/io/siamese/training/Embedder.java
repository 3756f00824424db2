package io.siamese.training;

import io.siamese.data.DataProblems;
import io.siamese.data.ImageDecodeException;
import io.siamese.data.ImagePreprocessor;
import io.siamese.data.ImageRef;
import io.siamese.data.ImageSource;
import io.siamese.model.Embedding;
import io.siamese.model.SiameseModel;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/**
 * Embeds each distinct image once, in batches, so that evaluating thousands of pairs or one-shot trials costs one
 * tower pass per image and one cheap head evaluation per comparison. Images come through the preprocessor's
 * {@link io.siamese.data.ImageCache}, so an image already seen in training or an earlier evaluation is not decoded
 * again. Unreadable images are reported and left out.
 */
final class Embedder {

    private static final int BATCH = 32;

    private Embedder() {
    }

    static Map<ImageSource, Embedding> embed(SiameseModel model, Collection<ImageRef> refs, ImagePreprocessor preprocessor, DataProblems problems) {
        LinkedHashSet<ImageSource> unique = new LinkedHashSet<>();
        for (ImageRef r : refs) unique.add(r.source());
        Map<ImageSource, Embedding> out = new LinkedHashMap<>();
        int size = preprocessor.imageSize();
        float[] buffer = new float[BATCH * size];
        List<ImageSource> batch = new ArrayList<>(BATCH);
        for (ImageSource source : unique) {
            if (problems.wasSkipped(source.name())) continue;
            try {
                preprocessor.loadInto(source, null, null, buffer, batch.size() * size);
                batch.add(source);
            } catch (ImageDecodeException e) {
                problems.skip(source.name(), e.getMessage());
            }
            if (batch.size() == BATCH) flush(model, preprocessor, batch, buffer, out);
        }
        flush(model, preprocessor, batch, buffer, out);
        return out;
    }

    private static void flush(SiameseModel model, ImagePreprocessor preprocessor, List<ImageSource> batch, float[] buffer,
                              Map<ImageSource, Embedding> out) {
        if (batch.isEmpty()) return;
        int n = batch.size();
        INDArray images = preprocessor.batch(buffer, n);
        try {
            List<Embedding> embeddings = model.embedAll(images);
            for (int i = 0; i < n; i++) out.put(batch.get(i), embeddings.get(i));
        } finally {
            // The batch's native buffer is freed now rather than at a garbage collection a small heap may never run.
            if (images.closeable()) images.close();
        }
        batch.clear();
    }
}
