package io.siamese.experiments;

import io.siamese.data.SyntheticFaces;

import javax.imageio.ImageIO;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A small tree in LFW's layout ({@code lfw/Name/Name_0001.jpg}) of synthetic people, with a {@code pairs.txt} of
 * {@code folds} folds; each fold uses its own people, so training on the others never sees them.
 */
final class FakeLfw {

    static Path write(Path dir, int folds, int peoplePerFold, int imagesPerPerson, int pairsPerKind) throws IOException {
        int people = folds * peoplePerFold;
        SyntheticFaces.Config faces = new SyntheticFaces.Config(people, imagesPerPerson, 64, 17);
        for (int p = 0; p < people; p++) {
            Path person = Files.createDirectories(dir.resolve("lfw").resolve(name(p)));
            for (int i = 1; i <= imagesPerPerson; i++) {
                ImageIO.write(SyntheticFaces.render(p, i - 1, faces), "jpg", person.resolve(String.format(Locale.ROOT, "%s_%04d.jpg", name(p), i)).toFile());
            }
        }
        List<String> lines = new ArrayList<>();
        lines.add(folds + "\t" + pairsPerKind);
        for (int f = 0; f < folds; f++) {
            int first = f * peoplePerFold;
            for (int k = 0; k < pairsPerKind; k++) {
                int p = first + k % peoplePerFold;
                lines.add(name(p) + "\t" + (1 + k % imagesPerPerson) + "\t" + (1 + (k + 1) % imagesPerPerson));
            }
            for (int k = 0; k < pairsPerKind; k++) {
                int p = first + k % peoplePerFold;
                int q = first + (k + 1) % peoplePerFold;
                lines.add(name(p) + "\t" + (1 + k % imagesPerPerson) + "\t" + name(q) + "\t" + (1 + (k + 2) % imagesPerPerson));
            }
        }
        Files.write(dir.resolve("pairs.txt"), lines);
        return dir;
    }

    private static String name(int person) {
        return String.format(Locale.ROOT, "Person_%02d", person);
    }

    private FakeLfw() {
    }
}
