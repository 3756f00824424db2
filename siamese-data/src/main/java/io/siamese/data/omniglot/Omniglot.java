package io.siamese.data.omniglot;

import io.siamese.data.DataProblems;
import io.siamese.data.DatasetException;
import io.siamese.data.FileImage;
import io.siamese.data.ImageFiles;
import io.siamese.data.ImageRef;
import io.siamese.data.ImageSource;
import io.siamese.data.ZipArchive;
import io.siamese.data.ZipImage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * Reads the Omniglot distribution as published: {@code images_background.zip}, {@code images_background_small1.zip},
 * {@code images_background_small2.zip}, {@code images_evaluation.zip}, or those folders extracted. Inside each the
 * layout is {@code <archive-root>/<Alphabet>/characterNN/<characterId>_<drawer>.png}. Zips are read in place, never
 * extracted.
 *
 * <p>An image's identity is {@code Alphabet/characterNN} and its group the alphabet. Archives may overlap: the two
 * small background sets both hold Greek and Latin, the very same drawings, and both are subsets of the full
 * background set. A drawing met again (same alphabet, character and file name) is read once. When two archives put
 * different characters (a different character number) under one alphabet and character name, the later archive's
 * alphabet is labelled {@code Alphabet@archive-name} so that identities stay unique.
 */
public final class Omniglot {

    private static final Logger log = LoggerFactory.getLogger(Omniglot.class);
    /** The name the background (training) archives start with. */
    public static final String BACKGROUND = "images_background";
    /** The name the evaluation archive starts with. */
    public static final String EVALUATION = "images_evaluation";
    private static final String EXPECTED = "expected images_background.zip, images_background_small1.zip, "
            + "images_background_small2.zip, images_evaluation.zip or those folders extracted, holding "
            + "<Alphabet>/characterNN/<id>_<drawer>.png";

    private Omniglot() {
    }

    /**
     * The background (training) set of an {@code omniglot:PATH}. PATH is a folder holding the archives (every
     * {@code images_background*} zip or folder in it is read and merged), a single zip, or a single extracted
     * archive folder; a single archive is read whatever its name.
     *
     * @throws DatasetException when PATH holds no Omniglot archive, only the evaluation set, or no usable image
     */
    public static OmniglotSet background(Path path, DataProblems problems) {
        Optional<Path> single = singleArchive(path);
        if (single.isPresent()) return read(List.of(single.get()), problems);
        List<Path> archives = archives(path);
        List<Path> background = archives.stream().filter(p -> baseName(p).startsWith(BACKGROUND)).toList();
        if (background.isEmpty()) {
            throw new DatasetException("omniglot: no background set in " + path + " (found only "
                    + archives.stream().map(p -> p.getFileName().toString()).toList()
                    + "); expected images_background.zip or images_background_small1.zip / _small2.zip");
        }
        return read(background, problems);
    }

    /**
     * The evaluation set ({@code images_evaluation.zip} or that folder) of a folder of archives, when it is there.
     * A single archive given as PATH is the evaluation set only when its name says so.
     */
    public static Optional<OmniglotSet> evaluation(Path path, DataProblems problems) {
        Optional<Path> single = singleArchive(path);
        if (single.isPresent()) {
            return baseName(single.get()).startsWith(EVALUATION) ? Optional.of(read(List.of(single.get()), problems)) : Optional.empty();
        }
        if (!Files.isDirectory(path)) return Optional.empty();
        List<Path> evaluation = findArchives(path).stream().filter(p -> baseName(p).startsWith(EVALUATION)).toList();
        return evaluation.isEmpty() ? Optional.empty() : Optional.of(read(evaluation, problems));
    }

    /**
     * The Omniglot archives in a folder: zips and folders whose names start with {@code images_background} or
     * {@code images_evaluation}, sorted by name. An archive present both zipped and extracted is read from the folder.
     *
     * @throws DatasetException when the folder is missing or unreadable, or holds no such archive
     */
    public static List<Path> archives(Path folder) {
        if (!Files.isDirectory(folder)) {
            throw new DatasetException("omniglot: " + folder + " is not a folder; " + EXPECTED);
        }
        List<Path> found = findArchives(folder);
        if (found.isEmpty()) throw new DatasetException("omniglot: no Omniglot archives in " + folder + "; " + EXPECTED);
        return found;
    }

