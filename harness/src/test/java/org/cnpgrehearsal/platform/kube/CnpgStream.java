package org.cnpgrehearsal.platform.kube;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.cnpgrehearsal.importer.CnpgImportCommands;
import org.cnpgrehearsal.manifest.ClusterManifest;
import org.cnpgrehearsal.manifest.ExternalCluster;
import org.cnpgrehearsal.manifest.ImportSpec;
import org.cnpgrehearsal.manifest.ImportType;
import org.cnpgrehearsal.manifest.ManifestReader;
import org.cnpgrehearsal.timeline.Phases;

/**
 * The instance manager's log of one import Job, in CNPG v1.30.0's order ({@code monolith.go}, {@code microservice.go},
 * {@code initdb.go}, {@code instance.go}) and words ({@link UpstreamData}), for the Cluster as it was applied: its
 * import type, roles, databases, sections, options and origin. It ends as upstream ends: successfully, or with a
 * failure's own lines, the deferred shutdown and the failure line.
 */
final class CnpgStream {

    static final String PGDATA = "/var/lib/postgresql/data/pgdata";
    /** The hash the role query carries (redacted by the harness). */
    static final String ROLE_HASH = "SCRAM-SHA-256$4096:c2FsdHNhbHRzYWx0$c3RvcmVka2V5:c2VydmVya2V5";

    private static final UpstreamData UPSTREAM = UpstreamData.CNPG_1_30;
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One line to write, {@code offsetMillis} after the Job's start. */
    record Emit(UpstreamData.Entry entry, Map<String, Object> params, long offsetMillis) {
        String render(Instant start) {
            return UpstreamData.render(entry, start.plusMillis(offsetMillis), params);
        }
    }

    /** What only the scenario knows: the source's version and address, the role a restore misses. */
    record Facts(String sourceVersion, String sourceIp, String missingRole) {
        static Facts defaults() {
            return new Facts("17.6.0", "10.43.57.12", "robot_zmon");
        }
    }

    private final ClusterManifest cluster;
    private final String namespace;
    private final Facts facts;
    private final List<Emit> out = new ArrayList<>();
    private long offset;

    private CnpgStream(ClusterManifest cluster, String namespace, Facts facts) {
        this.cluster = cluster;
        this.namespace = namespace;
        this.facts = facts;
    }

