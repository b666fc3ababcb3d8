package dev.mlcompose.schema.model;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mlcompose.schema.yaml.JsonTree;
import dev.mlcompose.schema.yaml.Location;
import dev.mlcompose.schema.yaml.MapNode;
import dev.mlcompose.schema.yaml.Node;
import dev.mlcompose.schema.yaml.SeqNode;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A loaded Compose project: immutable, fully resolved (interpolated, merged, extended, included, profiles
 * applied) and typed. {@link #document()} is the same project in the canonical long syntax that
 * {@code docker compose config} prints; the typed views are bound from it, so the two never disagree.
 *
 * @param profiles every profile named in the files (not only the active ones)
 */
public record Project(String name, Path workingDir, List<String> configFiles, Map<String, Service> services,
                      Map<String, Network> networks, Map<String, Volume> volumes, Map<String, FileObject> secrets,
                      Map<String, FileObject> configs, List<String> profiles, Map<String, String> environment,
                      MapNode document) {

    public Project {
        configFiles = List.copyOf(configFiles);
        services = ModelBinder.ordered(services);
        networks = ModelBinder.ordered(networks);
        volumes = ModelBinder.ordered(volumes);
        secrets = ModelBinder.ordered(secrets);
        configs = ModelBinder.ordered(configs);
        profiles = List.copyOf(profiles);
        environment = Map.copyOf(environment);
    }

    /** The same project, printed by {@code config} from {@code printed} ({@code --no-normalize}). */
    public Project withDocument(MapNode printed) {
        return new Project(name, workingDir, configFiles, services, networks, volumes, secrets, configs, profiles,
                environment, printed);
    }

    /** Binds the canonical document into the typed model. */
    public static Project bind(MapNode document, Path workingDir, List<String> configFiles, List<String> profiles,
                               Map<String, String> environment) {
        return ModelBinder.bind(document, workingDir, configFiles, profiles, environment);
    }

    public Optional<Service> service(String name) {
        return Optional.ofNullable(services.get(name));
    }

    /**
     * Where the files wrote {@code keys} (e.g. {@code "services", "web", "ports", "0"}: an index steps into a list):
     * the key's location, or that of its nearest written parent when the key itself came from a default.
     */
    public Location locate(String... keys) {
        Location best = Location.NONE;
        Node node = document;
        for (String key : keys) {
            if (node instanceof MapNode map && map.has(key)) {
                best = map.keyLocation(key);
                node = map.get(key).orElseThrow();
            } else if (node instanceof SeqNode seq && key.matches("[0-9]{1,9}") && Integer.parseInt(key) < seq.items().size()) {
                node = seq.items().get(Integer.parseInt(key));
                best = node.location().isKnown() ? node.location() : best;
            } else {
                break;
            }
        }
        return best;
    }

    /** The canonical document as JSON, a fresh copy each call. */
    public JsonNode toJsonTree() {
        return JsonTree.of(document);
    }
}
