package org.cnpgrehearsal.tune;

import java.util.List;
import java.util.stream.Collectors;
import org.cnpgrehearsal.manifest.ClusterManifest;

/** The manifest as written with some changes: what --tune rehearses. The manifest as written has none. */
record Variant(List<Change> changes) {

    static final String AS_WRITTEN = "as written";

    Variant {
        changes = List.copyOf(changes);
    }

    static Variant asWritten() {
        return new Variant(List.of());
    }

    static Variant of(Change change) {
        return new Variant(List.of(change));
    }

    boolean isAsWritten() {
        return changes.isEmpty();
    }

    String name() {
        return isAsWritten() ? AS_WRITTEN : changes.stream().map(Change::label).collect(Collectors.joining(" + "));
    }

    ClusterManifest manifest(ClusterManifest asWritten) {
        ClusterManifest m = asWritten;
        for (Change c : changes) {
            m = c.apply().apply(m);
        }
        return m;
    }

    /** Why the tuned manifest cannot be this variant whatever it measures; null when it can. */
    String notAdopted() {
        return changes.stream()
                .map(Change::notAdopted)
                .filter(r -> r != null)
                .findFirst()
                .orElse(null);
    }
}
