package io.siamese.data;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

/**
 * The identities of an identities-layout dataset, with their groups, for the pair samplers: uniform genuine pairs,
 * and impostor partners drawn uniformly among all other identities or among the other identities of the same group
 * (an Omniglot alphabet). Identities are in sorted order, so the same dataset and seed always draw the same pairs.
 */
final class IdentityIndex {

    private final String name;
    /** Images per identity, identities sorted. */
    private final List<List<ImageRef>> all;
    /** The identities with two or more images, which genuine pairs are drawn from. */
    private final List<List<ImageRef>> withTwo;
    /** Identity numbers (indices into {@link #all}) per group; each identity belongs to the group of its first image. */
    private final List<int[]> groups;
    /** Each identity's group number and its position in that group's list. */
    private final int[] groupOf;
    private final int[] positionInGroup;
    /** The identities whose group holds at least one other identity: the first image of a same-group impostor. */
    private final int[] withGroupPartner;
    private final Map<String, Integer> identityNumbers = new TreeMap<>();

    IdentityIndex(ImageDataset dataset) {
        this.name = dataset.name();
        Map<String, List<ImageRef>> byIdentity = dataset.byIdentity();
        this.all = new ArrayList<>(byIdentity.values());
        this.withTwo = all.stream().filter(l -> l.size() >= 2).toList();
        Map<String, List<Integer>> members = new TreeMap<>();
        int i = 0;
        for (Map.Entry<String, List<ImageRef>> e : byIdentity.entrySet()) {
            identityNumbers.put(e.getKey(), i);
            members.computeIfAbsent(e.getValue().get(0).group(), k -> new ArrayList<>()).add(i);
            i++;
        }
        this.groups = new ArrayList<>();
        this.groupOf = new int[all.size()];
        this.positionInGroup = new int[all.size()];
        List<Integer> partnered = new ArrayList<>();
        for (List<Integer> group : members.values()) {
            int[] ids = group.stream().mapToInt(Integer::intValue).toArray();
            for (int p = 0; p < ids.length; p++) {
                groupOf[ids[p]] = groups.size();
                positionInGroup[ids[p]] = p;
            }
            groups.add(ids);
            if (ids.length >= 2) for (int id : ids) partnered.add(id);
        }
        this.withGroupPartner = partnered.stream().mapToInt(Integer::intValue).sorted().toArray();
    }

    /** Refuses a dataset that cannot give both kinds of pair (the {@link PairSampler} contract). */
    void checkBothKinds() {
        if (withTwo.isEmpty()) {
            throw new DatasetException(name + ": no identity has two or more usable images, so no genuine (same-identity) pair can be made; "
                    + "expected one folder per identity with at least two images in some of them");
        }
        if (all.size() < 2) {
            throw new DatasetException(name + ": only one identity, so no impostor (different-identity) pair can be made; expected two or more identities");
        }
    }

    /** Two different images of one identity, the identity uniform among those with two or more images. */
    Pair genuine(Random random) {
        List<ImageRef> images = withTwo.get(random.nextInt(withTwo.size()));
        int a = random.nextInt(images.size());
        int b = random.nextInt(images.size() - 1);
        if (b >= a) b++;
        return new Pair(images.get(a), images.get(b), true);
    }

    /**
     * An impostor pair. Unrestricted: two different identities, each uniform, an image of each uniform. Within the
     * group: the first identity uniform among those that share their group with another, the second uniform among the
     * other identities of that group (unrestricted when no group holds two identities).
     */
    Pair impostor(boolean sameGroup, Random random) {
        int p;
        if (sameGroup && withGroupPartner.length > 0) {
            p = withGroupPartner[random.nextInt(withGroupPartner.length)];
        } else {
            p = random.nextInt(all.size());
        }
        int q = other(p, sameGroup, random);
        List<ImageRef> first = all.get(p), second = all.get(q);
        return new Pair(first.get(random.nextInt(first.size())), second.get(random.nextInt(second.size())), false);
    }

    /** The identity number of an image of this dataset. */
    int identityOf(ImageRef ref) {
        Integer n = identityNumbers.get(ref.identity());
        if (n == null) throw new IllegalArgumentException(ref.name() + " (" + ref.identity() + ") is not in " + name);
        return n;
    }

    /**
     * An image of another identity than {@code identity}: of the same group when asked and the group holds another
     * identity, otherwise of any other identity.
     */
    ImageRef otherImage(int identity, boolean sameGroup, Random random) {
        List<ImageRef> images = all.get(other(identity, sameGroup, random));
        return images.get(random.nextInt(images.size()));
    }

    private int other(int identity, boolean sameGroup, Random random) {
        int[] group = groups.get(groupOf[identity]);
        if (sameGroup && group.length >= 2) {
            int q = random.nextInt(group.length - 1);
            if (q >= positionInGroup[identity]) q++;
            return group[q];
        }
        int q = random.nextInt(all.size() - 1);
        if (q >= identity) q++;
        return q;
    }

    /**
     * Whether the {@code i}-th impostor pair (from 0) is one of a {@code fraction}: chosen evenly spread, so that of
     * the first {@code n} pairs exactly {@code floor(n * fraction)} are. No random draw, so a fraction of 0 leaves the
     * random stream as it was.
     */
    static boolean evenlySpread(int i, double fraction) {
        return fraction > 0 && Math.floor((i + 1) * fraction) > Math.floor(i * fraction);
    }
}
