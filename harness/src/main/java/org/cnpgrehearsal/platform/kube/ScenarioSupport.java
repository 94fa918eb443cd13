package org.cnpgrehearsal.platform.kube;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.cnpgrehearsal.scenario.Scenario;
import org.cnpgrehearsal.util.BadInputException;

/**
 * The scenario keys the Kubernetes platforms set up. A scenario that sets any other key (one this platform does not
 * know how to build on a cluster) stops before anything is started, instead of being rehearsed without it.
 */
public final class ScenarioSupport {

    /** Keys, as paths in the scenario file, that a Kubernetes rehearsal honours; a prefix covers what is under it. */
    static final Set<String> SUPPORTED = Set.of(
            "description",
            "source.major",
            "source.importUser",
            "source.grants",
            "source.passwordEncryption",
            "source.extensions",
            "source.prepareSql",
            "source.tls",
            "fixture",
            "target.manifest",
            "target.storageSize",
            "target.major",
            "target.import",
            // the manifest's spec.imageName, as the rehearsal edits it before any platform reads the manifest
            "target.imageName",
            "expect");

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonNode DEFAULTS = JSON.valueToTree(JSON.convertValue(Map.of(), Scenario.class));

    /** The keys the scenario sets (its values that differ from a scenario that sets nothing), as paths. */
    public static List<String> keysSet(Scenario scenario) {
        List<String> out = new ArrayList<>();
        diff("", JSON.valueToTree(scenario), DEFAULTS, out);
        return out;
    }

    /** The keys of the scenario this platform cannot set up. */
    public static List<String> unsupported(Scenario scenario) {
        return unsupported(scenario, SUPPORTED);
    }

    static List<String> unsupported(Scenario scenario, Set<String> supported) {
        return keysSet(scenario).stream()
                .filter(key -> supported.stream().noneMatch(s -> key.equals(s) || key.startsWith(s + ".")))
                .toList();
    }

    public static void requireSupported(Scenario scenario, String platform) {
        List<String> unsupported = unsupported(scenario);
        if (!unsupported.isEmpty()) {
            throw new BadInputException("scenario " + scenario.name() + " sets " + String.join(", ", unsupported)
                    + ", which --platform " + platform + " does not set up: rehearse it with --platform local");
        }
    }

    private static void diff(String path, JsonNode value, JsonNode defaults, List<String> out) {
        if (value.isObject()) {
            Iterator<Map.Entry<String, JsonNode>> fields = value.fields();
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> f = fields.next();
                JsonNode base = defaults == null ? null : defaults.get(f.getKey());
                diff(path.isEmpty() ? f.getKey() : path + "." + f.getKey(), f.getValue(), base, out);
            }
        } else if (!value.equals(defaults) && !(value.isNull() && defaults == null)) {
            out.add(path);
        }
    }

    private ScenarioSupport() {}
}
