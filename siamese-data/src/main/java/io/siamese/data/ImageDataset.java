package io.siamese.data;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;

/**
 * A labelled set of images (addresses only; pixels are decoded when a batch needs them, so LFW's 13,233 images
 * stream). Splits are by identity: no person is in two splits.
 *
 * @param name   for messages and reports
 * @param layout how pairs are made from it
 * @param images the images, in a stable order
 */
public record ImageDataset(String name, Layout layout, List<ImageRef> images) {

    /** How pairs are drawn. */
    public enum Layout {
        /** One folder (or label) per identity: genuine pairs within an identity, impostor pairs across. */
        IDENTITIES,
        /** The original projects' {@code anchor/}, {@code positive/}, {@code negative/}: anchor+positive is 1, anchor+negative is 0. */
        ANCHOR_POSITIVE_NEGATIVE
    }

    /** Roles (the {@link ImageRef#group()}) in the anchor layout. */
    public static final String ANCHOR = "anchor";
    public static final String POSITIVE = "positive";
    public static final String NEGATIVE = "negative";

    public ImageDataset {
        images = List.copyOf(images);
    }

    public int size() {
        return images.size();
    }

    /** Images per identity, identities in sorted order. */
    public Map<String, List<ImageRef>> byIdentity() {
        Map<String, List<ImageRef>> map = new TreeMap<>();
        for (ImageRef ref : images) map.computeIfAbsent(ref.identity(), k -> new ArrayList<>()).add(ref);
        return map;
    }

    /** Images per group (alphabet, or role in the anchor layout), groups in sorted order. */
    public Map<String, List<ImageRef>> byGroup() {
        Map<String, List<ImageRef>> map = new TreeMap<>();
        for (ImageRef ref : images) map.computeIfAbsent(ref.group(), k -> new ArrayList<>()).add(ref);
        return map;
    }

    public List<String> identities() {
        return new ArrayList<>(byIdentity().keySet());
    }

    /** The images of the given identities only. */
    public ImageDataset restrictTo(Collection<String> identities, String newName) {
        Set<String> keep = new HashSet<>(identities);
        return new ImageDataset(newName, layout, images.stream().filter(r -> keep.contains(r.identity())).toList());
    }

    /** The images of the given groups only (for example some Omniglot alphabets). */
    public ImageDataset restrictToGroups(Collection<String> groups, String newName) {
        Set<String> keep = new HashSet<>(groups);
        return new ImageDataset(newName, layout, images.stream().filter(r -> keep.contains(r.group())).toList());
    }

    /** This dataset and another as one (for example two Omniglot background archives). */
    public ImageDataset concat(ImageDataset other, String newName) {
        List<ImageRef> all = new ArrayList<>(images);
        all.addAll(other.images);
        return new ImageDataset(newName, layout, all);
    }

    /** Three disjoint parts. */
    public record Split(ImageDataset train, ImageDataset validation, ImageDataset test) {
    }

    /**
     * A seeded split into train, validation and test. In the identities layout whole identities go to one part
     * (never an identity's images to two parts); in the anchor layout, where anchors and positives are all one
     * person, each role's images are split.
     */
    public Split split(double trainFraction, double validationFraction, long seed) {
        if (trainFraction <= 0 || validationFraction < 0 || trainFraction + validationFraction > 1) {
            throw new IllegalArgumentException("fractions must satisfy 0 < train, 0 <= validation, train + validation <= 1; got "
                    + trainFraction + " and " + validationFraction);
        }
        if (layout == Layout.ANCHOR_POSITIVE_NEGATIVE) return splitImagesPerRole(trainFraction, validationFraction, seed);
        List<String> ids = identities();
        Collections.shuffle(ids, new Random(seed));
        int n = ids.size();
        int nTrain = (int) Math.round(n * trainFraction);
        int nVal = (int) Math.round(n * validationFraction);
        // Validation needs two identities to make impostor pairs; take them from training when there are enough people.
        if (validationFraction > 0 && nVal < 2 && n >= 4) nVal = 2;
        nTrain = Math.min(nTrain, n - nVal);
        return new Split(
                restrictTo(ids.subList(0, nTrain), name + "/train"),
                restrictTo(ids.subList(nTrain, nTrain + nVal), name + "/validation"),
                restrictTo(ids.subList(nTrain + nVal, n), name + "/test"));
    }

    private Split splitImagesPerRole(double trainFraction, double validationFraction, long seed) {
        List<ImageRef> train = new ArrayList<>(), val = new ArrayList<>(), test = new ArrayList<>();
        Random random = new Random(seed);
        for (List<ImageRef> role : byGroup().values()) {
            List<ImageRef> shuffled = new ArrayList<>(role);
            Collections.shuffle(shuffled, random);
            int n = shuffled.size();
            int nTrain = (int) Math.round(n * trainFraction);
            int nVal = (int) Math.round(n * validationFraction);
            if (validationFraction > 0 && nVal == 0 && n - nTrain >= 1) nVal = 1;
            nTrain = Math.min(nTrain, n - nVal);
            train.addAll(shuffled.subList(0, nTrain));
            val.addAll(shuffled.subList(nTrain, nTrain + nVal));
            test.addAll(shuffled.subList(nTrain + nVal, n));
        }
        return new Split(new ImageDataset(name + "/train", layout, train), new ImageDataset(name + "/validation", layout, val),
                new ImageDataset(name + "/test", layout, test));
    }

    /** The pair sampler this layout calls for. */
    public PairSampler pairSampler() {
        return pairSampler(0);
    }

    /**
     * The pair sampler this layout calls for, with {@code sameGroupFraction} of the impostor pairs drawn within one
     * group (one Omniglot alphabet; see {@link IdentityPairSampler}). The anchor layout has no such groups and ignores
     * the fraction.
     */
    public PairSampler pairSampler(double sameGroupFraction) {
        return layout == Layout.ANCHOR_POSITIVE_NEGATIVE ? new AnchorPairSampler(this) : new IdentityPairSampler(this, sameGroupFraction);
    }

    /** A one-line description for logs. */
    public String describe() {
        if (layout == Layout.ANCHOR_POSITIVE_NEGATIVE) {
            Map<String, List<ImageRef>> roles = byGroup();
            return name + ": " + roles.getOrDefault(ANCHOR, List.of()).size() + " anchors, "
                    + roles.getOrDefault(POSITIVE, List.of()).size() + " positives, "
                    + roles.getOrDefault(NEGATIVE, List.of()).size() + " negatives";
        }
        return name + ": " + byIdentity().size() + " identities, " + images.size() + " images";
    }
}
