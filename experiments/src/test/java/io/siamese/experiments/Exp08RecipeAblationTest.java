package io.siamese.experiments;

import io.siamese.training.Recipe;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class Exp08RecipeAblationTest {

    @Test
    void spreadOverFoldsSkipsFiguresThatARowDoesNotHave() {
        // A floor's row has no threshold figures or minutes: the second fold made the summary fail before.
        List<Map<String, Double>> floorRuns = List.of(Map.of("eer", 0.10), Map.of("eer", 0.20));
        assertEquals(0.15, Exp08RecipeAblation.mean(floorRuns, "eer"), 1e-12);
        assertEquals(Math.sqrt(0.005), Exp08RecipeAblation.sd(floorRuns, "eer"), 1e-12);
        assertTrue(Double.isNaN(Exp08RecipeAblation.mean(floorRuns, "minutes")));
        assertEquals(0, Exp08RecipeAblation.sd(floorRuns, "minutes"));
    }

    @Test
    void epochVariantsScaleBothStages() {
        Recipe faces = Recipe.faces();
        Exp08RecipeAblation.Variant longer = Exp08RecipeAblation.variant("long", faces);
        assertEquals(faces.training().pretraining().epochs() * 3 / 2, longer.training().pretraining().epochs());
        assertEquals(faces.training().epochs() * 3 / 2, longer.training().epochs());
        Exp08RecipeAblation.Variant shorter = Exp08RecipeAblation.variant("short", faces);
        assertEquals(faces.training().pretraining().epochs() / 2, shorter.training().pretraining().epochs());
        assertEquals(faces.training().epochs() / 2, shorter.training().epochs());
        // Nothing else changes: same model, same negatives, same augmentation.
        assertEquals(faces.spec(), longer.spec());
        assertEquals(faces.training().negatives(), longer.training().negatives());
        assertEquals(faces.training().augmentation(), longer.training().augmentation());
    }

    @Test
    void transferStartsFromTheGivenTowerAndFineTuningQuartersBothRates() {
        Recipe faces = Recipe.faces();
        Exp08RecipeAblation.Variant transfer = Exp08RecipeAblation.variant("transfer+finetune-lr", faces);
        assertTrue(transfer.transfer());
        assertFalse(Exp08RecipeAblation.variant("recipe", faces).transfer());
        assertEquals(faces.training().optimizer().learningRate() / 4, transfer.training().optimizer().learningRate(), 1e-12);
        assertEquals(faces.training().pretraining().optimizer().learningRate() / 4, transfer.training().pretraining().optimizer().learningRate(), 1e-12);
        assertEquals(faces.training().pretraining().epochs(), transfer.training().pretraining().epochs());
        assertEquals(faces.spec(), transfer.spec());
        // Without a model to start from, a transfer variant is refused before any training.
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Exp08RecipeAblation.run(
                Exp08RecipeAblation.Config.DEFAULTS.withVariants(java.util.List.of("transfer")).withFolds(1), io.siamese.training.Progress.NONE));
        assertTrue(e.getMessage().contains("--init"), e.getMessage());
    }

    @Test
    void freezingKeepsTheFirstBlocksInBothStagesAndChangesNothingElse() {
        Recipe faces = Recipe.faces();
        Exp08RecipeAblation.Variant frozen = Exp08RecipeAblation.variant("transfer+freeze-2", faces);
        assertEquals(2, frozen.training().optimizer().frozenBlocks());
        assertEquals(2, frozen.training().pretraining().optimizer().frozenBlocks());
        assertEquals(0, faces.training().optimizer().frozenBlocks());
        assertEquals(faces.training().optimizer().withFrozenBlocks(2), frozen.training().optimizer());
        assertEquals(faces.training().pretraining().optimizer().withFrozenBlocks(2), frozen.training().pretraining().optimizer());
        assertEquals(faces.spec(), frozen.spec());
        assertEquals(faces.training().withOptimizer(frozen.training().optimizer()).withPretraining(frozen.training().pretraining()), frozen.training());
    }
}