    private static List<Path> findArchives(Path folder) {
        Map<String, Path> byBase = new LinkedHashMap<>();
        for (Path entry : ImageFiles.list(folder)) {
            String base = baseName(entry);
            if (!base.startsWith(BACKGROUND) && !base.startsWith(EVALUATION)) continue;
            boolean zip = Files.isRegularFile(entry) && isZip(entry);
            if (!zip && !Files.isDirectory(entry)) continue;
            Path known = byBase.get(base);
            if (known == null || (Files.isDirectory(entry) && !Files.isDirectory(known))) byBase.put(base, entry);
        }
        List<Path> out = new ArrayList<>(byBase.values());
        out.sort(Comparator.comparing(p -> baseName(p)));
        return out;
    }

    /** Reads one archive (a zip or an extracted folder). */
    public static OmniglotSet read(Path archive, DataProblems problems) {
        return read(List.of(archive), problems);
    }

    /**
     * Reads and merges archives, in the order given (which decides who keeps the plain alphabet name on a clash).
     *
     * @throws DatasetException when an archive cannot be opened or none holds a usable Omniglot image
     */
    public static OmniglotSet read(List<Path> archives, DataProblems problems) {
        if (archives.isEmpty()) throw new IllegalArgumentException("no archives given");
        Map<String, Integer> claimedIds = new HashMap<>();
        Set<String> seenFiles = new HashSet<>();
        List<OmniglotImage> images = new ArrayList<>();
        int duplicates = 0;
        for (Path archive : archives) {
            List<Drawing> drawings = drawings(archive, problems);
            if (drawings.isEmpty()) {
                log.warn("omniglot: no drawings in {}", archive);
                continue;
            }
            Map<String, List<Drawing>> byAlphabet = new LinkedHashMap<>();
            for (Drawing d : drawings) byAlphabet.computeIfAbsent(d.alphabet, k -> new ArrayList<>()).add(d);
            for (Map.Entry<String, List<Drawing>> alphabet : byAlphabet.entrySet()) {
                boolean clash = alphabet.getValue().stream().anyMatch(d -> {
                    Integer id = claimedIds.get(d.alphabet + "/" + d.character);
                    return id != null && id != d.name.characterId();
                });
                String label = clash ? alphabet.getKey() + "@" + baseName(archive) : alphabet.getKey();
                if (clash) {
                    log.warn("omniglot: {} in {} holds other characters than the {} already read; labelled {}",
                            alphabet.getKey(), archive, alphabet.getKey(), label);
                }
                for (Drawing d : alphabet.getValue()) {
                    String identity = label + "/" + d.character;
                    claimedIds.putIfAbsent(identity, d.name.characterId());
                    if (!seenFiles.add(identity + "/" + d.fileName)) {
                        duplicates++;
                        continue;
                    }
                    images.add(new OmniglotImage(new ImageRef(identity, label, d.source), label, d.character,
                            d.name.characterId(), d.name.drawer()));
                }
            }
        }
        if (images.isEmpty()) {
            throw new DatasetException("omniglot: no usable image in " + archives + "; " + EXPECTED);
        }
        if (duplicates > 0) log.info("omniglot: {} drawings met in more than one archive were read once", duplicates);
        images.sort(Comparator.comparing(OmniglotImage::alphabet).thenComparing(OmniglotImage::character)
                .thenComparingInt(OmniglotImage::drawer).thenComparingInt(OmniglotImage::characterId));
        String name = "omniglot:" + String.join("+", archives.stream().map(Omniglot::baseName).toList());
        OmniglotSet set = new OmniglotSet(name, images);
        log.info("{}", set.describe());
        return set;
    }

    /** A drawing found in an archive, before labels are settled. */
    private record Drawing(String alphabet, String character, String fileName, OmniglotImage.FileName name, ImageSource source) {
    }

