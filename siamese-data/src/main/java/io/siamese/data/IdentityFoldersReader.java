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
 * Reads one folder per identity: LFW ({@code Name/Name_0001.jpg}), the AT&T faces ({@code s1/1.pgm}), or any tree
 * of that shape. DataVec lists the files ({@code FileSplit}) and names each one's identity after its folder
 * ({@code ParentPathLabelGenerator}), as a DL4J image pipeline would; this reader adds the checks DataVec leaves out.
 * Empty folders and non-image files are reported and skipped; a person with a single image is kept (usable in
 * impostor pairs only) with a warning; files deeper than one folder are ignored; a tree with no usable identity stops
 * with a {@link DatasetException}.
 */
public final class IdentityFoldersReader {

    private static final Logger log = LoggerFactory.getLogger(IdentityFoldersReader.class);

    private IdentityFoldersReader() {
    }

    public static ImageDataset read(Path root, DataProblems problems) {
        if (!Files.isDirectory(root)) {
            throw new DatasetException("identities: " + root + " is not a folder; expected one folder per person, e.g. " + root + "/Alice/0001.jpg");
        }
        // The identity folders, sorted, each readable: DataVec's FileSplit would skip an unreadable one silently.
        Map<Path, List<ImageFiles.LabelledFile>> folders = new LinkedHashMap<>();
        for (Path entry : ImageFiles.list(root)) {
            if (Files.isDirectory(entry)) {
                ImageFiles.checkReadable(entry);
                folders.put(entry, new ArrayList<>());
            }
        }
        for (ImageFiles.LabelledFile file : ImageFiles.labelledFiles(root, true)) {
            Path path = file.path(), folder = path.getParent();
            if (folder.equals(root)) {
                if (!path.getFileName().toString().matches("(?i)readme.*|.*\\.txt")) {
                    problems.skip(path.toString(), "a file at the top level; expected one folder per identity");
                }
            } else if (folders.containsKey(folder)) {
                if (ImageFiles.isImage(path)) folders.get(folder).add(file);
                else problems.skip(path.toString(), "not an image file (expected " + ImageFiles.expected() + ")");
            }
        }
        List<ImageRef> images = new ArrayList<>();
        int singles = 0, identities = 0;
        for (Map.Entry<Path, List<ImageFiles.LabelledFile>> entry : folders.entrySet()) {
            Path folder = entry.getKey();
            List<ImageFiles.LabelledFile> files = entry.getValue();
            if (files.isEmpty()) {
                log.warn("identity folder {} has no images; skipped", folder);
                continue;
            }
            if (files.size() == 1) {
                singles++;
                log.debug("{} has a single image: used in impostor pairs only", folder);
            }
            identities++;
            for (ImageFiles.LabelledFile file : files) images.add(new ImageRef(file.label(), new FileImage(file.path())));
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
