package io.siamese.model;

import java.util.Arrays;

/** The embedding of one image: the output of the shared tower. Immutable. */
public final class Embedding {

    private final float[] values;

    public Embedding(float[] values) {
        if (values == null || values.length == 0) throw new IllegalArgumentException("an embedding needs at least one value");
        this.values = values.clone();
    }

    public int dimension() {
        return values.length;
    }

    /** A copy of the values. */
    public float[] values() {
        return values.clone();
    }

    /** The values themselves, not a copy: for this package's loops, which never write them. */
    float[] raw() {
        return values;
    }

    float get(int i) {
        return values[i];
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Embedding e && Arrays.equals(values, e.values);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(values);
    }

    @Override
    public String toString() {
        return "Embedding[" + values.length + "]";
    }
}