    private static List<Drawing> drawings(Path archive, DataProblems problems) {
        List<Drawing> out = new ArrayList<>();
        if (Files.isDirectory(archive)) {
            try (Stream<Path> files = Files.walk(archive)) {
                for (Path file : files.filter(Files::isRegularFile).sorted().toList()) {
                    String relative = archive.relativize(file).toString().replace('\\', '/');
                    classify(relative, file.toString(), new FileImage(file), problems).ifPresent(out::add);
                }
            } catch (IOException | UncheckedIOException e) {
                throw new DatasetException("omniglot: cannot read folder " + archive + ": " + e.getMessage(), e);
            }
            return out;
        }
        if (!Files.isRegularFile(archive)) throw new DatasetException("omniglot: " + archive + " not found; " + EXPECTED);
        ZipArchive zip = new ZipArchive(archive);
        ZipFile file;
        try {
            file = zip.file();
        } catch (IOException e) {
            throw new DatasetException("omniglot: cannot open zip archive " + archive + ": " + e.getMessage()
                    + " (is it a complete download?)", e);
        }
        List<? extends ZipEntry> entries = Collections.list(file.entries());
        for (ZipEntry entry : entries) {
            if (entry.isDirectory()) continue;
            ZipImage image = new ZipImage(zip, entry.getName());
            classify(entry.getName(), image.name(), image, problems).ifPresent(out::add);
        }
        return out;
    }

    /** Places one file of an archive in the layout, or reports why it cannot be used. */
    private static Optional<Drawing> classify(String relative, String displayName, ImageSource source, DataProblems problems) {
        String[] parts = relative.split("/");
        String last = parts[parts.length - 1];
        if (relative.contains("__MACOSX/") || last.startsWith(".") || last.equalsIgnoreCase("Thumbs.db")) return Optional.empty();
        if (parts.length < 3) {
            problems.skip(displayName, "not in the Omniglot layout <Alphabet>/characterNN/<id>_<drawer>.png");
            return Optional.empty();
        }
        if (!ImageFiles.isImage(Path.of(last))) {
            problems.skip(displayName, "not an image file");
            return Optional.empty();
        }
        Optional<OmniglotImage.FileName> name = OmniglotImage.parseFileName(last);
        if (name.isEmpty()) {
            problems.skip(displayName, "not an Omniglot file name <characterId>_<drawer>.png");
            return Optional.empty();
        }
        return Optional.of(new Drawing(parts[parts.length - 3], parts[parts.length - 2], last, name.get(), source));
    }

    /** PATH itself as one archive: a zip file, or a folder laid out as one extracted archive. */
    private static Optional<Path> singleArchive(Path path) {
        if (Files.isRegularFile(path)) {
            if (!isZip(path)) throw new DatasetException("omniglot: " + path + " is not a zip archive; " + EXPECTED);
            return Optional.of(path);
        }
        if (!Files.isDirectory(path)) throw new DatasetException("omniglot: " + path + " not found; " + EXPECTED);
        if (baseName(path).startsWith(BACKGROUND) || baseName(path).startsWith(EVALUATION)) return Optional.of(path);
        boolean hasArchives = ImageFiles.list(path).stream().anyMatch(p -> {
            String base = baseName(p);
            return base.startsWith(BACKGROUND) || base.startsWith(EVALUATION);
        });
        if (hasArchives) return Optional.empty();
        return looksExtracted(path) ? Optional.of(path) : Optional.empty();
    }

    /** Whether a folder has {@code <Alphabet>/<character>/<image>} below it. */
    private static boolean looksExtracted(Path folder) {
        try (Stream<Path> files = Files.walk(folder, 3)) {
            return files.anyMatch(p -> Files.isRegularFile(p) && folder.relativize(p).getNameCount() == 3 && ImageFiles.isImage(p));
        } catch (IOException | UncheckedIOException e) {
            throw new DatasetException("omniglot: cannot read folder " + folder + ": " + e.getMessage(), e);
        }
    }

    private static boolean isZip(Path file) {
        return file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".zip");
    }

    /** The archive's name without {@code .zip}. */
    static String baseName(Path archive) {
        String name = archive.getFileName().toString();
        return name.toLowerCase(Locale.ROOT).endsWith(".zip") ? name.substring(0, name.length() - 4) : name;
    }
}
