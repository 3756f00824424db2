package io.siamese.data;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the original projects' layout: {@code ROOT/anchor}, {@code ROOT/positive}, {@code ROOT/negative}. Anchors and
 * positives show the user (identity {@code self}); each negative is someone else. Negatives may sit directly in
 * {@code negative/} (as the original projects moved LFW there) or in one folder per person below it; the folder
 * name, when there is one, is the negative's identity, and a flat file named like LFW's ({@code Name_0001.jpg}, what
 * {@code import-lfw} writes) is a photo of {@code Name}. DataVec lists the files ({@code FileSplit}) and labels the
 * per-person negatives with their folder ({@code ParentPathLabelGenerator}); non-image files are reported and
 * skipped, empty person folders are logged, files deeper than a person folder are ignored.
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
            for (ImageFiles.LabelledFile file : ImageFiles.labelledFiles(folder, false)) {
                if (ImageFiles.isImage(file.path())) images.add(new ImageRef(SELF, role, new FileImage(file.path())));
                else problems.skip(file.path().toString(), "not an image file (expected " + ImageFiles.expected() + ")");
            }
        }
        Path negatives = root.resolve(ImageDataset.NEGATIVE);
        if (!Files.isDirectory(negatives)) {
            throw new DatasetException("folders: missing " + negatives + "; put faces of other people there (./siamese import-lfw)");
        }
        // What DataVec finds below negative/, by the entry of negative/ it belongs to (a flat file or a person folder).
        Map<Path, List<ImageFiles.LabelledFile>> byEntry = new LinkedHashMap<>();
        for (ImageFiles.LabelledFile file : ImageFiles.labelledFiles(negatives, true)) {
            Path folder = file.path().getParent();
            Path entry = folder.equals(negatives) ? file.path() : folder;
            if (entry.getParent().equals(negatives)) byEntry.computeIfAbsent(entry, k -> new ArrayList<>()).add(file);
        }
        // In the order of the listing, as before; each person folder readable (FileSplit skips an unreadable one silently).
        for (Path entry : ImageFiles.list(negatives)) {
            List<ImageFiles.LabelledFile> files = byEntry.getOrDefault(entry, List.of());
            if (Files.isDirectory(entry)) {
                ImageFiles.checkReadable(entry);
                int found = 0;
                for (ImageFiles.LabelledFile file : files) {
                    if (!ImageFiles.isImage(file.path())) {
                        problems.skip(file.path().toString(), "not an image file (expected " + ImageFiles.expected() + ")");
                    } else {
                        images.add(new ImageRef(file.label(), ImageDataset.NEGATIVE, new FileImage(file.path())));
                        found++;
                    }
                }
                if (found == 0) log.warn("empty folder {} (no images) skipped", entry);
            } else if (!files.isEmpty()) {
                if (ImageFiles.isImage(entry)) {
                    // LFW's flat files (Name_0001.jpg, what import-lfw writes) name their person: several photos of one
                    // person are one identity, which identity pretraining needs; any other file is a person of its own.
                    String person = io.siamese.data.lfw.LfwTree.personOf(entry.getFileName().toString())
                            .orElse("negative:" + entry.getFileName());
                    images.add(new ImageRef(person, ImageDataset.NEGATIVE, new FileImage(entry)));
                } else {
                    problems.skip(entry.toString(), "not an image file");
                }
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
