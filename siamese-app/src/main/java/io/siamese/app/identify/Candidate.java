package io.siamese.app.identify;

import java.util.Locale;

/**
 * One gallery person's evidence for a face: how their references compared with it.
 *
 * @param name       the person
 * @param score      the mean score of all comparisons (references x frames): the ranking of candidates
 * @param agreeing   how many comparisons reached the detection threshold
 * @param references how many references the person has
 * @param required   how many comparisons had to agree for the person to match (the verification threshold)
 * @param matches    true when at least {@code required} agreed
 */
public record Candidate(String name, double score, int agreeing, int references, int required, boolean matches) {

    /** "Alice 0.871 (4 of 5 agreed)". */
    public String describe() {
        return String.format(Locale.ROOT, "%s %.3f (%d agreed, %d needed)", name, score, agreeing, required);
    }
}
