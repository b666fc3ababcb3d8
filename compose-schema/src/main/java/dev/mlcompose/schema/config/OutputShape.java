package dev.mlcompose.schema.config;

import dev.mlcompose.schema.path.KeyPath;
import dev.mlcompose.schema.path.PathPattern;
import dev.mlcompose.schema.yaml.MapNode;
import dev.mlcompose.schema.yaml.Node;
import dev.mlcompose.schema.yaml.ScalarNode;
import dev.mlcompose.schema.yaml.SeqNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Shapes the canonical document the way {@code docker compose config} prints it: compose-go's Go structs
 * drop zero values ({@code omitempty}) except pointer fields, always print {@code command} and
 * {@code entrypoint}, sort maps, and escape {@code $} as {@code $$} so that the output loads again.
 */
final class OutputShape {

    /** Mappings whose keys are user data (names, variables): their values are never dropped. */
    private static final List<PathPattern> USER_MAPS = patterns("services", "networks", "volumes", "secrets",
            "configs", "services.*.environment", "services.*.labels", "services.*.annotations", "services.*.sysctls",
            "services.*.build.args", "services.*.build.labels", "services.*.build.additional_contexts",
            "services.*.logging.options", "services.*.deploy.labels", "services.*.depends_on", "services.*.networks",
            "services.*.ulimits", "services.*.storage_opt", "services.*.driver_opts", "networks.*.labels",
            "networks.*.driver_opts", "networks.*.ipam.options", "volumes.*.labels", "volumes.*.driver_opts",
            "secrets.*.labels", "configs.*.labels", "services.*.deploy.resources.reservations.devices[].options",
            "services.*.gpus[].options", "services.*.build.ulimits", "services.*.log_opt");

    /** Go pointer or non-omitempty fields: printed even when zero. */
    private static final List<PathPattern> KEEP_ZERO = patterns("services.*.init", "services.*.attach",
            "services.*.scale", "services.*.deploy.replicas", "services.*.deploy.restart_policy.max_attempts",
            "services.*.healthcheck.retries", "services.*.deploy.update_config.parallelism",
            "services.*.deploy.rollback_config.parallelism", "services.*.depends_on.*.required",
            "services.*.command", "services.*.entrypoint", "services.*.develop.watch[].exec.command",
            "services.*.secrets[].mode", "services.*.configs[].mode", "networks.*.enable_ipv4", "networks.*.enable_ipv6");

    private final boolean escapeDollars;

    OutputShape(boolean escapeDollars) {
        this.escapeDollars = escapeDollars;
    }

    Map<String, Object> shape(MapNode document) {
        @SuppressWarnings("unchecked")
        var root = (Map<String, Object>) visit(document, KeyPath.root());
        if (root.get("services") instanceof Map<?, ?> services) {
            services.values().forEach(s -> {
                @SuppressWarnings("unchecked")
                var service = (Map<String, Object>) s;
                service.putIfAbsent("command", null);
                service.putIfAbsent("entrypoint", null);
            });
        }
        return root;
    }

    private Object visit(Node node, KeyPath path) {
        if (node instanceof MapNode map) {
            boolean userMap = matchesAny(USER_MAPS, path);
            Map<String, Object> out = userMap || path.size() == 0 ? new TreeMap<>() : new LinkedHashMap<>();
            map.entries().forEach((key, value) -> {
                KeyPath child = path.key(key);
                if (key.startsWith("x-") && !userMap) {
                    out.put(escape(key), raw(value));
                    return;
                }
                Object shaped = visit(value, child);
                boolean emptyUserMap = shaped instanceof Map<?, ?> m && m.isEmpty() && matchesAny(USER_MAPS, child);
                if (userMap || matchesAny(KEEP_ZERO, child) || !(isZero(shaped) || emptyUserMap)) {
                    out.put(escape(key), shaped);
                }
            });
            return out;
        }
        if (node instanceof SeqNode seq) {
            var out = new ArrayList<>();
            for (int i = 0; i < seq.items().size(); i++) {
                out.add(visit(seq.items().get(i), path.index(i)));
            }
            return out;
        }
        Object value = ((ScalarNode) node).value();
        if (value instanceof Double d && d == Math.rint(d) && !d.isInfinite()) {
            return d.longValue(); // Go prints a whole float32 as 1, not 1.0
        }
        return value instanceof String s ? escape(s) : value;
    }

    /**
     * {@code $} as {@code $$}, in keys too: compose escapes every {@code $} of its output (docker/compose
     * cmd/compose/config.go), although keys are never interpolated, so a key written {@code $$} prints as
     * {@code $$$$}.
     */
    private String escape(String text) {
        return escapeDollars ? text.replace("$", "$$") : text;
    }

    /** Extension values print as written, only escaped. */
    private Object raw(Node node) {
        if (node instanceof MapNode map) {
            var out = new TreeMap<String, Object>();
            map.entries().forEach((k, v) -> out.put(escape(k), raw(v)));
            return out;
        }
        if (node instanceof SeqNode seq) {
            return new ArrayList<>(seq.items().stream().map(this::raw).toList());
        }
        Object value = ((ScalarNode) node).value();
        return value instanceof String s ? escape(s) : value;
    }

    private static boolean isZero(Object value) {
        return value == null || Boolean.FALSE.equals(value) || "".equals(value)
                || (value instanceof Number n && n.doubleValue() == 0)
                || (value instanceof List<?> l && l.isEmpty());
    }

    private static boolean matchesAny(List<PathPattern> patterns, KeyPath path) {
        for (PathPattern p : patterns) {
            if (p.matches(path)) {
                return true;
            }
        }
        return false;
    }

    private static List<PathPattern> patterns(String... texts) {
        return java.util.Arrays.stream(texts).map(PathPattern::of).toList();
    }
}
