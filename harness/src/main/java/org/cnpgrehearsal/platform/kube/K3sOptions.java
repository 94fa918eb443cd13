package org.cnpgrehearsal.platform.kube;

import java.nio.file.Path;

/**
 * {@code --platform k3s}: the k3s image ({@code --k3s-image}, null for the pinned one), image tarballs preloaded into
 * k3s before it boots ({@code --images-dir}, for air-gapped machines), and what to install.
 */
public record K3sOptions(String k3sImage, Path imagesDir, OperatorOptions operators) {

    /**
     * A Kubernetes release CloudNativePG 1.30 supports (docs/src/supported_releases.md: 1.34, 1.35, 1.36) and tests
     * on k3d (.github/k3d_versions.json: v1.35.6); override with {@code --k3s-image}.
     */
    public static final String DEFAULT_IMAGE = "rancher/k3s:v1.35.6-k3s1";

    public K3sOptions {
        k3sImage = k3sImage == null ? DEFAULT_IMAGE : k3sImage;
        operators = operators == null ? OperatorOptions.defaults() : operators;
    }
}
