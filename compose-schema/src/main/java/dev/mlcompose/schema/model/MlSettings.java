package dev.mlcompose.schema.model;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A service's {@code x-mlcompose} settings, typed. The loader has already checked them against
 * {@code x-mlcompose.schema.json}, so reading them here cannot fail on shape.
 *
 * @param role        {@code job}, {@code train} (a job that {@code mlcompose train} runs) or {@code service}
 * @param cpuFallback run without the GPU request when the engine has no GPU runtime
 * @param shareGpus   may share GPUs with other services that also allow it
 * @param cache       skip a job whose previous identical run exited 0
 * @param inputs      files whose contents are part of a job's cache key, relative to the project directory
 * @param deadline    how long one attempt may run
 * @param sweep       one run per cell of a matrix of parameters
 * @param objective   the metric by which a job's runs (a sweep's cells) are ranked
 * @param outputs     paths in a job's container that are copied out after each attempt
 * @param inputsFrom  jobs whose outputs this service mounts, by job, at the path given
 */
public record MlSettings(Optional<String> role, boolean cpuFallback, boolean shareGpus, boolean cache,
                         List<String> inputs, Optional<Duration> deadline, Optional<Retry> retry,
                         Optional<Sweep> sweep, Optional<Objective> objective, List<String> outputs,
                         Map<String, String> inputsFrom) {

    public MlSettings {
        inputs = List.copyOf(inputs);
        outputs = List.copyOf(outputs);
        inputsFrom = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(inputsFrom));
    }

    /** How a failed job is run again: {@code attempts} in all, exponential backoff between them. */
    public record Retry(int attempts, Duration initialBackoff, double multiplier, Duration maxBackoff,
                        Set<Integer> onExitCodes) {
        public Retry {
            onExitCodes = Set.copyOf(onExitCodes);
        }

        /** Whether an attempt that ended with {@code exitCode} may be retried; empty {@code onExitCodes}: any. */
        public boolean retries(int exitCode) {
            return exitCode != 0 && (onExitCodes.isEmpty() || onExitCodes.contains(exitCode));
        }
    }

    /** The metric a job reports that ranks its runs, highest first when {@code maximize}. */
    public record Objective(String metric, boolean maximize) {

        /** Runs' metrics ordered best first by this objective; those without its metric last. */
        public java.util.Comparator<Map<String, Double>> bestFirst() {
            java.util.Comparator<Double> order = maximize ? java.util.Comparator.reverseOrder()
                    : java.util.Comparator.naturalOrder();
            return java.util.Comparator.comparing(m -> m.get(metric), java.util.Comparator.nullsLast(order));
        }
    }

    public static MlSettings of(Map<String, Object> settings) {
        return new MlSettings(Optional.ofNullable((String) settings.get("role")),
                Boolean.TRUE.equals(settings.get("cpu-fallback")), Boolean.TRUE.equals(settings.get("share-gpus")),
                !Boolean.FALSE.equals(settings.get("cache")), strings(settings.get("inputs")),
                duration(settings.get("deadline")), retry(settings.get("retry")), Sweep.of(settings),
                objective(settings.get("objective")), strings(settings.get("outputs")), texts(settings.get("inputs-from")));
    }

    private static Optional<Objective> objective(Object value) {
        return value instanceof Map<?, ?> map ? Optional.of(new Objective(String.valueOf(map.get("metric")),
                !"min".equals(map.get("goal")))) : Optional.empty();
    }

    @SuppressWarnings("unchecked")
    private static Optional<Retry> retry(Object value) {
        if (!(value instanceof Map<?, ?> map)) {
            return Optional.empty();
        }
        var retry = (Map<String, Object>) map;
        var backoff = retry.get("backoff") instanceof Map<?, ?> b ? (Map<String, Object>) b : Map.<String, Object>of();
        var codes = retry.get("on-exit-codes") instanceof List<?> list
                ? list.stream().map(c -> ((Number) c).intValue()).collect(java.util.stream.Collectors.toSet())
                : Set.<Integer>of();
        return Optional.of(new Retry(((Number) retry.getOrDefault("attempts", 3)).intValue(),
                duration(backoff.get("initial")).orElse(Duration.ofSeconds(1)),
                ((Number) backoff.getOrDefault("multiplier", 2)).doubleValue(),
                duration(backoff.get("max")).orElse(Duration.ofMinutes(1)), codes));
    }

    private static Optional<Duration> duration(Object value) {
        return Optional.ofNullable(value).map(v -> GoDuration.parse(v.toString()));
    }

    private static Map<String, String> texts(Object value) {
        var out = new java.util.LinkedHashMap<String, String>();
        if (value instanceof Map<?, ?> map) {
            map.forEach((k, v) -> out.put(String.valueOf(k), String.valueOf(v)));
        }
        return out;
    }

    private static List<String> strings(Object value) {
        return value instanceof List<?> list ? list.stream().map(String::valueOf).toList() : List.of();
    }
}
