package org.cnpgrehearsal.results;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * The shape of a database as the import's work follows it, read from the catalogs (never a row of data): each table
 * (rows, heap and table bytes, columns), each index and the table it is built on, each foreign key and the two tables
 * its validation joins, and the statistics target ANALYZE samples by. The estimate prices each phase's work from it.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record DatabaseShape(
        int statisticsTarget, List<Table> tables, List<Index> indexes, List<ForeignKey> foreignKeys) {

    /** PostgreSQL's default_statistics_target. */
    public static final int DEFAULT_STATISTICS_TARGET = 100;

    /**
     * A table or materialized view: {@code rows} from reltuples, {@code heapBytes} its main fork, {@code tableBytes}
     * pg_table_size (heap, TOAST and maps), {@code columns} its live attributes.
     */
    public record Table(String name, long rows, long heapBytes, long tableBytes, int columns, boolean materialized) {}

    /** An index and the table it is built on. */
    public record Index(String name, String table, long bytes) {}

    /** A foreign key: the referencing table and the referenced one. */
    public record ForeignKey(String name, String table, String referencedTable) {}

    public DatabaseShape {
        statisticsTarget = statisticsTarget > 0 ? statisticsTarget : DEFAULT_STATISTICS_TARGET;
        tables = tables == null ? List.of() : List.copyOf(tables);
        indexes = indexes == null ? List.of() : List.copyOf(indexes);
        foreignKeys = foreignKeys == null ? List.of() : List.copyOf(foreignKeys);
    }

    public boolean isEmpty() {
        return tables.isEmpty();
    }

    /** The same shape with every table and index {@code factor} times as large (a production the rehearsal's shape). */
    public DatabaseShape scaled(double factor) {
        return new DatabaseShape(
                statisticsTarget,
                tables.stream()
                        .map(t -> new Table(
                                t.name(),
                                Math.round(t.rows() * factor),
                                Math.round(t.heapBytes() * factor),
                                Math.round(t.tableBytes() * factor),
                                t.columns(),
                                t.materialized()))
                        .toList(),
                indexes.stream()
                        .map(i -> new Index(i.name(), i.table(), Math.round(i.bytes() * factor)))
                        .toList(),
                foreignKeys);
    }

    /** The table called {@code name}, or null. */
    public Table table(String name) {
        return tables.stream().filter(t -> t.name().equals(name)).findFirst().orElse(null);
    }

    /** The sum of pg_table_size over the tables (not the materialized views). */
    public long tableBytes() {
        return tables.stream()
                .filter(t -> !t.materialized())
                .mapToLong(Table::tableBytes)
                .sum();
    }
}
