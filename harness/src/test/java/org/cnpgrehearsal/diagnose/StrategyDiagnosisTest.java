package org.cnpgrehearsal.diagnose;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The online and physical paths' failures, as the servers print them (measured on PostgreSQL 15), to their causes. */
class StrategyDiagnosisTest {

    private static Diagnosis diagnose(String phase, String line) {
        return Diagnoser.diagnose(phase, List.of(line), List.of());
    }

    @Test
    void aSubscriptionOnASourceBelowLogicalIsTheWalLevel() {
        Diagnosis d = diagnose(
                "initial-copy",
                "ERROR: could not create replication slot \"cnpg_migration\": ERROR:  logical decoding requires "
                        + "wal_level >= logical");
        assertEquals(Cause.WAL_LEVEL_NOT_LOGICAL, d.cause());
        assertTrue(d.remediation().contains("spec.postgresql.parameters.wal_level: logical"), d.remediation());
    }

    @Test
    void noFreeSlotOrSenderIsTheReplicationLimits() {
        assertEquals(
                Cause.REPLICATION_LIMITS,
                diagnose(
                                "initial-copy",
                                "ERROR: could not create replication slot \"cnpg_migration\": ERROR:  all replication "
                                        + "slots are in use")
                        .cause());
        assertEquals(
                Cause.REPLICATION_LIMITS,
                diagnose(
                                "base-backup",
                                "pg_basebackup: error: FATAL:  number of requested standby connections exceeds "
                                        + "max_wal_senders (currently 1)")
                        .cause());
    }

    @Test
    void anUpdateOrDeleteRefusedOnTheSourceIsTheMissingReplicaIdentity() {
        Diagnosis d = diagnose(
                "catch-up",
                "ERROR: cannot delete from table \"favourites\" because it does not have a replica identity and "
                        + "publishes deletes");
        assertEquals(Cause.REPLICA_IDENTITY_MISSING, d.cause());
        assertTrue(d.remediation().contains("deletes fail"), d.remediation());
    }

    @Test
    void aWalSenderRefusedToAUserIsTheReplicationPrivilege() {
        assertEquals(
                Cause.REPLICATION_PRIVILEGE_MISSING,
                diagnose(
                                "initial-copy",
                                "ERROR: could not connect to the publisher: connection to server at \"127.0.0.1\", "
                                        + "port 5432 failed: FATAL:  must be superuser or replication role to start "
                                        + "walsender")
                        .cause());
    }

    @Test
    void aServerRefusingAnotherMajorsFilesIsThePhysicalMajorMismatch() {
        assertEquals(
                Cause.PHYSICAL_MAJOR_MISMATCH,
                diagnose(
                                "base-backup",
                                "FATAL:  database files are incompatible with server | DETAIL:  The data directory "
                                        + "was initialized by PostgreSQL version 14, which is not compatible with this "
                                        + "version 15.14.")
                        .cause());
    }

    @Test
    void aStalledCopyIsNamedSo() {
        assertEquals(
                Cause.REPLICATION_STALLED,
                diagnose("initial-copy", "the initial copy made no progress for 120 s")
                        .cause());
    }
}
