package io.siamese.data;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads one folder per identity: LFW ({@code Name/Name_0001.jpg}), the AT&T faces ({@code s1/1.pgm}), or any tree
 * of that shape. Empty folders and non-image files are reported and skipped; a person with a single image is kept
 * (usable in impostor pairs only) with a warning; a tree with no usable identity stops with a {@link DatasetException}.
 */
public final class IdentityFoldersReader {

    private static final Logger log = LoggerFactory.getLogger(IdentityFoldersReader.class);

    private IdentityFoldersReader() {
    }

    public static ImageDataset read(Path root, DataProblems problems) {
        if (!Files.isDirectory(root)) {
            throw new DatasetException("identities: " + root + " is not a folder; expected one folder per person, e.g. " + root + "/Alice/0001.jpg");
        }
        List<ImageRef> images = new ArrayList<>();
        int singles = 0, identities = 0;
        for (Path folder : ImageFiles.list(root)) {
            if (!Files.isDirectory(folder)) {
                if (Files.isRegularFile(folder) && !folder.getFileName().toString().matches("(?i)readme.*|.*\\.txt")) {
                    problems.skip(folder.toString(), "a file at the top level; expected one folder per identity");
                }
                continue;
            }
            List<Path> files = ImageFiles.images(folder, problems);
            if (files.isEmpty()) {
                log.warn("identity folder {} has no images; skipped", folder);
                continue;
            }
            if (files.size() == 1) {
                singles++;
                log.debug("{} has a single image: used in impostor pairs only", folder);
            }
            identities++;
            String identity = folder.getFileName().toString();
            for (Path file : files) images.add(new ImageRef(identity, new FileImage(file)));
        }
        if (identities == 0) {
            throw new DatasetException("identities: no usable identity under " + root + "; expected one folder per person holding JPEG/PNG/BMP/PGM images");
        }
        if (singles > 0) {
            log.warn("{} of {} identities under {} have a single image: they appear in impostor pairs only", singles, identities, root);
        }
        return new ImageDataset("identities:" + root.getFileName(), ImageDataset.Layout.IDENTITIES, images);
    }
}
