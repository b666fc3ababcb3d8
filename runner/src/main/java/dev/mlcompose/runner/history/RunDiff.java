package dev.mlcompose.runner.history;

import dev.mlcompose.runner.history.RunRecord.JobRecord;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * What changed between two runs, job by job ({@code runs diff A B}): the service's config keys, its image, its
 * inputs, a sweep cell's parameters, and the metrics. Jobs are matched by service and cell; a service with one job
 * in each run is matched whatever its cell, so that a changed parameter reads as a change. Pure.
 */
public final class RunDiff {

    private RunDiff() {
    }

    /** One job's differences; {@code only} says "A" or "B" for a job that one run alone has. */
    public record JobDiff(String job, String only, Map<String, List<Object>> parameters, Map<String, List<Object>> config,
                          boolean imageChanged, boolean inputsChanged, Map<String, List<Double>> metrics,
                          List<Boolean> succeeded) {

        public boolean isEmpty() {
            return only.isEmpty() && parameters.isEmpty() && config.isEmpty() && !imageChanged && !inputsChanged
                    && metrics.isEmpty() && succeeded.get(0).equals(succeeded.get(1));
        }
    }

    public static List<JobDiff> of(RunRecord a, RunRecord b) {
        var out = new ArrayList<JobDiff>();
        var unmatchedB = new ArrayList<>(b.jobs());
        for (JobRecord left : a.jobs()) {
            JobRecord right = match(left, a, b, unmatchedB);
            if (right == null) {
                out.add(only(left, "A"));
            } else {
                unmatchedB.remove(right);
                out.add(compare(left, right));
            }
        }
        unmatchedB.forEach(right -> out.add(only(right, "B")));
        return out;
    }

    private static JobRecord match(JobRecord left, RunRecord a, RunRecord b, List<JobRecord> candidates) {
        for (JobRecord right : candidates) {
            if (right.service().equals(left.service()) && right.cell().equals(left.cell())) {
                return right;
            }
        }
        boolean alone = count(a, left.service()) == 1 && count(b, left.service()) == 1;
        return alone ? candidates.stream().filter(r -> r.service().equals(left.service())).findFirst().orElse(null)
                : null;
    }

    private static long count(RunRecord run, String service) {
        return run.jobs().stream().filter(j -> j.service().equals(service)).count();
    }

    private static JobDiff only(JobRecord job, String which) {
        return new JobDiff(job.name(), which, Map.of(), Map.of(), false, false, Map.of(),
                List.of(job.succeeded(), job.succeeded()));
    }

    private static JobDiff compare(JobRecord a, JobRecord b) {
        var parameters = new LinkedHashMap<String, List<Object>>();
        changes("", a.cell(), b.cell(), parameters);
        var config = new LinkedHashMap<String, List<Object>>();
        changes("", a.config(), b.config(), config);
        var metrics = new LinkedHashMap<String, List<Double>>();
        Set<String> names = new LinkedHashSet<>(a.metrics().keySet());
        names.addAll(b.metrics().keySet());
        names.forEach(n -> {
            if (!Objects.equals(a.metrics().get(n), b.metrics().get(n))) {
                metrics.put(n, Arrays.asList(a.metrics().get(n), b.metrics().get(n)));
            }
        });
        String name = a.name().equals(b.name()) ? a.name() : a.name() + " / " + b.name();
        return new JobDiff(name, "", parameters, config, !a.imageId().equals(b.imageId()),
                !a.inputsKey().equals(b.inputsKey()), metrics, List.of(a.succeeded(), b.succeeded()));
    }

    /** The keys (dotted paths) whose values differ, each with its value in A and in B (null: absent). */
    private static void changes(String path, Object a, Object b, Map<String, List<Object>> out) {
        if (a instanceof Map<?, ?> ma && b instanceof Map<?, ?> mb) {
            var keys = new TreeSet<String>();
            ma.keySet().forEach(k -> keys.add(String.valueOf(k)));
            mb.keySet().forEach(k -> keys.add(String.valueOf(k)));
            for (String k : keys) {
                changes(path.isEmpty() ? k : path + "." + k, ma.get(k), mb.get(k), out);
            }
        } else if (!Objects.equals(a, b)) {
            out.put(path, Arrays.asList(a, b));
        }
    }
}
