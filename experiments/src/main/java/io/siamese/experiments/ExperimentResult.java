package io.siamese.experiments;

import io.siamese.model.Json;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What an experiment leaves: its folder and its key numbers (printed by {@code ./siamese experiment} as one JSON line).
 */
public record ExperimentResult(String experiment, Path folder, Map<String, Object> numbers) {

    public ExperimentResult {
        numbers = new LinkedHashMap<>(numbers);
    }

    /** One JSON object on one line: the experiment's name, its folder and its key numbers. */
    public String jsonLine() {
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("experiment", experiment);
        line.put("folder", folder.toString());
        line.putAll(numbers);
        return Json.writeCompact(line);
    }

    public double number(String key) {
        Object v = numbers.get(key);
        if (!(v instanceof Number n)) throw new IllegalArgumentException("no number '" + key + "' in " + numbers.keySet());
        return n.doubleValue();
    }
}
