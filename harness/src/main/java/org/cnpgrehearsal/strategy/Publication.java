package org.cnpgrehearsal.strategy;

import static org.cnpgrehearsal.util.Sql.ident;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.cnpgrehearsal.manifest.DumpScope;
import org.cnpgrehearsal.util.PgCatalog;
import org.cnpgrehearsal.util.PgConnection;

/**
 * The publication the online strategy reads on the source, written for the DBA (it goes into source-prep.sql and is
 * run as the source's superuser: {@code FOR ALL TABLES} needs one). It publishes what the schema-only import created
 * on the target: every table when the dump's scope leaves none out, else the tables in scope by name (a published
 * table missing on the subscriber stops its initial copy). Unlogged and temporary tables cannot be published.
 */
public final class Publication {

    /** The name of the publication and of the subscription (and so of the replication slot on the source). */
    public static final String NAME = "cnpg_migration";

    /** The user tables of a database: schema, name, whether unlogged, whether part of an extension. */
    private static final String TABLES = """
            SELECT n.nspname, c.relname, c.relpersistence = 'u',
                   EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid
                           AND d.deptype = 'e')
            FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE c.relkind IN ('r', 'p') AND NOT c.relispartition AND %s
            ORDER BY 1, 2""".formatted(PgCatalog.userSchema("n.nspname"));

    /** A user table of the source. */
    record Table(String schema, String name, boolean unlogged, boolean extension) {
        String qualified() {
            return ident(schema) + "." + ident(name);
        }
    }

    /** The CREATE PUBLICATION statement for these tables under the dump's scope. */
    static String create(List<Table> tables, DumpScope scope) {
        List<Table> published = tables.stream()
                .filter(t -> !t.unlogged() && !t.extension())
                .filter(t -> scope.includesTable(t.schema(), t.name()))
                .toList();
        boolean everything = tables.stream()
                .filter(t -> !t.extension())
                .allMatch(t -> t.unlogged() || scope.includesTable(t.schema(), t.name()));
        if (everything) {
            return "CREATE PUBLICATION " + NAME + " FOR ALL TABLES";
        }
        if (published.isEmpty()) {
            return "CREATE PUBLICATION " + NAME;
        }
        return "CREATE PUBLICATION " + NAME + " FOR TABLE "
                + published.stream().map(Table::qualified).collect(Collectors.joining(", "));
    }

    /** The statement for the source's application database (read through {@code source}). */
    public static String createFor(PgConnection source, DumpScope scope) throws SQLException {
        List<Table> tables = new ArrayList<>();
        try (Connection c = source.open(true)) {
            for (List<String> r : PgCatalog.rows(c, TABLES)) {
                tables.add(new Table(r.get(0), r.get(1), "t".equals(r.get(2)), "t".equals(r.get(3))));
            }
        }
        return create(tables, scope);
    }

    private Publication() {}
}
