package io.siamese.training.floor;

import java.util.List;

/** The standard floors of each kind of data. */
public final class Floors {

    private Floors() {
    }

    /** Faces: raw-pixel L1 and uniform-LBP histograms over a {@code lbpGrid x lbpGrid} grid of cells. */
    public static List<ImageDistance<?>> faces(int lbpGrid) {
        return List.of(new PixelL1(), new LbpChiSquare(lbpGrid));
    }

    /** Handwritten characters (Omniglot): raw-pixel L1 and Lake's Modified Hausdorff distance on the strokes. */
    public static List<ImageDistance<?>> drawings() {
        return List.of(new PixelL1(), new ModifiedHausdorff());
    }
}
