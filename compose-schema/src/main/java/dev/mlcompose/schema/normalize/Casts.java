package dev.mlcompose.schema.normalize;

import dev.mlcompose.schema.Problems;
import dev.mlcompose.schema.path.KeyPath;
import dev.mlcompose.schema.path.PathPattern;
import dev.mlcompose.schema.yaml.Node;
import dev.mlcompose.schema.yaml.ScalarNode;
import dev.mlcompose.schema.yaml.Trees;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The schema accepts strings for ~75 number and boolean fields so that {@code ${VAR}} validates; after
 * interpolation those strings become real types here (compose-go {@code interpolateTypeCastMapping}).
 */
public final class Casts {

    enum Kind { INT, FLOAT, BOOL }

    private static final Map<PathPattern, Kind> TABLE = new LinkedHashMap<>();

    static {
        for (String p : new String[] {"cpu_count", "cpu_period", "cpu_quota", "cpu_rt_period", "cpu_rt_runtime",
                "cpu_shares", "deploy.replicas", "deploy.update_config.parallelism",
                "deploy.rollback_config.parallelism", "deploy.restart_policy.max_attempts",
                "deploy.placement.max_replicas_per_node", "healthcheck.retries", "oom_score_adj", "pids_limit",
                "ports[].target", "scale", "ulimits.*", "ulimits.*.hard", "ulimits.*.soft",
                "deploy.resources.limits.pids", "deploy.resources.reservations.pids", "blkio_config.weight",
                "networks.*.priority", "build.ulimits.*", "build.ulimits.*.soft", "build.ulimits.*.hard"}) {
            TABLE.put(PathPattern.of("services.*." + p), Kind.INT);
        }
        for (String p : new String[] {"cpu_percent", "cpus", "deploy.update_config.max_failure_ratio",
                "deploy.rollback_config.max_failure_ratio", "deploy.resources.limits.cpus",
                "deploy.resources.reservations.cpus"}) {
            TABLE.put(PathPattern.of("services.*." + p), Kind.FLOAT);
        }
        for (String p : new String[] {"init", "depends_on.*.required", "depends_on.*.restart", "healthcheck.disable",
                "oom_kill_disable", "privileged", "read_only", "stdin_open", "tty", "volumes[].read_only",
                "volumes[].volume.nocopy", "volumes[].bind.create_host_path", "attach", "build.no_cache",
                "build.pull", "build.privileged", "env_file[].required"}) {
            TABLE.put(PathPattern.of("services.*." + p), Kind.BOOL);
        }
        for (String p : new String[] {"networks.*.external", "networks.*.internal", "networks.*.attachable",
                "networks.*.enable_ipv6", "networks.*.enable_ipv4", "volumes.*.external", "secrets.*.external",
                "configs.*.external"}) {
            TABLE.put(PathPattern.of(p), Kind.BOOL);
        }
    }

    private final Problems problems;

    public Casts(Problems problems) {
        this.problems = problems;
    }

    public Node apply(Node node) {
        return Trees.mapScalars(node, KeyPath.root(), this::visit);
    }

    private Node visit(ScalarNode scalar, KeyPath path) {
        if (!scalar.isString()) {
            return scalar;
        }
        for (var rule : TABLE.entrySet()) {
            if (rule.getKey().matches(path)) {
                return cast(scalar, rule.getValue(), path);
            }
        }
        return scalar;
    }

    private Node cast(ScalarNode scalar, Kind kind, KeyPath path) {
        String text = scalar.text().strip();
        try {
            return switch (kind) {
                case INT -> scalar.withValue(Long.parseLong(text));
                case FLOAT -> scalar.withValue(Double.parseDouble(text));
                case BOOL -> scalar.withValue(toBoolean(text, path));
            };
        } catch (NumberFormatException e) {
            problems.add(scalar, path, "expected " + (kind == Kind.INT ? "an integer" : "a number")
                    + ", got \"" + scalar.text() + "\"");
            return scalar;
        } catch (IllegalArgumentException e) {
            problems.add(scalar, path, e.getMessage());
            return scalar;
        }
    }

    private boolean toBoolean(String text, KeyPath path) {
        switch (text.toLowerCase(Locale.ROOT)) {
            case "true":
                return true;
            case "false":
                return false;
            case "y", "yes", "on":
                problems.warn(path + ": \"" + text + "\" for boolean is not supported by YAML 1.2, please use `true`");
                return true;
            case "n", "no", "off":
                problems.warn(path + ": \"" + text + "\" for boolean is not supported by YAML 1.2, please use `false`");
                return false;
            default:
                throw new IllegalArgumentException("expected a boolean (true or false), got \"" + text + "\"");
        }
    }
}
