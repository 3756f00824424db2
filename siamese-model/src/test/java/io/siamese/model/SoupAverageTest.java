package io.siamese.model;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SoupAverageTest {

    @Test
    void theSoupHoldsTheMeanOfEveryParameterAndLeavesTheMembersAlone() {
        ModelSpec spec = TinySpecs.tiny();
        SiameseNetwork a = SiameseNetwork.create(spec, OptimizerSpec.DEFAULTS, 1), b = SiameseNetwork.create(spec, OptimizerSpec.DEFAULTS, 2),
                c = SiameseNetwork.create(spec, OptimizerSpec.DEFAULTS, 3);
        INDArray before = a.graph().params().dup();
        SiameseNetwork soup = SiameseNetwork.average(List.of(a, b, c));
        INDArray mean = a.graph().params().add(b.graph().params()).addi(c.graph().params()).divi(3);
        assertTrue(mean.equalsWithEps(soup.graph().params(), 1e-6));
        assertEquals(before, a.graph().params(), "members unchanged");
        assertNotSame(a.graph(), soup.graph());
        assertEquals(spec, soup.spec());
        assertEquals(a.graph().params(), SiameseNetwork.average(List.of(a)).graph().params(), "a soup of one is that network");
    }

    @Test
    void membersOfAnotherShapeOrNoMembersAreRefused() {
        ModelSpec spec = TinySpecs.tiny();
        SiameseNetwork a = SiameseNetwork.create(spec, OptimizerSpec.DEFAULTS, 1);
        SiameseNetwork wider = SiameseNetwork.create(spec.withChannels(3), OptimizerSpec.DEFAULTS, 1);
        assertThrows(IllegalArgumentException.class, () -> SiameseNetwork.average(List.of(a, wider)));
        assertThrows(IllegalArgumentException.class, () -> SiameseNetwork.average(List.of()));
    }
}