    /** The applied Cluster (as the API server stored it) read back like the user's manifest. */
    static ClusterManifest applied(Map<String, Object> document) {
        try {
            return ManifestReader.parse(Path.of("applied-cluster.json"), JSON.writeValueAsString(document));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** The whole log: success when {@code failure} is null, else the failure's end. */
    static List<Emit> of(ClusterManifest cluster, String namespace, Facts facts, UpstreamData.Failure failure) {
        return new CnpgStream(cluster, namespace, facts).build(failure);
    }

    private List<Emit> build(UpstreamData.Failure failure) {
        ImportSpec spec = cluster.importSpec();
        boolean failed = importSteps(spec, failure);
        add("shutdown", Map.of());
        if (failed) {
            add("failure-end", Map.of("error", UpstreamData.fill(failure.error(), params(Map.of()))));
        } else {
            add("success-end", Map.of());
        }
        return out;
    }

    /** Runs the import's steps in CNPG's order; true when the failure's phase was reached (and its lines written). */
    private boolean importSteps(ImportSpec spec, UpstreamData.Failure failure) {
        add("prologue", Map.of());
        boolean microservice = spec.type() == ImportType.MICROSERVICE;
        add(microservice ? "microservice-start" : "monolith-start", Map.of());
        if (!microservice && !spec.roles().isEmpty()) {
            if (failsIn(failure, Phases.ROLES)) {
                return fail(failure, Map.of());
            }
            add("roles-version", Map.of());
            for (String role : importedRoles(spec)) {
                add("roles-role", Map.of("query", createRole(role)));
            }
            add("roles-inheritance", Map.of());
        }
        List<String> databases = databases(spec);
        if (!microservice && !spec.allDatabases()) {
            add("explicit-databases", Map.of("databases", spec.databases()));
        }
        for (String db : databases) {
            Map<String, Object> dump = Map.of("db", db, "options", dumpOptions(db, spec));
            if (failsIn(failure, Phases.DUMP)) {
                return fail(failure, dump);
            }
            add("dump-start", dump);
            add("dump-end", dump);
        }
        if (microservice) {
            add("microservice-prepare", Map.of("role", cluster.initdbOwner()));
        }
        for (String db : databases) {
            for (String section : CnpgImportCommands.sections(spec)) {
                Map<String, Object> restore = Map.of(
                        "db", db, "section", section, "options", restoreOptions(db, section, spec, microservice));
                if (failsIn(failure, Phases.restoreOf(section))) {
                    return fail(failure, restore);
                }
                add("restore-start", restore);
            }
        }
        if (microservice) {
            add("microservice-finish", Map.of("role", cluster.initdbOwner()));
        }
        for (String db : microservice ? List.of(cluster.initdbDatabase()) : databases) {
            add("analyze", Map.of("db", db));
        }
        if (failure != null) {
            throw new IllegalArgumentException(
                    "failure " + failure.id() + " fails in " + failure.phase() + ", which this import never reaches");
        }
        return false;
    }

    private static boolean failsIn(UpstreamData.Failure failure, String phase) {
        return failure != null && failure.phase().equals(phase);
    }

    private boolean fail(UpstreamData.Failure failure, Map<String, Object> step) {
        emit(UPSTREAM.entries(failure.lines()), step);
        return true;
    }

    private void add(String segment, Map<String, Object> step) {
        emit(UPSTREAM.segment(segment), step);
    }

    private void emit(List<UpstreamData.Entry> entries, Map<String, Object> step) {
        Map<String, Object> params = params(step);
        // pg_restore prints its progress lines only with --verbose (measured); CNPG's pg_dump always runs with -v
        boolean verbose = step.get("options") instanceof List<?> options
                && (options.contains("--verbose") || options.contains("-v"));
        for (UpstreamData.Entry e : entries) {
            if (e.verboseOnly() && !verbose) {
                continue;
            }
            offset += e.msg().startsWith("executing database importing section")
                            || e.msg().equals("exporting database")
                    ? 1000
                    : 100;
            out.add(new Emit(e, params, offset));
        }
    }

    private Map<String, Object> params(Map<String, Object> step) {
        ExternalCluster origin = cluster.importSource();
        Map<String, Object> p = new HashMap<>();
        p.put("cluster", cluster.name());
        p.put("namespace", namespace);
        p.put("pgdata", PGDATA);
        p.put("sourceHost", origin.parameter("host"));
        p.put("importUser", origin.user());
        p.put("sourceIp", facts.sourceIp());
        p.put("sourceVersion", facts.sourceVersion());
        p.put("missingRole", facts.missingRole());
        p.put(
                "targetMajor",
                cluster.imageMajor()
                        .orElse(ClusterManifest.majorOf(ClusterManifest.OPERATOR_DEFAULT_IMAGE)
                                .getAsInt()));
        p.putAll(step);
        return p;
    }

    private List<String> importedRoles(ImportSpec spec) {
        return spec.allRoles()
                ? List.of(cluster.initdbOwner().equals("app") ? "mastodon" : cluster.initdbOwner())
                : spec.roles();
    }

    /** The database list: the explicit one, or for {@code *} the application database the fixture lives in. */
    private List<String> databases(ImportSpec spec) {
        return spec.allDatabases() ? List.of("mastodon") : spec.databases();
    }

    /** The statement of role.go:97-135 for a LOGIN role with a stored SCRAM hash. */
    private static String createRole(String role) {
        return "CREATE ROLE \"" + role + "\" WITH LOGIN INHERIT PASSWORD '" + ROLE_HASH + "' CONNECTION LIMIT -1";
    }

    /** database.go:107-115: the directory format into PGDATA, the origin's DSN, -v, the sections, then the extras. */
    private List<String> dumpOptions(String db, ImportSpec spec) {
        List<String> options =
                new ArrayList<>(List.of("-Fd", "-f", PGDATA + "/dumps/" + db + ".dump", "-d", originDsn(db), "-v"));
        CnpgImportCommands.sections(spec).forEach(s -> options.add("--section=" + s));
        options.addAll(spec.pgDumpExtraOptions());
        return options;
    }

    /** database.go:151-168 (monolith) and :217-230 (microservice). */
    private List<String> restoreOptions(String db, String section, ImportSpec spec, boolean microservice) {
        List<String> options = new ArrayList<>();
        String file = PGDATA + "/dumps/" + db + ".dump";
        if (microservice) {
            options.addAll(spec.restoreOptionsFor(section));
            options.addAll(List.of(
                    "-U",
                    "postgres",
                    "--no-owner",
                    "--no-privileges",
                    "--role=" + cluster.initdbOwner(),
                    "-d",
                    targetDsn(cluster.initdbDatabase()),
                    "--section",
                    section,
                    file));
            return options;
        }
        boolean exists = db.equals(cluster.initdbDatabase());
        if (!exists) {
            options.add("--create");
        }
        options.addAll(spec.restoreOptionsFor(section));
        options.addAll(
                List.of("-U", "postgres", "-d", targetDsn(exists ? db : "postgres"), "--section", section, file));
        return options;
    }

    /**
     * external.go:76-132 and configfile/connection_string.go:32-48: the externalCluster's parameters without
     * dbname, sorted, quoted, the secrets as files under /controller/external/<name>/; then pool.go's " dbname=".
     */
    private String originDsn(String db) {
        ExternalCluster origin = cluster.importSource();
        Map<String, String> params = new TreeMap<>(origin.connectionParameters());
        params.remove("dbname");
        String dir = "/controller/external/" + origin.name() + "/";
        if (origin.sslRootCert() != null) {
            params.put(
                    "sslrootcert",
                    dir + origin.sslRootCert().name() + "_"
                            + origin.sslRootCert().key());
        }
        if (origin.password() != null) {
            params.put("passfile", dir + "pgpass");
        }
        StringBuilder dsn = new StringBuilder();
        params.forEach((k, v) ->
                dsn.append(k).append("='").append(v.replace("'", "''")).append("' "));
        return dsn.toString().strip() + " dbname=" + db;
    }

    /** instance.go:942-948: the instance manager reaches its own server over the socket. */
    private static String targetDsn(String db) {
        return "host=/controller/run port=5432 user=postgres sslmode=disable application_name=cnpg-instance-manager"
                + " dbname=" + db;
    }
}
