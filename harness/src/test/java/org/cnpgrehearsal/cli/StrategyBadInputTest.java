package org.cnpgrehearsal.cli;

import static org.cnpgrehearsal.cli.RehearseBadInputTest.assertBadInput;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The migration path's options, refused as one line of bad input before anything starts. */
class StrategyBadInputTest {

    @TempDir
    Path tmp;

    @Test
    void anUnknownStrategyNamesTheThreeThereAre() throws IOException {
        assertBadInput("offline, online, physical", "rehearse", "--strategy", "sideways");
    }

    @Test
    void compareRehearsesOneScenarioAtOneSizeAlongEveryPath() throws IOException {
        assertBadInput("--compare rehearses", "rehearse", "--compare", "--all");
        assertBadInput("--compare rehearses", "rehearse", "--compare", "--sizes", "20MB,40MB");
        assertBadInput("--compare rehearses", "rehearse", "--compare", "--strategy", "online");
        assertBadInput("--compare rehearses", "rehearse", "--compare", "--fix");
        assertBadInput("without its own", "rehearse", "--compare", "--scenario", "online");
    }

    @Test
    void theEstimateExtrapolatesTheOfflineImportOnly() throws IOException {
        assertBadInput(
                "extrapolates the offline import", "rehearse", "--strategy", "online", "--production-size", "250GB");
        assertBadInput("extrapolates the offline import", "rehearse", "--compare", "--production-size", "250GB");
    }

    @Test
    void theFixLoopWalksTheOfflineImportOnly() throws IOException {
        assertBadInput("--fix walks the offline import", "rehearse", "--fix", "--strategy", "online");
        assertBadInput("--fix walks the offline import", "rehearse", "--fix", "--scenario", "physical");
    }

    @Test
    void theWriteLoadIsShapedOnlyWhereTheApplicationKeepsWriting() throws IOException {
        assertBadInput("shape the writes", "rehearse", "--write-rate", "10");
        assertBadInput("shape the writes", "rehearse", "--write-duration", "5s", "--strategy", "offline");
        assertBadInput("negative", "rehearse", "--strategy", "online", "--write-rate", "-1");
        assertBadInput("is zero", "rehearse", "--strategy", "online", "--write-duration", "0s");
        assertBadInput("not a duration", "rehearse", "--strategy", "physical", "--write-duration", "soon");
    }

    @Test
    void aScenarioThatNamesItsStrategyKeepsIt() throws IOException {
        assertBadInput("rehearses the online strategy", "rehearse", "--scenario", "online", "--strategy", "physical");
    }

    @Test
    void aScenarioFileIsCheckedForItsMigrationKeys() throws IOException {
        Path bad = Files.writeString(tmp.resolve("bad.yaml"), "migration:\n  strategy: sideways\n");
        assertBadInput("does not allow 'sideways'", "rehearse", "--scenario", bad.toString());
        Path leave = Files.writeString(tmp.resolve("leave.yaml"), "migration:\n  largeObjects: forget\n");
        assertBadInput("does not allow 'forget'", "rehearse", "--scenario", leave.toString());
        Path rate = Files.writeString(tmp.resolve("rate.yaml"), "migration:\n  writeRate: -5\n");
        assertBadInput("writeRate is negative", "rehearse", "--scenario", rate.toString());
        Path duration = Files.writeString(tmp.resolve("duration.yaml"), "migration:\n  writeDuration: later\n");
        assertBadInput("not a duration", "rehearse", "--scenario", duration.toString());
    }
}
