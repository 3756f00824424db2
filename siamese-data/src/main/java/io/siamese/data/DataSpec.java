package io.siamese.data;

import java.nio.file.Path;
import java.util.Locale;

/**
 * A data source as the command line names it: {@code folders:PATH}, {@code identities:PATH}, {@code lfw-pairs:PATH},
 * {@code omniglot:PATH} or {@code synthetic}.
 */
public record DataSpec(Kind kind, Path path) {

    public enum Kind {
        /** {@code PATH/anchor}, {@code PATH/positive}, {@code PATH/negative}: the original projects' layout. */
        FOLDERS("folders"),
        /** One folder per person (LFW's {@code Name/Name_0001.jpg}, AT&T's {@code s1/1.pgm}). */
        IDENTITIES("identities"),
        /** An LFW tree with the official {@code pairs.txt} (and {@code pairsDevTrain.txt}/{@code pairsDevTest.txt}). */
        LFW_PAIRS("lfw-pairs"),
        /** The Omniglot distribution: {@code images_background*.zip}, {@code images_evaluation.zip} or those folders extracted. */
        OMNIGLOT("omniglot"),
        /** The embedded synthetic faces; no path. */
        SYNTHETIC("synthetic");

        private final String prefix;

        Kind(String prefix) {
            this.prefix = prefix;
        }

        public String prefix() {
            return prefix;
        }
    }

    /** What {@link #parse} accepts, for help texts and error messages. */
    public static final String FORMS = "folders:PATH, identities:PATH, lfw-pairs:PATH, omniglot:PATH or synthetic";

    public DataSpec {
        if (kind == null) throw new IllegalArgumentException("data kind is missing; use " + FORMS);
        if (kind != Kind.SYNTHETIC && path == null) throw new IllegalArgumentException(kind.prefix() + " needs a path: " + kind.prefix() + ":PATH");
    }

    public static DataSpec parse(String text) {
        if (text == null || text.isBlank()) throw new IllegalArgumentException("empty data spec; use " + FORMS);
        String t = text.trim();
        if (t.equalsIgnoreCase("synthetic")) return new DataSpec(Kind.SYNTHETIC, null);
        int colon = t.indexOf(':');
        if (colon < 0) throw new IllegalArgumentException("'" + text + "' is not a data spec; use " + FORMS);
        String prefix = t.substring(0, colon).toLowerCase(Locale.ROOT);
        String rest = t.substring(colon + 1);
        for (Kind kind : Kind.values()) {
            if (kind.prefix().equals(prefix)) {
                if (kind == Kind.SYNTHETIC) return new DataSpec(kind, null);
                if (rest.isBlank()) throw new IllegalArgumentException(prefix + " needs a path: " + prefix + ":PATH");
                return new DataSpec(kind, Path.of(rest));
            }
        }
        throw new IllegalArgumentException("unknown data kind '" + prefix + "' in '" + text + "'; use " + FORMS);
    }

    @Override
    public String toString() {
        return kind == Kind.SYNTHETIC ? kind.prefix() : kind.prefix() + ":" + path;
    }
}
