package io.siamese.data;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Finds the folder of real public datasets that experiments and dataset tests read ({@code omniglot/},
 * {@code orl_faces/}, {@code yale_faces/}). A fresh clone has none: callers get an empty result and skip.
 *
 * <p>The folder is, in order: the system property {@value #PROPERTY}, the environment variable {@value #ENVIRONMENT},
 * or the first {@code shared/datasets} folder found next to the working directory or one of its parents (the
 * project's {@code ../shared/datasets}, which is {@code ../../shared/datasets} from a module).
 */
public final class SharedDatasets {

    /** System property naming the datasets folder. */
    public static final String PROPERTY = "siamese.datasets";
    /** Environment variable naming the datasets folder. */
    public static final String ENVIRONMENT = "SIAMESE_DATASETS";

    private SharedDatasets() {
    }

    /** The datasets folder, if there is one. */
    public static Optional<Path> locate() {
        return locate(System.getProperty(PROPERTY), System.getenv(ENVIRONMENT), Path.of("").toAbsolutePath());
    }

    /** A dataset below the datasets folder ({@code "omniglot"}, {@code "orl_faces"}, {@code "yale_faces"}), if present. */
    public static Optional<Path> locate(String dataset) {
        return locate().map(root -> root.resolve(dataset)).filter(Files::exists);
    }

    /** The Omniglot folder ({@code all_runs.zip}, {@code images_background_small1.zip}, ...), if present. */
    public static Optional<Path> omniglot() {
        return locate("omniglot");
    }

    /** The AT&T / ORL faces ({@code s1/1.pgm} ...), if present. */
    public static Optional<Path> orlFaces() {
        return locate("orl_faces");
    }

    /** The Yale faces ({@code subject01/subject01_happy.png} ...), if present. */
    public static Optional<Path> yaleFaces() {
        return locate("yale_faces");
    }

    /**
     * The lookup with its inputs spelled out: an override (property first, then environment) wins when it is set;
     * otherwise {@code start} and its parents are searched for a {@code shared/datasets} folder.
     */
    static Optional<Path> locate(String property, String environment, Path start) {
        for (String override : new String[] {property, environment}) {
            if (override != null && !override.isBlank()) {
                Path path = Path.of(override.trim()).toAbsolutePath().normalize();
                return Files.isDirectory(path) ? Optional.of(path) : Optional.empty();
            }
        }
        for (Path dir = start.toAbsolutePath().normalize(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve("shared").resolve("datasets");
            if (Files.isDirectory(candidate)) return Optional.of(candidate);
        }
        return Optional.empty();
    }
}
