package org.cnpgrehearsal.platform.kube;

import java.nio.file.Path;

/** A Helm chart: from its repository at a pinned version, or from a local archive (air-gapped installs). */
public record ChartRef(String repositoryName, String repositoryUrl, String chart, String version, Path archive) {

    public static final String CNPG_REPOSITORY = "https://cloudnative-pg.github.io/charts";
    public static final String CNPG_CHART = "cloudnative-pg";
    /** Operator 1.30.0. */
    public static final String CNPG_VERSION = "0.29.0";

    public static final String ZALANDO_REPOSITORY =
            "https://opensource.zalando.com/postgres-operator/charts/postgres-operator";
    public static final String ZALANDO_CHART = "postgres-operator";

    /** CloudNativePG's chart: the archive when given, else {@code version} (null for the pinned one) from the repository. */
    public static ChartRef cnpg(String version, Path archive) {
        return new ChartRef("cnpg", CNPG_REPOSITORY, CNPG_CHART, version == null ? CNPG_VERSION : version, archive);
    }

    /** The Zalando postgres-operator chart: the archive when given, else the repository's current chart. */
    public static ChartRef zalando(Path archive) {
        return new ChartRef("zalando", ZALANDO_REPOSITORY, ZALANDO_CHART, null, archive);
    }

    public String describe() {
        return archive != null
                ? archive.toString()
                : repositoryUrl + " " + chart + (version == null ? "" : " " + version);
    }
}
