package org.cnpgrehearsal.source;

import java.sql.Connection;
import org.cnpgrehearsal.engine.RehearsalPlan;

/** STUB for the k3s branch: the real class (in main) makes a database Zalando-style. Drop this file when merging. */
public final class ZalandoSource {

    public static void setUp(Connection superuserConnection, RehearsalPlan plan) {
        throw new UnsupportedOperationException("stub: ZalandoSource.setUp lives in main");
    }

    private ZalandoSource() {
    }
}
