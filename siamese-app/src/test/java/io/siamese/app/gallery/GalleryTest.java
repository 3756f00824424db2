package io.siamese.app.gallery;

import io.siamese.data.DatasetException;
import io.siamese.model.BadInputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class GalleryTest {

    @TempDir
    Path dir;

    @Test
    void peopleAreTheVisibleSubFoldersInNameOrder() throws Exception {
        Files.createDirectories(dir.resolve("Carol"));
        Files.createDirectories(dir.resolve("Alice"));
        Files.createDirectories(dir.resolve(".cache"));
        Files.writeString(dir.resolve("notes.txt"), "not a person");
        Gallery gallery = new Gallery(dir);
        assertEquals(List.of("Alice", "Carol"), gallery.people().stream().map(Gallery.Person::name).toList());
        assertEquals(dir.resolve("Alice"), gallery.people().get(0).folder());
        assertEquals(dir.resolve("Bob Smith"), gallery.folderOf("  Bob Smith "));
    }

    @Test
    void aMissingGalleryIsAClearError() {
        DatasetException e = assertThrows(DatasetException.class, () -> new Gallery(dir.resolve("none")).people());
        assertTrue(e.getMessage().contains("gallery folder not found: " + dir.resolve("none")) && e.getMessage().contains("enrol"), e.getMessage());
    }

    @Test
    void namesMustBeUsableAsFolderNames() {
        assertEquals("Zoë O'Neil-2", Gallery.checkName("Zoë O'Neil-2"));
        for (String bad : new String[] {"", "  ", "../etc", "a/b", "a\\\\b", ".hidden", "x".repeat(Gallery.MAX_NAME_LENGTH + 1), "tab\\tname"}) {
            BadInputException e = assertThrows(BadInputException.class, () -> Gallery.checkName(bad), bad);
            assertTrue(e.getMessage().contains("cannot name a gallery folder"), e.getMessage());
        }
        assertThrows(BadInputException.class, () -> Gallery.checkName(null));
    }
}
