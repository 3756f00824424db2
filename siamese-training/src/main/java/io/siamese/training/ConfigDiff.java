package io.siamese.training;

import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * What differs between a run's training configuration and the one a resume asks for, component by component
 * (nested records such as the optimizer included), as lines like {@code optimizer.learningRate: 1.0E-4 -> 5.0E-4}.
 * The seed and the split fractions choose the run's people and pairs: a run keeps them ({@link #fixed}); the number of
 * epochs may always grow (and the score cohort change); everything else is a change of recipe that a resume applies only when told to.
 */
public record ConfigDiff(List<String> fixed, List<String> changed) {

    /** Components that choose the data: never changed by a resume. */
    static final Set<String> DATA = Set.of("seed", "trainFraction", "validationFraction");
    /**
     * Components a resume may change without being told: the length of the last stage, and the score cohort (it
     * changes no epoch, only the final model).
     */
    static final Set<String> FREE = Set.of("epochs", "scoreCohort");

    public static ConfigDiff between(TrainingConfig run, TrainingConfig asked) {
        List<String> fixed = new ArrayList<>(), changed = new ArrayList<>();
        compare("", run, asked, fixed, changed);
        return new ConfigDiff(List.copyOf(fixed), List.copyOf(changed));
    }

    public boolean isEmpty() {
        return fixed.isEmpty() && changed.isEmpty();
    }

    private static void compare(String prefix, Record a, Record b, List<String> fixed, List<String> changed) {
        for (RecordComponent component : a.getClass().getRecordComponents()) {
            Object x = value(component, a), y = value(component, b);
            String name = prefix + component.getName();
            if (x instanceof Record rx && y instanceof Record ry && rx.getClass() == ry.getClass()) {
                compare(name + ".", rx, ry, fixed, changed);
            } else if (!Objects.equals(x, y)) {
                String line = name + ": " + x + " -> " + y;
                if (prefix.isEmpty() && DATA.contains(name)) fixed.add(line);
                else if (!(prefix.isEmpty() && FREE.contains(name))) changed.add(line);
            }
        }
    }

    private static Object value(RecordComponent component, Record record) {
        try {
            return component.getAccessor().invoke(record);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot read " + component.getName() + " of " + record.getClass().getSimpleName(), e);
        }
    }
}
