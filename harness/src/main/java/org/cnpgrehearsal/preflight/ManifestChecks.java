package org.cnpgrehearsal.preflight;

import java.util.ArrayList;
import java.util.List;
import org.cnpgrehearsal.manifest.ClusterManifest;
import org.cnpgrehearsal.manifest.ExternalCluster;
import org.cnpgrehearsal.manifest.ImportSpec;
import org.cnpgrehearsal.manifest.ImportType;

/**
 * The manifest's import section, its externalClusters entry and the secrets it references. Rules CNPG enforces on
 * the shape are already bad input when the manifest is read ({@link org.cnpgrehearsal.manifest.ManifestReader}); here
 * what can be true of a valid manifest and still break the import.
 */
final class ManifestChecks {

    static final String IMPORT = "manifest.import";
    static final String EXTERNAL = "manifest.external-cluster";
    static final String SECRETS = "manifest.secrets";

    static String describeImport(ImportSpec s) {
        return "type " + s.type().yaml() + ", databases " + s.databases()
                + (s.type() == ImportType.MONOLITH ? ", roles " + s.roles() : "")
                + (s.schemaOnly() ? ", schemaOnly" : "") + ", from externalCluster " + s.sourceExternalCluster();
    }

    /** The import section, with the databases that are missing on the source (null when the source was not reached). */
    static Check importSection(ClusterManifest m, List<String> missingOnSource) {
        ImportSpec s = m.importSpec();
        String measured = describeImport(s);
        if (missingOnSource == null) {
            return Check.pass(IMPORT, measured + " (databases not checked against the source)");
        }
        if (!missingOnSource.isEmpty()) {
            return Check.fail(
                    IMPORT,
                    measured + "; not on the source (or not accepting connections): " + missingOnSource,
                    "fix import.databases: list databases that exist on the source (or '*' for all)");
        }
        if (s.type() == ImportType.MONOLITH
                && s.databases().contains(m.initdbDatabase())
                && !m.initdbOwner().equals(m.initdbDatabase())) {
            return Check.warn(
                    IMPORT,
                    measured + "; initdb.database " + m.initdbDatabase()
                            + " is imported into the database CNPG creates, owned by " + m.initdbOwner(),
                    "make sure initdb.owner is the application's role");
        }
        return Check.pass(IMPORT, measured);
    }

    static Check externalCluster(ClusterManifest m) {
        ExternalCluster e = m.importSource();
        String host = e.parameter("host");
        String measured = "externalClusters[" + e.name() + "]: host " + host + ", port "
                + e.connectionParameters().getOrDefault("port", "5432")
                + ", user " + e.user() + ", sslmode " + e.sslMode()
                + (e.parameter("dbname") == null
                        ? ""
                        : " (dbname " + e.parameter("dbname")
                                + " is removed by CNPG: each imported database is dumped by name)");
        if (host == null || host.isBlank()) {
            return Check.fail(
                    EXTERNAL,
                    measured,
                    "set connectionParameters.host to the source's service (for Zalando: <cluster>.<namespace>.svc)");
        }
        if (e.parameter("password") != null) {
            return Check.fail(
                    EXTERNAL,
                    measured + "; connectionParameters carries a password in clear text",
                    "move it into a Secret and reference it with externalClusters[].password");
        }
        return Check.pass(EXTERNAL, measured);
    }

    static Check secrets(ClusterManifest m) {
        ExternalCluster e = m.importSource();
        List<String> refs = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        if (e.password() != null) {
            refs.add("password from secret " + e.password().name() + " key "
                    + e.password().key());
        } else {
            problems.add("no password secret for " + e.user()
                    + " (Spilo's pg_hba asks every TCP connection for a password)");
        }
        boolean verify = e.sslMode().equals("verify-ca") || e.sslMode().equals("verify-full");
        if (e.sslRootCert() != null) {
            refs.add("CA from secret " + e.sslRootCert().name() + " key "
                    + e.sslRootCert().key());
        } else if (verify) {
            problems.add("sslmode " + e.sslMode() + " without sslRootCert: nothing to verify the server against");
        }
        if ((e.sslCert() == null) != (e.sslKey() == null)) {
            problems.add("sslCert and sslKey must be given together");
        } else if (e.sslCert() != null) {
            refs.add("client certificate from secrets " + e.sslCert().name() + "/"
                    + e.sslKey().name());
        }
        if (!verify) {
            problems.add("sslmode " + e.sslMode() + " does not verify the server");
        }
        String measured = (refs.isEmpty() ? "no secrets referenced" : String.join("; ", refs))
                + " (secret values are not read or shown)";
        if (problems.stream().anyMatch(p -> !p.startsWith("sslmode " + e.sslMode() + " does not"))) {
            return Check.fail(
                    SECRETS,
                    measured + "; " + String.join("; ", problems),
                    "reference the secrets in externalClusters[" + e.name()
                            + "] (password: {name, key}, sslRootCert: {name, key}) and create them in the Cluster's namespace");
        }
        if (!problems.isEmpty()) {
            return Check.warn(
                    SECRETS,
                    measured + "; " + String.join("; ", problems),
                    "use sslmode verify-ca with sslRootCert referencing the source's CA");
        }
        return Check.pass(
                SECRETS,
                measured + "; make sure these secrets exist in namespace "
                        + (m.namespace() == null ? "<the Cluster's>" : m.namespace()));
    }

    private ManifestChecks() {}
}
