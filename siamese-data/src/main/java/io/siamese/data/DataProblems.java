package io.siamese.data;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Bad input met while reading a dataset or an epoch: each unusable file is logged once, with its name and the
 * reason, and counted. Nothing stops halfway through an epoch because of one bad file. Thread-safe.
 */
public final class DataProblems {

    private static final Logger log = LoggerFactory.getLogger(DataProblems.class);
    private final Map<String, String> skipped = new LinkedHashMap<>();

    /** Records a skipped file; logs a warning the first time this file is met. */
    public synchronized void skip(String name, String reason) {
        if (skipped.putIfAbsent(name, reason) == null) {
            log.warn("skipped {}: {}", name, reason);
        }
    }

    /** How many distinct files were skipped. */
    public synchronized int count() {
        return skipped.size();
    }

    public synchronized boolean wasSkipped(String name) {
        return skipped.containsKey(name);
    }

    /** Skipped files and why, in the order they were met. */
    public synchronized Map<String, String> skipped() {
        return new LinkedHashMap<>(skipped);
    }
}
