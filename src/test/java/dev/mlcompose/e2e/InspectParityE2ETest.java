package dev.mlcompose.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The services of a file that uses nearly every service key, created once by docker compose v2 and once by
 * mlcompose on the same engine, look the same to {@code docker inspect}: each container's Config, HostConfig,
 * networks and mounts, and each network and volume. What differs on purpose (README "Compatibility") is
 * asserted as such; what the engine picks (IDs, addresses of networks without IPAM, anonymous volume names)
 * is masked.
 */
class InspectParityE2ETest extends EngineScenario {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path PARITY = SCENARIOS.resolve("parity");
    private static final List<String> SERVICES = List.of("everything", "sidecar", "store", "reader", "linked");
    /** Networks of the file without an IPAM block: the engine picks their subnets, so the addresses differ. */
    private static final Set<String> ENGINE_ADDRESSED = Set.of("default", "back");
    /** Services whose config hash covers references compose rewrites to container IDs first (README). */
    private static final Set<String> HASHED_WITH_IDS = Set.of("sidecar", "reader");
    /** The service-level mac_address of "everything" in the scenario. */
    private static final String MAC = "02:42:ac:11:65:43";

    private final Set<String> anonymousVolumes = new LinkedHashSet<>();

    @Test
    void compose_and_mlcompose_create_the_same_containers_networks_and_volumes() throws Exception {
        ComposeV2.require("InspectParityE2ETest");
        ComposeV2.run(PARITY, project, "up", "-d");
        Snapshot compose = snapshot();
        ComposeV2.run(PARITY, project, "down", "-v", "-t", "1");

        var up = mlcompose("parity", "up", "-d");
        assertThat(up.exitCode()).as(up.err()).isZero();
        Snapshot ours = snapshot();
        assertThat(mlcompose("parity", "down", "-v", "-t", "1").exitCode()).isZero();

        deliberateDifferences(compose, ours);
        var differences = new ArrayList<String>();
        compose.documents.forEach((name, theirs) -> diff(name, theirs, ours.documents.get(name), differences));
        assertThat(differences).as("docker inspect: compose v2 vs mlcompose").isEmpty();
    }

    /** README: the hostname is the service's name, and volumes_from keeps :ro (compose 2.26.1 mounts read-write). */
    private void deliberateDifferences(Snapshot compose, Snapshot ours) {
        for (String service : List.of("store", "reader")) {
            JsonNode theirs = compose.documents.get(service).path("Config");
            assertThat(ours.documents.get(service).path("Config").path("Hostname").asText()).isEqualTo(service);
            assertThat(theirs.path("Hostname").asText()).as("the short ID").isEqualTo("<container:" + service + ">");
            ((ObjectNode) theirs).put("Hostname", service);
        }
        // "linked" has uts: host: neither tool sets a hostname, the engine gives it the host's
        ObjectNode reader = (ObjectNode) ours.documents.get("reader");
        assertThat(reader.at("/HostConfig/VolumesFrom/0").asText()).isEqualTo("<container:store>:ro");
        for (JsonNode mount : reader.path("Mounts")) {
            assertThat(mount.path("RW").asBoolean()).as("volumes_from store:ro mounts %s read-only", mount).isFalse();
            ((ObjectNode) mount).put("RW", true);
        }
        ((ArrayNode) reader.at("/HostConfig/VolumesFrom")).set(0, TextNode.valueOf("<container:store>"));
        // mac_address: from API 1.44 it is the first endpoint's (the engine then shows it as Config.MacAddress too);
        // compose 2.26.1 sends it nowhere there, and its container gets a generated MAC (README: Compatibility)
        assertThat(ours.macs.get("everything")).isEqualTo(MAC);
        if (EngineVersion.apiAtLeast("1.44")) {
            assertThat(compose.macs.get("everything")).as("compose 2.26.1 drops mac_address").isNotEqualTo(MAC);
            assertThat(compose.documents.get("everything").at("/Config/MacAddress").asText()).isEmpty();
            ((ObjectNode) compose.documents.get("everything").path("Config")).put("MacAddress", MAC);
        } else {
            assertThat(compose.macs.get("everything")).isEqualTo(MAC);
        }
        for (String service : HASHED_WITH_IDS) {
            for (Snapshot s : List.of(compose, ours)) {
                ((ObjectNode) s.documents.get(service).at("/Config/Labels")).remove("com.docker.compose.config-hash");
            }
        }
    }

