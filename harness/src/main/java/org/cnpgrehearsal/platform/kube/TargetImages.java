package org.cnpgrehearsal.platform.kube;

import java.util.Map;

/** CNPG operand images per PostgreSQL major, for manifests that name no image of the rehearsal's major. */
public final class TargetImages {
    private static final Map<Integer, String> VERSIONS =
            Map.of(14, "14.24", 15, "15.19", 16, "16.15", 17, "17.11", 18, "18.6");

    /** {@code ghcr.io/cloudnative-pg/postgresql:<version>-standard-trixie} for a known major, else the major as the tag. */
    public static String forMajor(int major) {
        return "ghcr.io/cloudnative-pg/postgresql:" + VERSIONS.getOrDefault(major, String.valueOf(major))
                + "-standard-trixie";
    }

    private TargetImages() {}
}
