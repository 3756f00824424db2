package io.siamese.data.lfw;

import io.siamese.data.DataProblems;
import io.siamese.data.DatasetException;
import io.siamese.data.FileImage;
import io.siamese.data.ImageRef;
import io.siamese.data.Pair;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * LFW's official pair lists. {@code pairs.txt} (View 2) starts with {@code "10 300"}: 10 folds, each of 300 matched
 * lines {@code Name n1 n2} followed by 300 mismatched lines {@code Name1 n1 Name2 n2}. {@code pairsDevTrain.txt} and
 * {@code pairsDevTest.txt} (View 1) start with a count N, then N matched and N mismatched lines. Image numbers count
 * from 1 and name {@code Name/Name_%04d.jpg} (or {@code Name_%04d.jpg} in a flat folder, see {@link LfwTree}).
 *
 * <p>The structure is read strictly: a malformed header or line, or a file that ends early, stops with a
 * {@link DatasetException} naming the file and line. An image the file refers to but the tree lacks is reported to
 * {@link DataProblems} with the line number and its pair is left out.
 */
public final class LfwPairs {

    private static final Logger log = LoggerFactory.getLogger(LfwPairs.class);
    /** View 2: the ten folds of the benchmark. */
    public static final String PAIRS = "pairs.txt";
    /** View 1: pairs for development training. */
    public static final String DEV_TRAIN = "pairsDevTrain.txt";
    /** View 1: pairs for development testing. */
    public static final String DEV_TEST = "pairsDevTest.txt";

    private LfwPairs() {
    }

    /**
     * The ten folds of {@code pairs.txt} found in {@code root} (or in its image folder).
     *
     * @throws DatasetException when the tree or the file is missing, or the file is malformed
     */
    public static List<LfwFold> folds(Path root, DataProblems problems) {
        Path images = LfwTree.imageRoot(root);
        return parse(require(root, images, PAIRS), images, problems);
    }

    /** The pairs of {@code pairsDevTrain.txt}, when the file is there. */
    public static Optional<List<Pair>> devTrain(Path root, DataProblems problems) {
        return dev(root, DEV_TRAIN, problems);
    }

    /** The pairs of {@code pairsDevTest.txt}, when the file is there. */
    public static Optional<List<Pair>> devTest(Path root, DataProblems problems) {
        return dev(root, DEV_TEST, problems);
    }

    /** Where a pair list sits: next to the image folder ({@code root/pairs.txt}) or inside it. */
    public static Optional<Path> find(Path root, String fileName) {
        Path images = LfwTree.imageRoot(root);
        for (Path candidate : List.of(root.resolve(fileName), images.resolve(fileName))) {
            if (Files.isRegularFile(candidate)) return Optional.of(candidate);
        }
        return Optional.empty();
    }

    private static Optional<List<Pair>> dev(Path root, String fileName, DataProblems problems) {
        Path images = LfwTree.imageRoot(root);
        return find(root, fileName).map(file -> parse(file, images, problems).get(0).pairs());
    }

    private static Path require(Path root, Path images, String fileName) {
        return find(root, fileName).orElseThrow(() -> new DatasetException("lfw-pairs: no " + fileName + " in " + root
                + (images.equals(root) ? "" : " or " + images) + "; download LFW's " + fileName + " next to the image folder"));
    }

