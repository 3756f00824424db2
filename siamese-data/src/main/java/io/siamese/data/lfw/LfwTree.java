package io.siamese.data.lfw;

import io.siamese.data.DataProblems;
import io.siamese.data.DatasetException;
import io.siamese.data.FileImage;
import io.siamese.data.IdentityFoldersReader;
import io.siamese.data.ImageDataset;
import io.siamese.data.ImageFiles;
import io.siamese.data.ImageRef;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The Labeled Faces in the Wild images, in either of two layouts: LFW's own, one folder per person
 * ({@code Name/Name_0001.jpg}), or flat, every {@code Name_0001.jpg} in one folder (what {@code import-lfw} writes
 * into {@code data/negative}, and how some public copies ship it). A user may point at the folder that holds the
 * images, or at the folder the archive was unpacked in (which holds {@code lfw/}, one of the aligned variants
 * {@code lfw-deepfunneled/}, {@code lfw_funneled/}, {@code lfw-funneled/}, or {@code data/negative/}, next to
 * {@code pairs.txt}); all are recognised. In the flat layout a person's name is the file name without its
 * {@code _NNNN} number.
 */
public final class LfwTree {

    /** The folder names the LFW archives unpack to (and the project's flat negatives folder), in the order they are looked for. */
    public static final List<String> IMAGE_FOLDERS = List.of("lfw", "lfw-deepfunneled", "lfw_funneled", "lfw-funneled", "data/negative");

    /** An LFW image file name: the person's name, an underscore and a four-digit number. */
    private static final Pattern FILE_NAME = Pattern.compile("(.+)_(\\d{4})\\.([A-Za-z]+)");

    /** How the images are laid out below the image folder. */
    public enum Layout {
        /** {@code Name/Name_0001.jpg}: LFW as published. */
        PERSON_FOLDERS,
        /** {@code Name_0001.jpg}, everyone in one folder. */
        FLAT
    }

    private LfwTree() {
    }

    /**
     * The folder holding the images: {@code root/lfw} (or an aligned variant, or {@code root/data/negative}) when there
     * is one, else {@code root} itself.
     *
     * @throws DatasetException when {@code root} is not a folder
     */
    public static Path imageRoot(Path root) {
        if (!Files.isDirectory(root)) {
            throw new DatasetException("lfw-pairs: " + root + " is not a folder; expected the LFW tree " + root
                    + "/lfw/Name/Name_0001.jpg (or " + root + "/Name/Name_0001.jpg, or flat " + root + "/Name_0001.jpg) with pairs.txt");
        }
        for (String name : IMAGE_FOLDERS) {
            Path candidate = root.resolve(name);
            if (Files.isDirectory(candidate)) return candidate;
        }
        return root;
    }

    /** The layout of an image folder: flat when it holds {@code Name_NNNN} image files itself, else one folder per person. */
    public static Layout layout(Path imageRoot) {
        try (Stream<Path> entries = Files.list(imageRoot)) {
            return entries.anyMatch(p -> personOf(p.getFileName().toString()).isPresent() && Files.isRegularFile(p)) ? Layout.FLAT : Layout.PERSON_FOLDERS;
        } catch (IOException | UncheckedIOException e) {
            throw new DatasetException("lfw: cannot read folder " + imageRoot + ": " + e.getMessage(), e);
        }
    }

    /** The file of image {@code number} (counted from 1) of a person in LFW's own layout: {@code Name/Name_0007.jpg}. */
    public static Path imagePath(Path imageRoot, String name, int number) {
        return imagePath(imageRoot, Layout.PERSON_FOLDERS, name, number);
    }

    /** The file of image {@code number} (counted from 1) of a person: {@code Name/Name_0007.jpg}, or {@code Name_0007.jpg} when flat. */
    public static Path imagePath(Path imageRoot, Layout layout, String name, int number) {
        String file = String.format(Locale.ROOT, "%s_%04d.jpg", name, number);
        return layout == Layout.FLAT ? imageRoot.resolve(file) : imageRoot.resolve(name).resolve(file);
    }

    /** The person an LFW file name belongs to ({@code Ann_Lee} for {@code Ann_Lee_0002.jpg}), when it is an image named that way. */
    public static Optional<String> personOf(String fileName) {
        Matcher m = FILE_NAME.matcher(fileName);
        return m.matches() && ImageFiles.isImage(Path.of(fileName)) ? Optional.of(m.group(1)) : Optional.empty();
    }

    /**
     * Every person of the tree as an identities-layout dataset (for training; exclude a test fold's people with
     * {@link LfwFold#trainingDataset}), in either layout.
     *
     * @throws DatasetException when the tree is missing or holds no usable identity
     */
    public static ImageDataset read(Path root, DataProblems problems) {
        Path images = imageRoot(root);
        if (layout(images) == Layout.FLAT) return readFlat(root, images, problems);
        ImageDataset tree = IdentityFoldersReader.read(images, problems);
        return new ImageDataset("lfw:" + root, tree.layout(), tree.images());
    }

    private static ImageDataset readFlat(Path root, Path images, DataProblems problems) {
        List<ImageRef> refs = new ArrayList<>();
        for (Path file : ImageFiles.list(images)) {
            if (!Files.isRegularFile(file)) continue;
            Optional<String> person = personOf(file.getFileName().toString());
            if (person.isEmpty()) {
                if (!file.getFileName().toString().matches("(?i)readme.*|.*\\.txt")) {
                    problems.skip(file.toString(), "not an LFW image name (Name_0001.jpg) in a flat LFW folder");
                }
                continue;
            }
            refs.add(new ImageRef(person.get(), new FileImage(file)));
        }
        if (refs.isEmpty()) {
            throw new DatasetException("lfw: no Name_0001.jpg images in " + images + "; expected LFW flat or as lfw/Name/Name_0001.jpg");
        }
        return new ImageDataset("lfw:" + root, ImageDataset.Layout.IDENTITIES, refs);
    }
}
