package org.cnpgrehearsal.results;

/** A table and its size as pg_table_size measures it: heap and TOAST, without its indexes. */
public record TableSize(String name, long bytes) {

    /** How every report measures "the largest table": one definition for the preflight, the sizes and the estimate. */
    public static final String HOW = "pg_table_size: heap and TOAST, without indexes";
}
