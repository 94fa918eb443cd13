package org.cnpgrehearsal.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** cnpg-rehearsal.yaml: the options a team sets once; the command line wins; paths relative to the file. */
class ConfigFileTest {

    @TempDir
    Path tmp;

    private RehearseCommand parse(ConfigFile config, String... args) {
        CommandLine cl = Main.commandLine();
        if (config != null) {
            config.validate(cl);
            cl.setDefaultValueProvider(config);
        }
        CommandLine.ParseResult r = cl.parseArgs(args);
        return (RehearseCommand) r.subcommand().commandSpec().userObject();
    }

    @Test
    void valuesFromTheFileFillWhatTheCommandLineLeavesOutAndItsSectionWins() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("team"));
        Files.writeString(dir.resolve(ConfigFile.DEFAULT_NAME), """
                manifest: deploy/database-cnpg.yaml
                platform: kubernetes
                report-dir: /var/rehearsals
                rehearse:
                  platform: local
                  size: 2GB
                """);
        ConfigFile config = ConfigFile.find(new String[] {"rehearse"}, Map.of(), dir);
        RehearseCommand c = parse(config, "rehearse", "--size", "50MB");
        assertEquals(dir.resolve("deploy/database-cnpg.yaml"), c.manifest, "a path relative to the file's folder");
        assertEquals("local", c.platform.platform, "the command's section wins over the top level");
        assertEquals(Path.of("/var/rehearsals"), c.reportDir);
        assertEquals("50MB", c.size, "the command line wins over the file");
    }

    @Test
    void theFileIsNamedByTheOptionThenTheEnvironmentThenTheCurrentFolder() throws Exception {
        Path named = Files.writeString(tmp.resolve("named.yaml"), "size: 1GB\n");
        Path fromEnv = Files.writeString(tmp.resolve("env.yaml"), "size: 2GB\n");
        Files.writeString(tmp.resolve(ConfigFile.DEFAULT_NAME), "size: 3GB\n");
        Map<String, String> env = Map.of(ConfigFile.ENV, fromEnv.toString());
        assertEquals(
                named,
                ConfigFile.find(new String[] {"rehearse", "--config=" + named}, env, tmp)
                        .file());
        assertEquals(
                fromEnv, ConfigFile.find(new String[] {"rehearse"}, env, tmp).file());
        assertEquals(
                tmp.resolve(ConfigFile.DEFAULT_NAME),
                ConfigFile.find(new String[] {"rehearse"}, Map.of(), tmp).file());
        assertNull(ConfigFile.find(new String[] {"rehearse"}, Map.of(), Files.createDirectory(tmp.resolve("empty"))));
        assertEquals(
                "1GB", parse(ConfigFile.find(new String[] {"--config", named.toString()}, env, tmp), "rehearse").size);
    }
}
