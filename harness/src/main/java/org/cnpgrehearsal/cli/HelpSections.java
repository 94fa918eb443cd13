package org.cnpgrehearsal.cli;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import picocli.CommandLine;
import picocli.CommandLine.Help;
import picocli.CommandLine.Model.OptionSpec;

/**
 * The options of --help in groups a person looks for (common, fixture, estimate, Kubernetes, air-gapped, output)
 * instead of one flat list. To place a new option, add its name to a group here; an option in no group is listed
 * under "Other options", so none is ever hidden.
 */
final class HelpSections {

    private record Group(String heading, List<String> options) {}

    private static final List<Group> GROUPS = List.of(
            new Group(
                    "Common options",
                    List.of(
                            "--scenario",
                            "--manifest",
                            "--size",
                            "--all",
                            "--fix",
                            "--tune",
                            "--tune-repeats",
                            "--sizes",
                            "--platform",
                            "--report-dir",
                            "--pg-bin",
                            "--keep",
                            "--from",
                            "--out",
                            "--source-url",
                            "--password-file",
                            "--sslrootcert",
                            "--databases",
                            "--with-schema",
                            "--redact",
                            "--long-transaction",
                            "--operator-default-image")),
            new Group(
                    "Migration path (offline, online, physical)",
                    List.of("--strategy", "--compare", "--write-rate", "--write-duration")),
            new Group(
                    "Fixture (your own data)",
                    List.of("--fixture", "--fixture-roles", "--app-role", "--fixture-profile", "--scale")),
            new Group(
                    "Estimate of the production window",
                    List.of(
                            "--production-size",
                            "--profile",
                            "--throughput-factor",
                            "--jobs",
                            "--steps",
                            "--storage-size")),
            new Group(
                    "Kubernetes (--platform k3s or kubernetes)",
                    List.of(
                            "--kubeconfig",
                            "--context",
                            "--skip-operator-install",
                            "--source-flavor",
                            "--phase-timeout",
                            "--cnpg-chart-version",
                            "--k3s-image")),
            new Group(
                    "Air-gapped machines and clusters",
                    List.of("--cnpg-chart", "--zalando-chart", "--images-dir", "--cnpg-operator-image")),
            new Group(
                    "Output and automation",
                    List.of(
                            "--output",
                            "--junit",
                            "--quiet",
                            "--verbose",
                            "--no-color",
                            "--config",
                            "--format",
                            "--help",
                            "--version")));

    static void install(CommandLine cl) {
        cl.getCommandSpec().usageMessage().abbreviateSynopsis(true);
        cl.getHelpSectionMap().put(CommandLine.Model.UsageMessageSpec.SECTION_KEY_OPTION_LIST, HelpSections::render);
        cl.getHelpSectionMap().remove(CommandLine.Model.UsageMessageSpec.SECTION_KEY_OPTION_LIST_HEADING);
        cl.getSubcommands().values().forEach(HelpSections::install);
    }

    private static String render(Help help) {
        List<OptionSpec> options =
                help.commandSpec().options().stream().filter(o -> !o.hidden()).toList();
        Set<OptionSpec> placed = new LinkedHashSet<>();
        StringBuilder b = new StringBuilder();
        for (Group g : GROUPS) {
            List<OptionSpec> in = new ArrayList<>();
            for (String name : g.options()) {
                options.stream()
                        .filter(o -> List.of(o.names()).contains(name))
                        .findFirst()
                        .ifPresent(in::add);
            }
            section(b, help, g.heading(), in);
            placed.addAll(in);
        }
        section(
                b,
                help,
                "Other options",
                options.stream().filter(o -> !placed.contains(o)).toList());
        return b.toString();
    }

    private static void section(StringBuilder b, Help help, String heading, List<OptionSpec> options) {
        if (options.isEmpty()) {
            return;
        }
        Help.Layout layout = help.createDefaultLayout();
        options.forEach(o -> layout.addOption(o, help.createDefaultParamLabelRenderer()));
        b.append('\n').append(heading).append(":\n").append(layout);
    }

    private HelpSections() {}
}
