package org.cnpgrehearsal.platform.kube;

import java.util.Locale;
import org.cnpgrehearsal.util.BadInputException;

/** How the Zalando-style source is run on Kubernetes. */
public enum SourceFlavor {
    /** The official PostgreSQL image as a StatefulSet, set up the way a Zalando cluster is: fast, no operator. */
    LITE,
    /** The Zalando postgres-operator itself, with a {@code postgresql} resource. */
    ZALANDO;

    public static SourceFlavor parse(String text) {
        try {
            return valueOf(text.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new BadInputException("--source-flavor must be lite or zalando (found '" + text + "')");
        }
    }
}
