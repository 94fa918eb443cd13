package org.cnpgrehearsal.platform.kube;

import java.nio.file.Path;

/**
 * {@code --platform kubernetes}: an existing cluster from {@code kubeconfig} (null: {@code $KUBECONFIG} or
 * {@code ~/.kube/config}) and {@code context} (null: the current one). With {@code skipOperatorInstall} the operators
 * must already be there; otherwise missing ones are installed for the run and removed afterwards.
 */
public record KubernetesOptions(
        Path kubeconfig, String context, boolean skipOperatorInstall, OperatorOptions operators) {

    public KubernetesOptions {
        operators = operators == null ? OperatorOptions.defaults() : operators;
    }
}
