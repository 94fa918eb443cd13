package org.cnpgrehearsal.preflight;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.cnpgrehearsal.estimate.ProductionProfile;
import org.cnpgrehearsal.estimate.ProfileCapture;
import org.cnpgrehearsal.estimate.TargetCluster;
import org.cnpgrehearsal.estimate.VolumeRule;
import org.cnpgrehearsal.estimate.WalHeadroom;
import org.cnpgrehearsal.results.TableSize;
import org.cnpgrehearsal.results.VolumeNeed;
import org.cnpgrehearsal.util.Sizes;

/**
 * Size and disk: CNPG writes the dump of each database on the data volume ({@code $PGDATA/dumps}) and restores next to
 * it, so the data volume must hold the dump and the restored data at once, plus WAL when there is no walStorage. The
 * figure is {@link VolumeRule}'s, from the same catalog reads as the estimate ({@link ProfileCapture}): the rehearsal
 * report shows this one figure.
 */
final class SizeCheck {

    static final String ID = "size.disk";

    static Check check(SourceAccess src) throws SQLException {
        long restored = 0;
        long dump = 0;
        TableSize largest = null;
        List<String> perDb = new ArrayList<>();
        for (Map.Entry<String, Connection> session : src.sessions().entrySet()) {
            ProductionProfile.DatabaseProfile p = ProfileCapture.database(session.getValue(), session.getKey());
            restored += p.databaseBytes();
            dump += p.tableBytes() + p.largeObjectBytes();
            perDb.add(session.getKey() + " " + Sizes.human(p.databaseBytes()));
            if (!p.largestTables().isEmpty()) {
                ProductionProfile.TableSize t = p.largestTables().get(0);
                if (largest == null || t.tableBytes() > largest.bytes()) {
                    largest = new TableSize(session.getKey() + ": " + t.name(), t.tableBytes());
                }
            }
        }
        TargetCluster target = TargetCluster.of(src.manifest);
        VolumeNeed need = VolumeRule.need(dump, restored, target.walOnDataVolume(), target.maxWalSizeBytes());
        String measured = "databases " + perDb + ", largest table "
                + (largest == null
                        ? "none"
                        : largest.name() + " " + Sizes.human(largest.bytes()) + " (" + TableSize.HOW + ")")
                + "; volume needed, the smallest safe storage.size: " + need.quantity() + " = " + need.how();
        String size = src.manifest.storageSize();
        if (size == null) {
            return Check.fail(
                    ID,
                    measured + "; the manifest has no storage.size",
                    "set spec.storage.size to at least " + need.quantity());
        }
        long have = Sizes.parse(size);
        String wal = src.manifest.walStorageSize();
        if (have < need.neededBytes()) {
            return Check.fail(
                    ID,
                    measured + "; storage.size " + size
                            + " is too small (the import fails with 'No space left on device', SQLSTATE 53100)",
                    "set spec.storage.size to at least " + need.quantity()
                            + " (the dump sits next to the restored data until the import ends)");
        }
        if (wal != null && Sizes.parse(wal) < TargetCluster.DEFAULT_MAX_WAL_SIZE) {
            return Check.warn(
                    ID,
                    measured + "; storage.size " + size + " suffices; walStorage " + wal
                            + " is below the import instance's max_wal_size (1 GB): "
                            + WalHeadroom.rule(target.maxWalSizeBytes()),
                    "set spec.walStorage.size to at least 1Gi");
        }
        return Check.pass(
                ID, measured + "; storage.size " + size + (wal == null ? "" : ", walStorage " + wal) + " suffices");
    }

    private SizeCheck() {}
}
