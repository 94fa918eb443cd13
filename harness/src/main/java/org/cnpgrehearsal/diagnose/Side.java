package org.cnpgrehearsal.diagnose;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;
import org.cnpgrehearsal.timeline.Phases;

/**
 * Where a failure arises, and which side a diagnosis blames: the Zalando source, the CNPG target, the Cluster
 * manifest (what the user changes to fix the import), or the harness itself.
 */
public enum Side {
    SOURCE,
    TARGET,
    MANIFEST,
    HARNESS;

    /**
     * The side a phase works on: CNPG's role step and pg_dump read the source (a failing CREATE ROLE is logged and
     * skipped, so the role step fails only on its reads); the restore sections, ANALYZE, the restart and the
     * verification run on the target; the rest is the harness preparing the rehearsal. Null for a phase it does not
     * know.
     */
    public static Side ofPhase(String phase) {
        if (phase == null) {
            return null;
        }
        return switch (phase) {
            case Phases.ROLES, Phases.DUMP -> SOURCE;
            case Phases.RESTORE_PRE_DATA,
                    Phases.RESTORE_DATA,
                    Phases.RESTORE_POST_DATA,
                    Phases.ANALYZE,
                    Phases.FINALIZE,
                    Phases.VERIFY -> TARGET;
            case Phases.PROVISION, Phases.SOURCE_SETUP, Phases.SEED, Phases.PREFLIGHT, Phases.MEASURE_VOLUME -> HARNESS;
            default -> null;
        };
    }

    /** "source", "target", ...: how reports and remedies name the side. */
    @JsonValue
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
