package org.cnpgrehearsal.preflight;

import java.time.Duration;

/**
 * Settings of a preflight that are not in the manifest: the operator's default operand image (used when the manifest
 * has no {@code imageName}), and from which age a transaction counts as long-running.
 */
public record PreflightOptions(String operatorDefaultImage, Duration longTransaction) {

    /** CNPG 1.30.0's default operand image ({@code POSTGRES_IMAGE_NAME}). */
    public static final String CNPG_1_30_DEFAULT_IMAGE = "ghcr.io/cloudnative-pg/postgresql:18.4-system-trixie";

    public static PreflightOptions defaults() {
        return new PreflightOptions(CNPG_1_30_DEFAULT_IMAGE, Duration.ofMinutes(5));
    }

    public PreflightOptions withLongTransaction(Duration d) {
        return new PreflightOptions(operatorDefaultImage, d);
    }
}
