package org.cnpgrehearsal.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.cnpgrehearsal.util.BadInputException;
import org.cnpgrehearsal.util.InputFiles;
import picocli.CommandLine;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * The options a team sets once, in a YAML file: {@code --config FILE}, else {@code $CNPG_REHEARSAL_CONFIG}, else
 * {@code cnpg-rehearsal.yaml} in the current folder. Keys are option names without the dashes; top-level keys apply
 * to every command that has the option, a section named after a command ({@code rehearse:}, {@code preflight:}, ...)
 * to that command only and wins. The command line wins over both. Paths are relative to the file's folder. An unknown
 * key or a value of the wrong kind is bad input.
 */
final class ConfigFile implements CommandLine.IDefaultValueProvider {

    static final String DEFAULT_NAME = "cnpg-rehearsal.yaml";
    static final String ENV = "CNPG_REHEARSAL_CONFIG";
    /** Options that make no sense in a file. */
    private static final Set<String> NOT_IN_FILE = Set.of("help", "version", "config");

    private final Path file;
    private final JsonNode root;

    private ConfigFile(Path file, JsonNode root) {
        this.file = file;
        this.root = root;
    }

    /** The file the arguments, the environment or the current folder name; null when there is none. */
    static ConfigFile find(String[] args, Map<String, String> env, Path cwd) {
        Path named = null;
        String option = "--config";
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--config")) {
                if (i + 1 == args.length) {
                    throw new BadInputException("--config needs a file: --config cnpg-rehearsal.yaml");
                }
                named = Path.of(args[i + 1]);
            } else if (args[i].startsWith("--config=")) {
                named = Path.of(args[i].substring("--config=".length()));
            }
        }
        if (named == null && env.get(ENV) != null && !env.get(ENV).isBlank()) {
            named = Path.of(env.get(ENV));
            option = ENV;
        }
        if (named == null) {
            Path local = cwd.resolve(DEFAULT_NAME);
            if (!Files.isRegularFile(local)) {
                return null;
            }
            named = local;
            option = "config file";
        }
        InputFiles.readableFile(option, named);
        JsonNode root;
        try {
            root = new ObjectMapper(new YAMLFactory()).readTree(named.toFile());
        } catch (IOException e) {
            throw new BadInputException("config file " + named + " is not valid YAML: "
                    + String.valueOf(e.getMessage()).lines().findFirst().orElse(""));
        }
        if (root == null || root.isMissingNode() || root.isNull()) {
            return new ConfigFile(named, new ObjectMapper().createObjectNode());
        }
        if (!root.isObject()) {
            throw new BadInputException("config file " + named + " must be a mapping of option names to values, "
                    + "such as: platform: local");
        }
        return new ConfigFile(named, root);
    }

    /** Every key names an option of the command (or of a command, at the top level), with a value of its kind. */
    void validate(CommandLine main) {
        Map<String, CommandLine> commands = main.getSubcommands();
        Set<String> anyOption = new TreeSet<>();
        commands.values().forEach(c -> anyOption.addAll(optionNames(c)));
        for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            CommandLine section = commands.get(e.getKey());
            if (section != null && e.getValue().isObject()) {
                Set<String> own = optionNames(section);
                e.getValue().fields().forEachRemaining(k -> checkKey(e.getKey() + "." + k.getKey(), k, own));
            } else {
                checkKey(e.getKey(), e, anyOption);
            }
        }
    }

    private void checkKey(String where, Map.Entry<String, JsonNode> entry, Set<String> allowed) {
        if (!allowed.contains(entry.getKey())) {
            throw new BadInputException("config file " + file + ": unknown key '" + where + "' (keys are option names "
                    + "without the dashes, such as platform, manifest, report-dir)");
        }
        JsonNode v = entry.getValue();
        boolean scalarList = v.isArray() && !v.isEmpty();
        for (JsonNode item : v.isArray() ? v : List.of(v)) {
            scalarList &= item.isValueNode() && !item.isNull();
        }
        if (!(v.isValueNode() && !v.isNull()) && !scalarList) {
            throw new BadInputException(
                    "config file " + file + ": key '" + where + "' needs a value (text, a number, true/false, a list)");
        }
    }

    private static Set<String> optionNames(CommandLine command) {
        Set<String> names = new TreeSet<>();
        for (OptionSpec o : command.getCommandSpec().options()) {
            String name = o.longestName().replaceFirst("^-+", "");
            if (!NOT_IN_FILE.contains(name)) {
                names.add(name);
            }
        }
        command.getSubcommands().values().forEach(sub -> names.addAll(optionNames(sub)));
        return names;
    }

    @Override
    public String defaultValue(ArgSpec arg) {
        if (!(arg instanceof OptionSpec option) || option.command() == null) {
            return null;
        }
        String name = option.longestName().replaceFirst("^-+", "");
        if (NOT_IN_FILE.contains(name)) {
            return null;
        }
        JsonNode section = root.path(option.command().name());
        JsonNode value = section.isObject() && section.has(name) ? section.get(name) : root.get(name);
        if (value == null || value.isObject()) {
            return null;
        }
        List<String> items = new ArrayList<>();
        (value.isArray() ? value : List.of(value)).forEach(v -> items.add(resolved(option, v.asText())));
        return String.join(",", items);
    }

    /** A path in the file is relative to the file's folder, as a kubeconfig's are. */
    private String resolved(OptionSpec option, String text) {
        boolean path = option.type() == Path.class
                || (option.auxiliaryTypes().length > 0 && option.auxiliaryTypes()[0] == Path.class);
        if (!path || text.startsWith("/") || text.startsWith("~")) {
            return text.startsWith("~/") ? System.getProperty("user.home") + text.substring(1) : text;
        }
        Path dir = file.toAbsolutePath().getParent();
        return dir == null ? text : dir.resolve(text).normalize().toString();
    }

    Path file() {
        return file;
    }
}
