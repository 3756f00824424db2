package io.siamese.data;

import org.datavec.api.io.labels.ParentPathLabelGenerator;
import org.datavec.api.io.labels.PathLabelGenerator;
import org.datavec.api.split.FileSplit;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Which files are images (by extension), sorted folder listings with clear errors, and the files of a tree as
 * DataVec lists and labels them ({@link FileSplit}, {@link ParentPathLabelGenerator}).
 */
public final class ImageFiles {

    /** Extensions OpenCV decodes that datasets and webcams use. */
    public static final Set<String> EXTENSIONS = Set.of("jpg", "jpeg", "png", "bmp", "pgm", "ppm", "pbm", "tif", "tiff", "webp");

    private ImageFiles() {
    }

    /** The image extensions for messages: {@code bmp/jpeg/jpg/...}. */
    public static String expected() {
        return String.join("/", EXTENSIONS.stream().sorted().toList());
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
            problems.skip(p.toString(), "not an image file (expected " + expected() + ")");
            return false;
        }).toList();
    }

    /** A file found by DataVec and its label: the name of the folder it is in. */
    public record LabelledFile(Path path, String label) {
    }

    /**
     * The files below {@code folder} as DataVec's {@link FileSplit} lists them (recursively or not), each with the
     * label {@link ParentPathLabelGenerator} gives it (its folder's name), sorted by path; only regular files (a link
     * to a missing file, a folder named like an image are left out), and nothing hidden or inside a hidden folder.
     * Every format is listed, so that callers can report the files that are not images instead of dropping them
     * unseen. FileSplit skips a subfolder it cannot read without saying so: callers check the subfolders they rely on
     * with {@link #checkReadable}.
     *
     * @throws DatasetException naming {@code folder} when it is missing or cannot be read
     */
    public static List<LabelledFile> labelledFiles(Path folder, boolean recursive) {
        checkReadable(folder);
        FileSplit split = new FileSplit(folder.toFile(), null, recursive);
        PathLabelGenerator labels = new ParentPathLabelGenerator();
        List<LabelledFile> files = new ArrayList<>();
        Path absolute = folder.toAbsolutePath();
        for (Iterator<URI> it = split.locationsIterator(); it.hasNext(); ) {
            URI uri = it.next();
            // FileSplit gives absolute URIs; names in messages keep the form the user gave the folder in.
            Path relative = absolute.relativize(Path.of(uri));
            if (hidden(relative)) continue;
            Path path = folder.resolve(relative);
            // FileSplit lists folders too when not recursive, and links whatever they point to.
            if (!Files.isRegularFile(path)) continue;
            files.add(new LabelledFile(path, labels.getLabelForPath(uri).toString()));
        }
        files.sort((a, b) -> a.path().compareTo(b.path()));
        return files;
    }

    /** Whether a name in a relative path starts with a dot. */
    private static boolean hidden(Path relative) {
        for (Path part : relative) {
            if (part.toString().startsWith(".")) return true;
        }
        return false;
    }

    /** A folder that exists and can be listed; a {@link DatasetException} naming it otherwise. */
    public static void checkReadable(Path folder) {
        if (!Files.exists(folder)) throw new DatasetException("folder not found: " + folder);
        if (!Files.isDirectory(folder)) throw new DatasetException("not a folder: " + folder);
        if (!Files.isReadable(folder) || !Files.isExecutable(folder)) {
            throw new DatasetException("cannot read folder " + folder + ": permission denied");
        }
    }
}
