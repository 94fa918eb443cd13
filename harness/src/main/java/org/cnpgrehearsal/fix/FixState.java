package org.cnpgrehearsal.fix;

import java.util.ArrayList;
import java.util.List;
import org.cnpgrehearsal.manifest.ClusterManifest;
import org.cnpgrehearsal.scenario.Scenario;

/**
 * Where the fix loop stands: the scenario (the source as the rehearsal sets it up, with the remedies applied so far),
 * the manifest as fixed so far, and the SQL to run on the real source before the window, each statement commented.
 */
public record FixState(Scenario scenario, ClusterManifest manifest, List<String> sourcePrep) {

    public FixState withScenario(Scenario s) {
        return new FixState(s, manifest, sourcePrep);
    }

    public FixState withManifest(ClusterManifest m) {
        return new FixState(scenario, m, sourcePrep);
    }

    /** Adds a statement for source-prep.sql with the reason it is needed. */
    public FixState withSourcePrep(String why, String... statements) {
        List<String> prep = new ArrayList<>(sourcePrep);
        prep.add("-- " + why);
        prep.addAll(List.of(statements));
        prep.add("");
        return new FixState(scenario, manifest, prep);
    }

    /** The scenario's source with more grants and preparation SQL (what source-prep.sql does, in the rehearsal). */
    public FixState withSourceChange(List<String> grants, List<String> prepareSql, String passwordEncryption) {
        Scenario.Source s = scenario.source();
        List<String> g = new ArrayList<>(s.grants());
        grants.stream().filter(x -> !g.contains(x)).forEach(g::add);
        List<String> p = new ArrayList<>(s.prepareSql());
        p.addAll(prepareSql);
        return withScenario(scenario.withSource(new Scenario.Source(
                s.major(),
                s.importUser(),
                g,
                passwordEncryption == null ? s.passwordEncryption() : passwordEncryption,
                s.extensions(),
                p,
                s.tls(),
                s.parameters())));
    }
}
