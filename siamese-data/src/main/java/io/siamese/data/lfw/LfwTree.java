package io.siamese.data.lfw;

import io.siamese.data.DataProblems;
import io.siamese.data.DatasetException;
import io.siamese.data.IdentityFoldersReader;
import io.siamese.data.ImageDataset;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * The Labeled Faces in the Wild image tree: one folder per person, {@code Name/Name_0001.jpg}. A user may point at
 * the folder that holds the person folders, or at the folder the archive was unpacked in (which holds {@code lfw/},
 * or one of the aligned variants {@code lfw-deepfunneled/}, {@code lfw_funneled/}, {@code lfw-funneled/}, next to
 * {@code pairs.txt}); both are recognised.
 */
public final class LfwTree {

    /** The folder names the LFW archives unpack to, in the order they are looked for. */
    public static final List<String> IMAGE_FOLDERS = List.of("lfw", "lfw-deepfunneled", "lfw_funneled", "lfw-funneled");

    private LfwTree() {
    }

    /**
     * The folder holding one folder per person: {@code root/lfw} (or an aligned variant) when there is one, else
     * {@code root} itself.
     *
     * @throws DatasetException when {@code root} is not a folder
     */
    public static Path imageRoot(Path root) {
        if (!Files.isDirectory(root)) {
            throw new DatasetException("lfw-pairs: " + root + " is not a folder; expected the LFW tree " + root
                    + "/lfw/Name/Name_0001.jpg (or " + root + "/Name/Name_0001.jpg) with pairs.txt");
        }
        for (String name : IMAGE_FOLDERS) {
            Path candidate = root.resolve(name);
            if (Files.isDirectory(candidate)) return candidate;
        }
        return root;
    }

    /** The file of image {@code number} (counted from 1) of a person: {@code Name/Name_0007.jpg}. */
    public static Path imagePath(Path imageRoot, String name, int number) {
        return imageRoot.resolve(name).resolve(String.format(Locale.ROOT, "%s_%04d.jpg", name, number));
    }

    /**
     * Every person of the tree as an identities-layout dataset (for training; exclude a test fold's people with
     * {@link LfwFold#trainingDataset}).
     *
     * @throws DatasetException when the tree is missing or holds no usable identity
     */
    public static ImageDataset read(Path root, DataProblems problems) {
        Path images = imageRoot(root);
        ImageDataset tree = IdentityFoldersReader.read(images, problems);
        return new ImageDataset("lfw:" + root, tree.layout(), tree.images());
    }
}
