package dev.mlcompose.schema.normalize;

import dev.mlcompose.schema.Problems;
import dev.mlcompose.schema.path.KeyPath;
import dev.mlcompose.schema.path.PathPattern;
import dev.mlcompose.schema.yaml.Node;
import dev.mlcompose.schema.yaml.ScalarNode;
import dev.mlcompose.schema.yaml.Trees;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
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

    /** Whole numbers the model or the engine holds in 32 bits, or that have a range of their own. */
    private static final Map<PathPattern, Range> RANGES = new LinkedHashMap<>();

    /** Byte sizes, which ServiceCanonical reads later; here only a number too large for 64 bits is refused. */
    private static final List<PathPattern> SIZES = new ArrayList<>();

    /** What any other whole number must fit: compose-go's int64 (it wraps larger ones into other numbers). */
    private static final Range INT64 = new Range(Long.MIN_VALUE, Long.MAX_VALUE);

    /** cpus: the engine takes nano-CPUs as an int64. */
    private static final double MAX_CPUS = Long.MAX_VALUE / 1e9;

    record Range(long min, long max) {
        String check(BigInteger value) {
            return value.compareTo(BigInteger.valueOf(max)) > 0 ? "out of range (at most " + max + ")"
                    : value.compareTo(BigInteger.valueOf(min)) < 0 ? "out of range (at least " + min + ")" : null;
        }
    }

    static {
        var int32 = new Range(Integer.MIN_VALUE, Integer.MAX_VALUE);
        for (String p : new String[] {"deploy.replicas", "scale", "healthcheck.retries", "cpu_shares",
                "deploy.update_config.parallelism", "deploy.rollback_config.parallelism",
                "deploy.restart_policy.max_attempts", "deploy.placement.max_replicas_per_node", "networks.*.priority"}) {
            RANGES.put(PathPattern.of("services.*." + p), int32);
        }
        RANGES.put(PathPattern.of("services.*.oom_score_adj"), new Range(-1000, 1000));
        RANGES.put(PathPattern.of("services.*.cpu_percent"), new Range(0, 100));
        for (String p : new String[] {"mem_limit", "memswap_limit", "mem_reservation", "mem_swappiness", "shm_size",
                "build.shm_size", "deploy.resources.limits.memory", "deploy.resources.reservations.memory",
                "volumes[].tmpfs.size", "blkio_config.device_read_bps[].rate",
                "blkio_config.device_write_bps[].rate"}) {
            SIZES.add(PathPattern.of("services.*." + p));
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
        if (scalar.isNull() || scalar.value() instanceof Boolean) {
            return scalar;
        }
        for (var rule : TABLE.entrySet()) {
            if (rule.getKey().matches(path)) {
                return scalar.isString() ? cast(scalar, rule.getValue(), path) : checked(scalar, rule.getValue(), path);
            }
        }
        if (!scalar.isString() && SIZES.stream().anyMatch(p -> p.matches(path)) && !fitsLong(scalar.value())) {
            problems.add(scalar, path, shown(scalar) + " is out of range (at most " + Long.MAX_VALUE + " bytes)");
        }
        return scalar;
    }

    private Node cast(ScalarNode scalar, Kind kind, KeyPath path) {
        String text = scalar.text().strip();
        try {
            return switch (kind) {
                case INT -> checked(scalar.withValue(narrow(new BigInteger(text))), kind, path);
                case FLOAT -> checked(scalar.withValue(Double.parseDouble(text)), kind, path);
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

    /** A typed number that does not fit where it goes is an error, never a wrapped value. */
    private Node checked(ScalarNode scalar, Kind kind, KeyPath path) {
        String wrong = null;
        if (kind == Kind.INT && scalar.value() instanceof Number n && !(n instanceof Double)) {
            Range range = RANGES.entrySet().stream().filter(r -> r.getKey().matches(path)).map(Map.Entry::getValue)
                    .findFirst().orElse(INT64);
            wrong = range.check(n instanceof BigInteger b ? b : BigInteger.valueOf(n.longValue()));
        } else if (kind == Kind.FLOAT && scalar.value() instanceof Number n) {
            double d = n.doubleValue();
            boolean cpus = path.last().equals("cpus");
            wrong = Double.isFinite(d) && (!cpus || d <= MAX_CPUS) ? null
                    : "out of range" + (cpus ? " (at most " + (long) MAX_CPUS + ")" : "");
        }
        if (wrong != null) {
            problems.add(scalar, path, shown(scalar) + " is " + wrong);
        }
        return scalar;
    }

    /** A huge double as Java writes it (1.0E20), not as the whole number {@link ScalarNode#text} would make it. */
    private static String shown(ScalarNode scalar) {
        return scalar.value() instanceof Double d && Math.abs(d) >= 1e15 ? d.toString() : scalar.text();
    }

    private static boolean fitsLong(Object value) {
        return value instanceof Long || (value instanceof Double d && Math.abs(d) < 0x1p63);
    }

    private static Object narrow(BigInteger value) {
        return value.bitLength() < 64 ? (Object) value.longValue() : value;
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
