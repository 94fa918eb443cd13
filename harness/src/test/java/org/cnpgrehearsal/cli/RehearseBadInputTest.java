package org.cnpgrehearsal.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * A catalog of bad inputs to every command: each answers with one line on standard error, exit code 2, nothing on
 * standard output, no stack trace, within seconds, and starts nothing (no work folder, no server).
 */
class RehearseBadInputTest {

    @TempDir
    static Path tmp;

    static Path half;
    static Path emptyFile;
    static Path emptyDir;
    static Path notJson;
    static Path manifest = Path.of("fixtures/manifests/database-cnpg.yaml");

    @BeforeAll
    static void files() throws IOException {
        half = Files.writeString(tmp.resolve("half.yaml"), "kind: Cluster\n");
        emptyFile = Files.createFile(tmp.resolve("empty.sql"));
        emptyDir = Files.createDirectory(tmp.resolve("empty-dir"));
        notJson = Files.writeString(tmp.resolve("not.json"), "{ this is not json");
        Files.writeString(tmp.resolve("a-file"), "x");
    }

    private record Answer(int code, String out, String err, long ms) {}

    private static Answer run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = Main.commandLine();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        long start = System.currentTimeMillis();
        int code = Main.execute(cl, args);
        return new Answer(code, out.toString(), err.toString(), System.currentTimeMillis() - start);
    }

    static void assertBadInput(String expectedWords, String... args) throws IOException {
        Set<String> before = workFolders();
        Answer a = run(args);
        String shown = String.join(" ", args) + " -> out: [" + a.out + "] err: [" + a.err + "]";
        assertEquals(Main.BAD_INPUT, a.code, shown);
        assertEquals("", a.out, "nothing on standard output: " + shown);
        List<String> lines = a.err.lines().filter(l -> !l.isBlank()).toList();
        assertEquals(1, lines.size(), "one line: " + shown);
        assertTrue(lines.get(0).startsWith("error: "), shown);
        assertTrue(lines.get(0).toLowerCase().contains(expectedWords.toLowerCase()), shown);
        assertFalse(a.err.contains("Exception") || a.err.contains("\tat "), "no stack trace: " + shown);
        assertTrue(a.ms < 15_000, "answered within seconds: " + a.ms + " ms for " + shown);
        assertEquals(before, workFolders(), "started nothing: " + shown);
    }

    private static Set<String> workFolders() throws IOException {
        try (Stream<Path> s = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
            return s.map(p -> p.getFileName().toString())
                    .filter(n -> n.startsWith("cnpg-rehearsal-"))
                    .collect(Collectors.toSet());
        }
    }

    @Test
    void sizesThatAreNotSizesOrDoNotFitTheDiskAreRefusedWithTheRuleStated() throws IOException {
        assertBadInput("not a size", "rehearse", "--size", "1.5.5GB");
        assertBadInput("more than any disk", "rehearse", "--size", "999999PB");
        assertBadInput("needs about", "rehearse", "--platform", "local", "--size", "900PB");
        assertBadInput("3 x the fixture", "rehearse", "--platform", "local", "--size", "100TB");
        assertBadInput("too small", "rehearse", "--size", "1MB");
        assertBadInput("twice", "rehearse", "--sizes", "100MB,100MB");
        assertBadInput("not a size", "rehearse", "--sizes", "100MB,,200MB");
        assertBadInput("is zero", "estimate", "--from", tmp.toString(), "--production-size", "0GB");
    }

    @Test
    void filesThatAreMissingEmptyFoldersOrOfTheWrongKindAreRefused() throws IOException {
        assertBadInput(
                "does not exist",
                "rehearse",
                "--manifest",
                tmp.resolve("missing.yaml").toString());
        assertBadInput("is a folder", "rehearse", "--manifest", emptyDir.toString());
        assertBadInput("empty", "rehearse", "--manifest", emptyFile.toString());
        assertBadInput("manifest", "rehearse", "--manifest", half.toString());
        assertBadInput("manifest /dev/null", "rehearse", "--manifest", "/dev/null");
        assertBadInput("does not exist", "rehearse", "--fixture", "/nonexistent/dump.sql");
        assertBadInput("toc.dat", "rehearse", "--fixture", emptyDir.toString());
        assertBadInput("empty", "rehearse", "--fixture", emptyFile.toString());
        assertBadInput(
                "does not exist",
                "rehearse",
                "--fixture-profile",
                tmp.resolve("no.json").toString());
        assertBadInput("not a schema profile", "rehearse", "--fixture-profile", notJson.toString());
        assertBadInput("no working pg_dump", "rehearse", "--platform", "local", "--pg-bin", emptyDir.toString());
        assertBadInput(
                "does not exist", "rehearse", "--pg-bin", tmp.resolve("nothing").toString());
        assertBadInput(
                "not a folder", "rehearse", "--pg-bin", tmp.resolve("a-file").toString());
        assertBadInput("empty", "rehearse", "--scenario", "");
        assertBadInput("unknown scenario", "rehearse", "--scenario", "no-such-scenario");
        assertBadInput(
                "does not exist",
                "rehearse",
                "--scenario",
                tmp.resolve("missing.yaml").toString());
        assertBadInput(
                "does not exist", "rehearse", "--profile", tmp.resolve("p.json").toString(), "--size", "20MB");
        assertBadInput("steps file", "rehearse", "--production-size", "1TB", "--steps", notJson.toString());
        assertBadInput(
                "does not exist", "estimate", "--from", tmp.resolve("nope").toString(), "--production-size", "1TB");
    }

    @Test
    void aTemporaryFolderTooDeepForTheServersSocketsIsRefused() throws IOException {
        String tmpdir = System.getProperty("java.io.tmpdir");
        Path deep = Files.createDirectories(tmp.resolve("a".repeat(60)).resolve("b".repeat(40)));
        System.setProperty("java.io.tmpdir", deep.toString());
        try {
            assertBadInput("too deep", "rehearse", "--platform", "local", "--size", "20MB");
        } finally {
            System.setProperty("java.io.tmpdir", tmpdir);
        }
    }

    @Test
    void outputPlacesThatCannotBeWrittenAreRefusedBeforeTheRehearsal() throws IOException {
        assertBadInput("cannot be written", "rehearse", "--report-dir", "/dev/null/reports");
        assertBadInput("is empty", "rehearse", "--report-dir", "");
        assertBadInput("is a URL", "rehearse", "--manifest", "https://example.org/database-cnpg.yaml");
        assertBadInput("is empty", "rehearse", "--manifest", "");
        assertBadInput("is empty", "rehearse", "--report-dir", "");
        assertBadInput("cannot be written", "rehearse", "--report-dir", "/proc/cnpg-rehearsal-reports");
        assertBadInput(
                "is a file", "rehearse", "--report-dir", tmp.resolve("a-file").toString());
        assertBadInput("is a folder", "rehearse", "--junit", emptyDir.toString());
        assertBadInput("cannot be written", "rehearse", "--junit", "/proc/x/junit.xml");
        assertBadInput(
                "cannot be written",
                "estimate",
                "--from",
                tmp.toString(),
                "--production-size",
                "1TB",
                "--out",
                "/dev/null/x");
        assertBadInput("cannot be written", "profile", "--out", "/dev/null/profile.json");
    }

    @Test
    void optionsThatContradictEachOtherOrDoNothingAreRefused() throws IOException {
        assertBadInput("leave out --scenario", "rehearse", "--all", "--scenario", "happy-path");
        assertBadInput("--size and --sizes", "rehearse", "--size", "20MB", "--sizes", "20MB,40MB");
        assertBadInput("--keep", "rehearse", "--keep", "--all");
        assertBadInput("--fix works on one", "rehearse", "--fix", "--sizes", "20MB,40MB");
        assertBadInput("--tune rehearses one manifest", "rehearse", "--tune", "--fix");
        assertBadInput("--tune rehearses one manifest", "rehearse", "--tune", "--sizes", "20MB,40MB");
        assertBadInput("--tune-repeats applies to --tune", "rehearse", "--tune-repeats", "3");
        assertBadInput("cannot measure the noise", "rehearse", "--tune", "--tune-repeats", "1");
        assertBadInput("only the local platform", "rehearse", "--tune", "--platform", "kubernetes");
        assertBadInput("--tune varies the offline import", "rehearse", "--tune", "--strategy", "online");
        assertBadInput("--tune varies the offline import", "rehearse", "--tune", "--compare");
        assertBadInput("--tune varies the offline import", "rehearse", "--tune", "--scenario", "online-wal-level");
        assertBadInput("--scale applies", "rehearse", "--scale", "0.1");
        assertBadInput("both choose the fixture", "rehearse", "--fixture", "a.sql", "--fixture-profile", "b.json");
        assertBadInput("add --production-size", "rehearse", "--jobs", "4");
        assertBadInput("add --production-size", "rehearse", "--throughput-factor", "2");
        assertBadInput("one scenario", "rehearse", "--all", "--production-size", "1TB");
        assertBadInput(
                "either --profile or --production-size", "rehearse", "--profile", "p.json", "--production-size", "1TB");
        assertBadInput("positive", "rehearse", "--production-size", "1TB", "--throughput-factor", "-1");
        assertBadInput("contradict", "rehearse", "--quiet", "--verbose");
        assertBadInput(
                "--redact applies", "profile", "--out", tmp.resolve("p.json").toString(), "--redact");
        assertBadInput(
                "--manifest and --storage-size",
                "estimate",
                "--from",
                "x",
                "--production-size",
                "1TB",
                "--manifest",
                "m.yaml",
                "--storage-size",
                "1Gi");
    }

    @Test
    void platformOptionsGivenToAPlatformThatDoesNotUseThemAreRefused() throws IOException {
        assertBadInput("unknown", "rehearse", "--platform", "mainframe");
        assertBadInput("--kubeconfig (kubernetes)", "rehearse", "--platform", "local", "--kubeconfig", "k.yaml");
        assertBadInput("--images-dir (k3s)", "rehearse", "--platform", "local", "--images-dir", emptyDir.toString());
        assertBadInput("--phase-timeout", "rehearse", "--platform", "local", "--phase-timeout", "10m");
        assertBadInput("not a duration", "rehearse", "--platform", "kubernetes", "--phase-timeout", "soon");
        assertBadInput("is zero", "rehearse", "--platform", "kubernetes", "--phase-timeout", "0m");
        assertBadInput(
                "kubeconfig",
                "rehearse",
                "--platform",
                "kubernetes",
                "--kubeconfig",
                tmp.resolve("k").toString());
        assertBadInput("source-flavor", "rehearse", "--platform", "kubernetes", "--source-flavor", "spilo");
    }

    @Test
    void optionValuesOfTheWrongKindAreRefused() throws IOException {
        assertBadInput("--output", "rehearse", "--output", "yaml");
        assertBadInput("no-such-option", "rehearse", "--no-such-option");
        assertBadInput("not a duration", "preflight", "--manifest", manifest.toString(), "--long-transaction", "-5");
        assertBadInput("--format", "preflight", "--manifest", manifest.toString(), "--format", "xml");
        assertBadInput(
                "must start with postgresql://",
                "profile",
                "--out",
                tmp.resolve("o.json").toString(),
                "--source-url",
                "mysql://x@y/z");
        assertBadInput(
                "not supported",
                "profile",
                "--out",
                tmp.resolve("o.json").toString(),
                "--source-url",
                "postgresql://a@b/c?sslmod=require");
        assertBadInput(
                "not a port",
                "profile",
                "--out",
                tmp.resolve("o.json").toString(),
                "--source-url",
                "postgresql://a@b:99999/c");
        assertBadInput("empty name", "profile", "--out", tmp.resolve("o.json").toString(), "--databases", "a,,b");
    }

    @Test
    void aConfigFileThatIsMissingNotYamlOrHasUnknownKeysIsRefused() throws IOException {
        Path unknown = Files.writeString(tmp.resolve("unknown.yaml"), "platfrom: local\n");
        Path list = Files.writeString(tmp.resolve("list.yaml"), "- platform\n");
        Path broken = Files.writeString(tmp.resolve("broken.yaml"), "platform: [local\n");
        Path nested = Files.writeString(tmp.resolve("nested.yaml"), "platform: {name: local}\n");
        Path notBoolean = Files.writeString(tmp.resolve("bool.yaml"), "rehearse:\n  all: maybe\n");
        assertBadInput(
                "does not exist",
                "rehearse",
                "--config",
                tmp.resolve("none.yaml").toString());
        assertBadInput("unknown key 'platfrom'", "rehearse", "--config", unknown.toString());
        assertBadInput("mapping", "rehearse", "--config", list.toString());
        assertBadInput("not valid YAML", "rehearse", "--config", broken.toString());
        assertBadInput("needs a value", "rehearse", "--config", nested.toString());
        assertBadInput("needs a file", "rehearse", "--config");
        assertBadInput("maybe", "rehearse", "--config", notBoolean.toString());
        List<String> args = new ArrayList<>(List.of("scenarios", "list", "--config", unknown.toString()));
        assertBadInput("unknown key", args.toArray(String[]::new));
    }
}
