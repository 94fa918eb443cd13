package org.cnpgrehearsal.verify;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Two keyed snapshots of the same facts, source and target, compared: what the target lacks, what differs, and what
 * only the target has.
 */
record Differences(List<String> missing, List<String> changed, List<String> extra) {

    static Differences of(Map<String, String> source, Map<String, String> target) {
        List<String> missing = new ArrayList<>();
        List<String> changed = new ArrayList<>();
        List<String> extra = new ArrayList<>();
        source.forEach((key, was) -> {
            if (!target.containsKey(key)) {
                missing.add(key);
            } else if (!Objects.equals(was, target.get(key))) {
                changed.add(key);
            }
        });
        target.keySet().stream().filter(k -> !source.containsKey(k)).forEach(extra::add);
        return new Differences(missing, changed, extra);
    }

    boolean none() {
        return missing.isEmpty() && changed.isEmpty();
    }
}
