package io.siamese.app.gallery;

import io.siamese.data.DatasetException;
import io.siamese.model.BadInputException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * A gallery of people: a folder with one sub-folder of reference photos per person, named after the person
 * ({@code application_data/people/Alice/*.jpg}, {@code application_data/people/Bob/*.jpg}). The original projects'
 * {@code application_data/verification_images} stays the one-person gallery of {@code verify}.
 */
public final class Gallery {

    /** The default gallery, relative to the working directory. */
    public static final Path DEFAULT = Path.of("application_data", "people");
    /** The longest person name accepted. */
    public static final int MAX_NAME_LENGTH = 64;

    /** One enrolled person: the name and the folder of their references. */
    public record Person(String name, Path folder) {
    }

    private final Path folder;

    public Gallery(Path folder) {
        this.folder = Objects.requireNonNull(folder, "folder");
    }

    public Path folder() {
        return folder;
    }

    /**
     * The people of the gallery: its sub-folders that are not hidden, in name order.
     *
     * @throws DatasetException when the gallery folder does not exist or cannot be listed
     */
    public List<Person> people() {
        if (!Files.isDirectory(folder)) {
            throw new DatasetException("gallery folder not found: " + folder + " (enrol someone: ./siamese enrol --gallery " + folder
                    + " --name NAME --images PHOTOS, or type a name in the face-ID window and press R)");
        }
        try (Stream<Path> entries = Files.list(folder)) {
            return entries.filter(Files::isDirectory).filter(p -> !p.getFileName().toString().startsWith("."))
                    .map(p -> new Person(p.getFileName().toString(), p)).sorted(java.util.Comparator.comparing(Person::name)).toList();
        } catch (IOException e) {
            throw new DatasetException("cannot read gallery folder " + folder + ": " + e.getMessage(), e);
        }
    }

    /** The folder of a person's references (it may not exist yet). */
    public Path folderOf(String name) {
        return folder.resolve(checkName(name));
    }

    /**
     * A person's name as typed, checked for use as a folder name: trimmed, 1 to {@value #MAX_NAME_LENGTH} letters,
     * digits, spaces, {@code - _ . '}, not starting with a dot.
     *
     * @throws BadInputException when the name cannot be a folder name
     */
    public static String checkName(String name) {
        String trimmed = name == null ? "" : name.strip();
        if (trimmed.isEmpty() || trimmed.length() > MAX_NAME_LENGTH || trimmed.startsWith(".") || !trimmed.matches("[\\p{L}\\p{N} _.'-]+")) {
            throw new BadInputException("person name '" + (name == null ? "" : name) + "' cannot name a gallery folder: use 1 to " + MAX_NAME_LENGTH
                    + " letters, digits, spaces, '-', '_', '.' or ''', not starting with '.'");
        }
        return trimmed;
    }
}
