package org.cnpgrehearsal.importer;

/** A role as read from the origin's pg_authid by CNPG's role query. {@code password} is the stored hash. */
public record ImportedRole(
        String name,
        boolean superuser,
        boolean inherit,
        boolean createRole,
        boolean createDb,
        boolean canLogin,
        boolean replication,
        boolean bypassRls,
        int connectionLimit,
        String password,
        String validUntil) {}
