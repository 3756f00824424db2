package io.siamese.data;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Stream;

/** Which files are images (by extension) and sorted folder listings with clear errors. */
public final class ImageFiles {

    /** Extensions OpenCV decodes that datasets and webcams use. */
    public static final Set<String> EXTENSIONS = Set.of("jpg", "jpeg", "png", "bmp", "pgm", "ppm", "pbm", "tif", "tiff", "webp");

    private ImageFiles() {
    }

    public static boolean isImage(Path file) {
        String name = file.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return dot > 0 && EXTENSIONS.contains(name.substring(dot + 1).toLowerCase(Locale.ROOT));
    }

    /** The entries of a folder, sorted by name; a missing or unreadable folder is a {@link DatasetException}. */
    public static List<Path> list(Path folder) {
        if (!Files.exists(folder)) throw new DatasetException("folder not found: " + folder);
        if (!Files.isDirectory(folder)) throw new DatasetException("not a folder: " + folder);
        try (Stream<Path> entries = Files.list(folder)) {
            return entries.filter(p -> !p.getFileName().toString().startsWith(".")).sorted().toList();
        } catch (IOException e) {
            throw new DatasetException("cannot read folder " + folder + ": " + e.getMessage(), e);
        }
    }

    /**
     * The image files of a folder, sorted; other regular files are reported to {@code problems} and skipped.
     */
    public static List<Path> images(Path folder, DataProblems problems) {
        return list(folder).stream().filter(Files::isRegularFile).filter(p -> {
            if (isImage(p)) return true;
            problems.skip(p.toString(), "not an image file (expected " + String.join("/", EXTENSIONS.stream().sorted().toList()) + ")");
            return false;
        }).toList();
    }
}
