package org.cnpgrehearsal.fix;

import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import org.cnpgrehearsal.manifest.ClusterManifest;
import org.cnpgrehearsal.results.PrepStep;
import org.cnpgrehearsal.results.SourcePrep;
import org.cnpgrehearsal.scenario.Scenario;

/**
 * Where the fix loop stands: the scenario (the source as the rehearsal sets it up, with the remedies applied so far),
 * the manifest as fixed so far, and the preparation of the real source before the window ({@code source-prep.sql},
 * undone by {@code source-revert.sql}).
 */
public record FixState(Scenario scenario, ClusterManifest manifest, SourcePrep sourcePrep) {

    public FixState withScenario(Scenario s) {
        return new FixState(s, manifest, sourcePrep);
    }

    public FixState withManifest(ClusterManifest m) {
        return new FixState(scenario, m, sourcePrep);
    }

    /**
     * The source prepared as {@code step} says (why, what to run, how to undo it: {@link PrepStep}), and done to the
     * rehearsal's own source by {@code onRehearsal}, so that the next round runs against the prepared source.
     */
    public FixState withSourcePrep(PrepStep step, UnaryOperator<Scenario.Source> onRehearsal) {
        return new FixState(scenario.withSource(onRehearsal.apply(scenario.source())), manifest, sourcePrep.with(step));
    }

    /** One of the scenario grants (scenarios/README.md), given to the import user: its step and the rehearsal's grant. */
    public FixState withGrant(String grant) {
        String user = manifest.importSource().user();
        return withSourcePrep(SourcePrep.forGrant(grant, user), s -> withGrants(s, grant));
    }

    /** A step made of SQL that the rehearsal's source runs too, after seeding. */
    public FixState withSourceSql(PrepStep step) {
        return withSourcePrep(step, s -> withPrepareSql(s, step.sql()));
    }

    static Scenario.Source withGrants(Scenario.Source s, String grant) {
        List<String> grants = new ArrayList<>(s.grants());
        if (!grants.contains(grant)) {
            grants.add(grant);
        }
        return s.withPreparation(grants, s.prepareSql(), s.passwordEncryption());
    }

    static Scenario.Source withPrepareSql(Scenario.Source s, List<String> sql) {
        List<String> all = new ArrayList<>(s.prepareSql());
        sql.stream().filter(x -> !all.contains(x)).forEach(all::add);
        return s.withPreparation(s.grants(), all, s.passwordEncryption());
    }

    static Scenario.Source withPasswordEncryption(Scenario.Source s, String encryption) {
        return s.withPreparation(s.grants(), s.prepareSql(), encryption);
    }
}
