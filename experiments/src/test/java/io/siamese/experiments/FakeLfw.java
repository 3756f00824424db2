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
 * A small tree in LFW's layout ({@code lfw/Name/Name_0001.jpg}, or flat {@code data/negative/Name_0001.jpg}) of
 * synthetic people, with a {@code pairs.txt} of {@code folds} folds; each fold uses its own people, so training on
 * the others never sees them. With two folds or more, fold 1's pairs are also written as {@code pairsDevTrain.txt}
 * and fold 2's as {@code pairsDevTest.txt} (View 1: disjoint people, as in LFW).
 */
public final class FakeLfw {

    public static Path write(Path dir, int folds, int peoplePerFold, int imagesPerPerson, int pairsPerKind) throws IOException {
        return write(dir, folds, peoplePerFold, imagesPerPerson, pairsPerKind, false);
    }

    public static Path write(Path dir, int folds, int peoplePerFold, int imagesPerPerson, int pairsPerKind, boolean flat) throws IOException {
        int people = folds * peoplePerFold;
        SyntheticFaces.Config faces = new SyntheticFaces.Config(people, imagesPerPerson, 64, 17);
        for (int p = 0; p < people; p++) {
            Path person = Files.createDirectories(flat ? dir.resolve("data").resolve("negative") : dir.resolve("lfw").resolve(name(p)));
            for (int i = 1; i <= imagesPerPerson; i++) {
                ImageIO.write(SyntheticFaces.render(p, i - 1, faces), "jpg", person.resolve(String.format(Locale.ROOT, "%s_%04d.jpg", name(p), i)).toFile());
            }
        }
        List<List<String>> blocks = new ArrayList<>();
        for (int f = 0; f < folds; f++) {
            List<String> block = new ArrayList<>();
            int first = f * peoplePerFold;
            for (int k = 0; k < pairsPerKind; k++) {
                int p = first + k % peoplePerFold;
                block.add(name(p) + "\t" + (1 + k % imagesPerPerson) + "\t" + (1 + (k + 1) % imagesPerPerson));
            }
            for (int k = 0; k < pairsPerKind; k++) {
                int p = first + k % peoplePerFold;
                int q = first + (k + 1) % peoplePerFold;
                block.add(name(p) + "\t" + (1 + k % imagesPerPerson) + "\t" + name(q) + "\t" + (1 + (k + 2) % imagesPerPerson));
            }
            blocks.add(block);
        }
        List<String> lines = new ArrayList<>();
        lines.add(folds + "\t" + pairsPerKind);
        blocks.forEach(lines::addAll);
        Files.write(dir.resolve("pairs.txt"), lines);
        if (folds >= 2) {
            for (String[] dev : new String[][] {{"pairsDevTrain.txt", "0"}, {"pairsDevTest.txt", "1"}}) {
                List<String> devLines = new ArrayList<>(List.of(String.valueOf(pairsPerKind)));
                devLines.addAll(blocks.get(Integer.parseInt(dev[1])));
                Files.write(dir.resolve(dev[0]), devLines);
            }
        }
        return dir;
    }

    private static String name(int person) {
        return String.format(Locale.ROOT, "Person_%02d", person);
    }

    private FakeLfw() {
    }
}
