package dev.mlcompose.schema.golden;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;

/**
 * The differences from docker compose 2.26 that mlcompose keeps on purpose (README, "Compatibility"),
 * taken out of both sides before comparing. Each one exists because compose's output would not load back, or
 * because newer compose does what 2.26 does not.
 */
final class ChosenDifferences {

    private static final List<String> BLKIO_LISTS = List.of("weight_device", "device_read_bps", "device_write_bps",
            "device_read_iops", "device_write_iops");

    private ChosenDifferences() {
    }

    /**
     * mlcompose prints service-level x- fields in JSON too; compose 2.26 prints them only in YAML. It keeps a
     * network's ipam.options, which compose 2.26 drops and compose-go keeps since its IPAMConfig.Options (d48021c).
     */
    static JsonNode inOurs(JsonNode config) {
        config.path("services").forEach(service -> {
            var names = new ArrayList<String>();
            service.fieldNames().forEachRemaining(names::add);
            names.stream().filter(n -> n.startsWith("x-")).forEach(((ObjectNode) service)::remove);
        });
        config.path("networks").forEach(network -> {
            if (network.path("ipam") instanceof ObjectNode ipam) {
                ipam.remove("options");
            }
        });
        return config;
    }

    /** compose 2.26 prints blkio_config entries with Go field names (Path, Rate as a string); we keep the spec's. */
    static JsonNode inCompose(JsonNode config) {
        config.path("services").forEach(service -> BLKIO_LISTS.forEach(list ->
                service.path("blkio_config").path(list).forEach(entry -> {
                    var e = (ObjectNode) entry;
                    rename(e, "Path", "path");
                    rename(e, "Weight", "weight");
                    if (e.has("Rate")) {
                        e.put("rate", Long.parseLong(e.remove("Rate").asText()));
                    }
                })));
        return config;
    }

    private static void rename(ObjectNode node, String from, String to) {
        if (node.has(from)) {
            node.set(to, node.remove(from));
        }
    }
}
