package org.cnpgrehearsal.verify;

import java.util.function.BiFunction;
import org.cnpgrehearsal.util.PgConnection;

/**
 * The two servers a verification compares: superuser connections to the source and the target (database unset), and
 * how an application role reaches the target with its own password, through the target's own pg_hba.
 */
public record Sides(PgConnection source, PgConnection target, BiFunction<String, String, PgConnection> targetAs) {}