    private Snapshot snapshot() {
        var ids = new TreeMap<String, String>();
        SERVICES.forEach(s -> ids.put(s, Docker.id(container(s))));
        var documents = new TreeMap<String, JsonNode>();
        var macs = new TreeMap<String, String>();
        for (String service : SERVICES) {
            JsonNode c = Docker.inspect(container(service));
            c.at("/NetworkSettings/Networks").elements().forEachRemaining(e -> macs.putIfAbsent(service,
                    e.path("MacAddress").asText()));
            ObjectNode kept = JSON.createObjectNode();
            kept.set("Config", c.path("Config"));
            kept.set("HostConfig", c.path("HostConfig"));
            kept.set("Networks", endpoints(c.at("/NetworkSettings/Networks")));
            kept.set("Mounts", mounts(c.path("Mounts")));
            documents.put(service, masked(kept, ids));
        }
        for (String network : Docker.networks(project)) {
            JsonNode n = inspect("network", network);
            ObjectNode kept = pick(n, "Name", "Driver", "EnableIPv6", "IPAM", "Internal", "Attachable", "Options",
                    "Labels");
            if (ENGINE_ADDRESSED.contains(network.substring(project.length() + 1))) {
                ((ObjectNode) kept.path("IPAM")).remove("Config");
            }
            documents.put("network " + network, kept);
        }
        for (String volume : Docker.volumes(project)) {
            documents.put("volume " + volume, pick(inspect("volume", volume), "Name", "Driver", "Labels", "Options"));
        }
        return new Snapshot(ids, documents, macs);
    }

    /** Endpoints without what the engine generates; addresses only where the file fixes them. */
    private ObjectNode endpoints(JsonNode networks) {
        ObjectNode out = JSON.createObjectNode();
        networks.fields().forEachRemaining(e -> {
            ObjectNode endpoint = ((ObjectNode) e.getValue()).deepCopy();
            endpoint.remove(List.of("EndpointID", "NetworkID"));
            if (ENGINE_ADDRESSED.contains(e.getKey().substring(project.length() + 1))) {
                endpoint.remove(List.of("IPAddress", "Gateway", "IPPrefixLen", "MacAddress"));
            }
            out.set(e.getKey(), endpoint);
        });
        return out;
    }

    /** Mounts by target; an anonymous volume's generated name is masked (and remembered, to remove it). */
    private ArrayNode mounts(JsonNode mounts) {
        ArrayNode out = JSON.createArrayNode();
        StreamSupport.stream(mounts.spliterator(), false).sorted(Comparator.comparing(m -> m.path("Destination").asText()))
                .forEach(m -> {
                    ObjectNode mount = m.deepCopy();
                    String name = mount.path("Name").asText();
                    if (name.matches("[0-9a-f]{64}")) {
                        anonymousVolumes.add(name);
                        mount.put("Name", "<anonymous>").put("Source", "<anonymous>");
                    }
                    out.add(mount);
                });
        return out;
    }

    /** Container IDs and names as {@code <container:service>}, wherever they appear. */
    private JsonNode masked(JsonNode node, Map<String, String> ids) {
        String text = node.toString();
        for (var e : ids.entrySet()) {
            text = text.replace(e.getValue(), "<container:" + e.getKey() + ">")
                    .replace(e.getValue().substring(0, 12), "<container:" + e.getKey() + ">")
                    .replace(container(e.getKey()), "<container:" + e.getKey() + ">");
        }
        try {
            return JSON.readTree(text);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static ObjectNode pick(JsonNode node, String... fields) {
        ObjectNode out = JSON.createObjectNode();
        for (String f : fields) {
            out.set(f, node.path(f).deepCopy());
        }
        return out;
    }

    private static JsonNode inspect(String kind, String name) {
        try {
            return JSON.readTree(Docker.run(kind, "inspect", name)).get(0);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Every path where the two documents differ; arrays of strings compare as sets (the engine's order varies). */
    private static void diff(String path, JsonNode theirs, JsonNode ours, List<String> out) {
        if (ours == null || ours.isMissingNode()) {
            out.add(path + ": only compose has " + theirs);
        } else if (theirs.isObject() && ours.isObject()) {
            var fields = new java.util.TreeSet<String>();
            theirs.fieldNames().forEachRemaining(fields::add);
            ours.fieldNames().forEachRemaining(fields::add);
            for (String f : fields) {
                if (!theirs.has(f)) {
                    out.add(path + "." + f + ": only mlcompose has " + ours.get(f));
                } else {
                    diff(path + "." + f, theirs.get(f), ours.get(f), out);
                }
            }
        } else if (theirs.isArray() && ours.isArray() && theirs.size() == ours.size()) {
            if (!sorted(theirs).equals(sorted(ours))) {
                for (int i = 0; i < theirs.size(); i++) {
                    diff(path + "[" + i + "]", theirs.get(i), ours.get(i), out);
                }
            }
        } else if (!theirs.equals(ours)) {
            out.add(path + ": compose " + theirs + ", mlcompose " + ours);
        }
    }

    private static List<String> sorted(JsonNode array) {
        return StreamSupport.stream(array.spliterator(), false).map(JsonNode::toString).sorted().toList();
    }

    @AfterEach
    void removeAnonymousVolumes() {
        anonymousVolumes.forEach(v -> Docker.runQuietly("volume", "rm", v));
    }

    /** documents: what is compared; macs: each container's first endpoint's MAC, before masking. */
    private record Snapshot(Map<String, String> ids, Map<String, JsonNode> documents, Map<String, String> macs) {
    }
}
