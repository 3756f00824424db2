package io.siamese.app.gallery;

import io.siamese.app.enrol.FaceImages;
import io.siamese.data.DataProblems;
import io.siamese.data.DatasetException;
import io.siamese.data.FileImage;
import io.siamese.data.ImageDecodeException;
import io.siamese.data.ImageFiles;
import io.siamese.data.face.HaarFaceCropper;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Rect;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Enrols photos of a person into a {@link Gallery}: every photo is checked first, and must show exactly one face
 * (found with the same Haar cascade verification uses); a photo without a face, with two faces or that cannot be
 * decoded is refused with its name and the reason. The face of each accepted photo is saved as the app saves it
 * ({@link FaceImages}), named after the photo ({@code people/Alice/holiday-03.jpg}).
 */
public final class GalleryEnrolment {

    /** A photo that was not enrolled, and why. */
    public record Refused(Path image, String reason) {
        /** "holiday.jpg: 2 faces found". */
        public String describe() {
            return image + ": " + reason;
        }
    }

    /**
     * What an enrolment did.
     *
     * @param person  the person's name as stored
     * @param folder  their folder in the gallery
     * @param saved   the files written, in the order of the photos
     * @param refused the photos refused, in order
     */
    public record Outcome(String person, Path folder, List<Path> saved, List<Refused> refused) {
        public Outcome {
            saved = List.copyOf(saved);
            refused = List.copyOf(refused);
        }
    }

    private final Gallery gallery;
    private final HaarFaceCropper cropper;

    public GalleryEnrolment(Gallery gallery, HaarFaceCropper cropper) {
        this.gallery = Objects.requireNonNull(gallery, "gallery");
        this.cropper = Objects.requireNonNull(cropper, "cropper");
    }

    /**
     * The photos a command line names: each argument is an image file or a folder whose image files are all taken,
     * in name order.
     *
     * @throws DatasetException when an argument does not exist, is not an image file, or nothing is left
     */
    public static List<Path> photos(List<Path> filesOrFolders) {
        List<Path> photos = new ArrayList<>();
        for (Path p : filesOrFolders) {
            if (Files.isDirectory(p)) {
                photos.addAll(ImageFiles.images(p, new DataProblems()));
            } else if (Files.isRegularFile(p)) {
                if (!ImageFiles.isImage(p)) throw new DatasetException(p + " is not an image file (expected " + String.join("/", ImageFiles.EXTENSIONS.stream().sorted().toList()) + ")");
                photos.add(p);
            } else {
                throw new DatasetException("image or folder not found: " + p);
            }
        }
        if (photos.isEmpty()) throw new DatasetException("no image files in " + filesOrFolders);
        return photos;
    }

    /**
     * Checks every photo, then saves the face of each accepted one into the person's folder (created if needed).
     *
     * @param name        the person's name, checked by {@link Gallery#checkName}
     * @param skipRefused false: when any photo is refused nothing is saved; true: the accepted ones are saved anyway
     * @throws io.siamese.model.BadInputException when the name cannot name a folder
     */
    public Outcome enrol(String name, List<Path> photos, boolean skipRefused) {
        String person = Gallery.checkName(name);
        Path folder = gallery.folderOf(person);
        Map<Path, Mat> faces = new LinkedHashMap<>();
        List<Refused> refused = new ArrayList<>();
        for (Path photo : photos) {
            try {
                Mat image = new FileImage(photo).decode();
                List<Rect> found = cropper.detectAll(image);
                if (found.isEmpty()) refused.add(new Refused(photo, "no face found"));
                else if (found.size() > 1) refused.add(new Refused(photo, found.size() + " faces found: enrol photos that show " + person + " alone"));
                else faces.put(photo, cropper.crop(image).orElseThrow());
            } catch (ImageDecodeException e) {
                refused.add(new Refused(photo, e.getMessage()));
            }
        }
        List<Path> saved = new ArrayList<>();
        if (refused.isEmpty() || skipRefused) {
            for (Map.Entry<Path, Mat> face : faces.entrySet()) saved.add(FaceImages.save(folder, stem(face.getKey()), face.getValue()));
        }
        return new Outcome(person, folder, saved, refused);
    }

    private static String stem(Path photo) {
        String name = photo.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return dot > 0 ? name.substring(0, dot) : name;
    }
}
