package io.siamese.data;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DataSpecTest {

    @Test
    void parsesEveryKind() {
        assertEquals(new DataSpec(DataSpec.Kind.FOLDERS, Path.of("data")), DataSpec.parse("folders:data"));
        assertEquals(new DataSpec(DataSpec.Kind.IDENTITIES, Path.of("../shared/datasets/orl_faces")), DataSpec.parse("identities:../shared/datasets/orl_faces"));
        assertEquals(DataSpec.Kind.LFW_PAIRS, DataSpec.parse("lfw-pairs:/x/lfw").kind());
        assertEquals(DataSpec.Kind.OMNIGLOT, DataSpec.parse("omniglot:/x").kind());
        assertEquals(DataSpec.Kind.SYNTHETIC, DataSpec.parse("synthetic").kind());
        assertEquals("identities:a/b", DataSpec.parse("identities:a/b").toString());
    }

    @Test
    void badSpecsSayWhatIsAccepted() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> DataSpec.parse("pictures:/x")).getMessage().contains("folders:PATH"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> DataSpec.parse("identities:")).getMessage().contains("needs a path"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> DataSpec.parse("/just/a/path")).getMessage().contains("not a data spec"));
    }
}
