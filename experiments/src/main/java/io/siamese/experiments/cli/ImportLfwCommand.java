package io.siamese.experiments.cli;

import io.siamese.app.ExitStatus;
import io.siamese.data.lfw.LfwImporter;
import io.siamese.model.BadInputException;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.concurrent.Callable;

/** {@code ./siamese import-lfw}: fills data/negative with LFW (or any face tree), as the original projects did by hand. */
@Command(name = "import-lfw", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Copy Labeled Faces in the Wild into data/negative, from a folder, a .tgz/.zip archive, or a URL you give",
                "(checked against --sha256). Archive entries that would land outside the target are refused."})
final class ImportLfwCommand implements Callable<Integer> {

    /** Where negatives go unless --to says otherwise: the original projects' folder. */
    static final Path DEFAULT_TARGET = Path.of("data", "negative");

    static final class Source {
        @Option(names = "--from", required = true, paramLabel = "PATH", description = "An LFW folder or archive on disk.") Path from;
        @Option(names = "--url", required = true, paramLabel = "URL", description = "Download from this address.") String url;
    }

    @ArgGroup(multiplicity = "1") Source source;

    @Option(names = "--sha256", paramLabel = "HEX", description = "Expected SHA-256 of the archive (a mismatch deletes the download and fails).")
    String sha256;

    @Option(names = "--to", paramLabel = "DIR", description = "Target folder (default: data/negative).")
    Path to;

    @Override
    public Integer call() throws Exception {
        if (sha256 != null && !sha256.matches("[0-9a-fA-F]{64}")) {
            throw new BadInputException("--sha256: a SHA-256 digest is 64 hexadecimal digits; got '" + sha256 + "'");
        }
        if (source.url != null) ExitStatus.option("--url", () -> java.net.URI.create(source.url));
        String from = source.url != null ? source.url : source.from.toString();
        LfwImporter.Result result = new LfwImporter().importFrom(from, to == null ? DEFAULT_TARGET : to, sha256);
        System.out.printf("%d images in %s (%d copied, %d renamed to stay unique, %d already there, %d non-image files skipped)%n",
                result.images(), result.target(), result.copied(), result.renamed(), result.alreadyPresent(), result.skipped());
        return 0;
    }
}