    /**
     * Parses a pair list against an image folder ({@code images/Name/Name_0001.jpg}). A header of two numbers
     * {@code F P} gives F folds of P matched and P mismatched pairs; a header of one number {@code N} gives one fold
     * of N and N.
     *
     * @throws DatasetException when the file cannot be read or is malformed, or none of its pairs has both images
     */
    public static List<LfwFold> parse(Path file, Path images, DataProblems problems) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new DatasetException("lfw-pairs: cannot read " + file + ": " + e.getMessage(), e);
        }
        if (lines.isEmpty() || lines.get(0).isBlank()) {
            throw new DatasetException(file + " is empty; expected a header line '10 300' (pairs.txt) or 'N' (pairsDevTrain.txt)");
        }
        String[] header = lines.get(0).trim().split("\\s+");
        int folds, perClass;
        try {
            if (header.length == 2) {
                folds = Integer.parseInt(header[0]);
                perClass = Integer.parseInt(header[1]);
            } else if (header.length == 1) {
                folds = 1;
                perClass = Integer.parseInt(header[0]);
            } else {
                throw new NumberFormatException();
            }
        } catch (NumberFormatException e) {
            throw new DatasetException(file + " line 1: expected a header 'folds pairs-per-class' such as '10 300', or a count 'N'; got '"
                    + lines.get(0).trim() + "'");
        }
        if (folds < 1 || perClass < 1) {
            throw new DatasetException(file + " line 1: fold and pair counts must be positive; got '" + lines.get(0).trim() + "'");
        }
        long needed = 1L + (long) folds * perClass * 2;
        if (lines.size() < needed) {
            throw new DatasetException(file + " ends at line " + lines.size() + "; its header promises " + folds + " fold(s) of "
                    + perClass + " matched and " + perClass + " mismatched pairs (" + needed + " lines)");
        }
        List<LfwFold> out = new ArrayList<>(folds);
        LfwTree.Layout layout = LfwTree.layout(images);
        int missing = 0, total = 0;
        int lineIndex = 1;
        for (int fold = 1; fold <= folds; fold++) {
            List<Pair> pairs = new ArrayList<>(2 * perClass);
            for (int kind = 0; kind < 2; kind++) {
                boolean matched = kind == 0;
                for (int i = 0; i < perClass; i++, lineIndex++) {
                    int lineNumber = lineIndex + 1;
                    total++;
                    Pair pair = parseLine(lines.get(lineIndex), matched, file, lineNumber, fold, images, layout);
                    // Both images are checked (no short circuit) so that each missing file is reported.
                    if (exists(pair.left(), file, lineNumber, problems) & exists(pair.right(), file, lineNumber, problems)) {
                        pairs.add(pair);
                    } else {
                        missing++;
                    }
                }
            }
            out.add(new LfwFold(fold, pairs));
        }
        for (int i = lineIndex; i < lines.size(); i++) {
            if (!lines.get(i).isBlank()) {
                log.warn("{}: lines {} to {} follow the {} lines its header promises; ignored", file, i + 1, lines.size(), needed);
                break;
            }
        }
        if (missing == total) {
            throw new DatasetException("lfw-pairs: none of the " + total + " pairs of " + file + " has both images under " + images
                    + "; expected the LFW tree it was written for (Name/Name_0001.jpg, or Name_0001.jpg in one folder)");
        }
        if (missing > 0) log.warn("{}: {} of {} pairs left out because an image is missing (see the warnings above)", file, missing, total);
        return out;
    }

    private static Pair parseLine(String raw, boolean matched, Path file, int lineNumber, int fold, Path images, LfwTree.Layout layout) {
        String line = raw.trim();
        String[] f = line.split("\\s+");
        try {
            if (matched && f.length == 3) {
                return new Pair(image(images, layout, f[0], Integer.parseInt(f[1])), image(images, layout, f[0], Integer.parseInt(f[2])), true);
            }
            if (!matched && f.length == 4) {
                return new Pair(image(images, layout, f[0], Integer.parseInt(f[1])), image(images, layout, f[2], Integer.parseInt(f[3])), false);
            }
        } catch (NumberFormatException e) {
            // Falls through to the message below, which shows the expected form.
        }
        throw new DatasetException(file + " line " + lineNumber + ": expected a " + (matched ? "matched pair 'Name n1 n2'"
                : "mismatched pair 'Name1 n1 Name2 n2'") + " (fold " + fold + "), got '" + line + "'");
    }

    private static ImageRef image(Path images, LfwTree.Layout layout, String name, int number) {
        if (number < 1) throw new NumberFormatException("image numbers count from 1");
        return new ImageRef(name, new FileImage(LfwTree.imagePath(images, layout, name, number)));
    }

    private static boolean exists(ImageRef ref, Path file, int lineNumber, DataProblems problems) {
        if (Files.isRegularFile(((FileImage) ref.source()).path())) return true;
        problems.skip(ref.name(), "missing; " + file.getFileName() + " line " + lineNumber + " refers to it (pair left out)");
        return false;
    }
}
