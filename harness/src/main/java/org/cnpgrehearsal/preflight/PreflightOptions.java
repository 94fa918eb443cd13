package org.cnpgrehearsal.preflight;

import java.time.Duration;
import org.cnpgrehearsal.manifest.ClusterManifest;

/**
 * Settings of a preflight that are not in the manifest: the operator's default operand image (used when the manifest
 * has no {@code imageName}), and from which age a transaction counts as long-running.
 */
public record PreflightOptions(String operatorDefaultImage, Duration longTransaction) {

    public static PreflightOptions defaults() {
        return new PreflightOptions(ClusterManifest.OPERATOR_DEFAULT_IMAGE, Duration.ofMinutes(5));
    }

    public PreflightOptions withLongTransaction(Duration d) {
        return new PreflightOptions(operatorDefaultImage, d);
    }
}
