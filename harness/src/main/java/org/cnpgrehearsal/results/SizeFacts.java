package org.cnpgrehearsal.results;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * The sizes a rehearsal measured, null where not measured: the source (before the import), the dump, the target
 * database (after it) and the target volume.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record SizeFacts(Source source, Long dumpBytes, Long targetDatabaseBytes, Volume volume) {

    /**
     * The source database: pg_database_size, the sum of pg_table_size over user tables (heap and TOAST), the TOAST part,
     * the sum of pg_indexes_size, pg_largeobject, reltuples summed, and the largest table ({@link TableSize#HOW}).
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Source(
            long databaseBytes,
            Long tableBytes,
            Long toastBytes,
            Long indexBytes,
            Long largeObjectBytes,
            Long rows,
            TableSize largestTable) {

        /** What pg_dump copies: the tables' heap and TOAST plus the large objects (null when unknown). */
        public Long dataBytes() {
            return tableBytes == null ? null : tableBytes + (largeObjectBytes == null ? 0 : largeObjectBytes);
        }
    }

    /**
     * The target's data volume: its size as provisioned (when the platform can tell), the size the import needs by
     * the rule ({@link VolumeNeed}), and the peak use measured on an unlimited volume (after a full disk only).
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Volume(Long sizeBytes, VolumeNeed need, Long measuredPeakBytes) {}

    public Long sourceDatabaseBytes() {
        return source == null ? null : source.databaseBytes();
    }
}
