package io.siamese.data;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the original projects' layout: {@code ROOT/anchor}, {@code ROOT/positive}, {@code ROOT/negative}. Anchors and
 * positives show the user (identity {@code self}); each negative is someone else. Negatives may sit directly in
 * {@code negative/} (as the original projects moved LFW there) or in one folder per person below it; the folder
 * name, when there is one, is the negative's identity.
 */
public final class FoldersReader {

    private static final Logger log = LoggerFactory.getLogger(FoldersReader.class);
    /** The identity of anchor and positive images. */
    public static final String SELF = "self";

    private FoldersReader() {
    }

    public static ImageDataset read(Path root, DataProblems problems) {
        if (!Files.isDirectory(root)) {
            throw new DatasetException("folders: " + root + " is not a folder; expected " + root + "/anchor, " + root + "/positive and " + root + "/negative");
        }
        List<ImageRef> images = new ArrayList<>();
        for (String role : List.of(ImageDataset.ANCHOR, ImageDataset.POSITIVE)) {
            Path folder = root.resolve(role);
            if (!Files.isDirectory(folder)) {
                throw new DatasetException("folders: missing " + folder + "; expected anchor/, positive/ and negative/ under " + root
                        + " (capture anchors and positives with the app's a and p keys)");
            }
            for (Path file : ImageFiles.images(folder, problems)) images.add(new ImageRef(SELF, role, new FileImage(file)));
        }
        Path negatives = root.resolve(ImageDataset.NEGATIVE);
        if (!Files.isDirectory(negatives)) {
            throw new DatasetException("folders: missing " + negatives + "; put faces of other people there (./siamese import-lfw)");
        }
        for (Path entry : ImageFiles.list(negatives)) {
            if (Files.isDirectory(entry)) {
                List<Path> files = ImageFiles.images(entry, problems);
                if (files.isEmpty()) log.warn("empty folder {} (no images) skipped", entry);
                for (Path file : files) images.add(new ImageRef(entry.getFileName().toString(), ImageDataset.NEGATIVE, new FileImage(file)));
            } else if (ImageFiles.isImage(entry)) {
                images.add(new ImageRef("negative:" + entry.getFileName(), ImageDataset.NEGATIVE, new FileImage(entry)));
            } else if (Files.isRegularFile(entry)) {
                problems.skip(entry.toString(), "not an image file");
            }
        }
        ImageDataset dataset = new ImageDataset("folders:" + root, ImageDataset.Layout.ANCHOR_POSITIVE_NEGATIVE, images);
        var roles = dataset.byGroup();
        for (String role : List.of(ImageDataset.ANCHOR, ImageDataset.POSITIVE, ImageDataset.NEGATIVE)) {
            if (roles.getOrDefault(role, List.of()).isEmpty()) {
                throw new DatasetException("folders: no images in " + root.resolve(role) + "; expected JPEG/PNG/BMP/PGM files"
                        + (role.equals(ImageDataset.NEGATIVE) ? " (./siamese import-lfw fills it)" : " (the app's " + role.charAt(0) + " key captures them)"));
            }
        }
        return dataset;
    }
}
