package dev.mlcompose.runner.cli;

import dev.mlcompose.runner.cli.output.TabColumns;
import dev.mlcompose.runner.run.JobReport;
import dev.mlcompose.schema.model.MlSettings.Objective;
import dev.mlcompose.schema.model.Project;
import dev.mlcompose.schema.yaml.ScalarNode;
import dev.mlcompose.runner.history.Durations;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What {@code train} prints when its jobs are done, and the exit code it ends with: a job in two lines, a sweep as
 * a table of its cells with their metrics, best first by the job's {@code x-mlcompose.objective}. Pure.
 */
final class TrainSummary {

    private final Project project;
    private final Map<String, List<JobReport>> byService = new LinkedHashMap<>();

    TrainSummary(Project project, List<JobReport> reports) {
        this.project = project;
        reports.forEach(r -> byService.computeIfAbsent(r.service(), s -> new ArrayList<>()).add(r));
    }

    /**
     * 0 when every job succeeded (a sweep with {@code sweep-success: any}: when one cell did), else the exit code of
     * the first that failed.
     */
    int exitCode() {
        for (var entry : byService.entrySet()) {
            List<JobReport> runs = entry.getValue();
            boolean anySuffices = sweep(entry.getKey()).filter(s -> s.anySuccess()).isPresent();
            if (anySuffices && runs.stream().anyMatch(JobReport::succeeded)) {
                continue;
            }
            Optional<JobReport> failed = runs.stream().filter(r -> !r.succeeded()).findFirst();
            if (failed.isPresent()) {
                return failed.get().exitCode() == 0 ? 1 : failed.get().exitCode();
            }
        }
        return 0;
    }

    /** The reports in order, a sweep's best cell first; what {@code --format json} lists. */
    List<Map<String, Object>> json() {
        var rows = new ArrayList<Map<String, Object>>();
        byService.forEach((service, runs) -> {
            List<JobReport> ranked = ranked(service, runs);
            Optional<JobReport> best = best(service, ranked);
            for (JobReport r : ranked) {
                var row = new LinkedHashMap<String, Object>();
                row.put("service", r.service());
                row.put("container", r.container());
                row.put("succeeded", r.succeeded());
                row.put("skipped", r.skipped());
                row.put("attempts", r.attempts());
                row.put("maxAttempts", r.maxAttempts());
                row.put("durationSeconds", r.duration().toMillis() / 1000.0);
                row.put("exitCode", r.exitCode());
                row.put("gpus", r.gpus());
                row.put("peakMemoryBytes", r.peakMemory().orElse(null));
                row.put("cause", r.cause());
                row.put("cell", cellValues(service, r.cell()).orElse(null));
                row.put("metrics", r.metrics());
                row.put("best", best.map(b -> b == r).orElse(false));
                rows.add(row);
            }
        });
        return rows;
    }

    /** The text summary; {@code style} colors the outcomes. */
    String text(Style style) {
        var out = new StringBuilder();
        byService.forEach((service, runs) -> {
            if (runs.stream().anyMatch(r -> !r.cell().isEmpty())) {
                sweepText(out, service, runs);
            } else {
                runs.forEach(r -> jobText(out, style, r));
            }
        });
        return out.toString();
    }

    private void jobText(StringBuilder out, Style style, JobReport r) {
        String outcome = r.skipped() ? style.success("skipped") + " (unchanged since a run that exited 0)"
                : r.succeeded() ? style.success("succeeded") : style.error("failed") + ": " + r.cause();
        out.append(r.service()).append(' ').append(outcome).append('\n');
        if (!r.skipped()) {
            out.append(String.format("  attempts %d/%d   duration %s   exit code %d   GPUs %s   peak memory %s%n",
                    r.attempts(), r.maxAttempts(), Durations.text(r.duration()), r.exitCode(),
                    r.gpus().isEmpty() ? "none" : r.gpus(), r.peakMemory().map(TrainSummary::mib).orElse("unknown")));
        }
        if (!r.metrics().isEmpty()) {
            var pairs = new ArrayList<String>();
            r.metrics().forEach((k, v) -> pairs.add(k + "=" + ScalarNode.text(v)));
            out.append("  metrics ").append(String.join(" ", pairs)).append('\n');
        }
    }

    private void sweepText(StringBuilder out, String service, List<JobReport> runs) {
        List<JobReport> ranked = ranked(service, runs);
        long succeeded = runs.stream().filter(JobReport::succeeded).count();
        out.append(service).append(": ").append(succeeded).append(" of ").append(runs.size()).append(" cells succeeded");
        objective(service).ifPresent(o -> best(service, ranked).ifPresent(b -> out.append("; best ").append(b.cell())
                .append(" (").append(o.metric()).append(' ').append(ScalarNode.text(b.metrics().get(o.metric())))
                .append(o.maximize() ? ", highest" : ", lowest").append(')')));
        out.append('\n');
        var names = new LinkedHashSet<String>();
        objective(service).ifPresent(o -> names.add(o.metric()));
        runs.forEach(r -> names.addAll(r.metrics().keySet()));
        var table = new StringBuilder("  CELL\tRESULT\tATTEMPTS\tDURATION\tEXIT\tGPUS");
        names.forEach(n -> table.append('\t').append(n));
        for (JobReport r : ranked) {
            table.append("\n  ").append(r.cell()).append('\t')
                    .append(r.skipped() ? "skipped" : r.succeeded() ? "succeeded" : "failed").append('\t')
                    .append(r.skipped() ? "-" : r.attempts() + "/" + r.maxAttempts()).append('\t')
                    .append(r.skipped() ? "-" : Durations.text(r.duration())).append('\t').append(r.exitCode()).append('\t')
                    .append(r.gpus().isEmpty() ? "none" : r.gpus());
            names.forEach(n -> table.append('\t').append(Optional.ofNullable(r.metrics().get(n)).map(ScalarNode::text)
                    .orElse("-")));
        }
        out.append(TabColumns.align(table.toString(), 4)).append('\n');
        runs.stream().filter(r -> !r.succeeded()).forEach(r -> out.append("  ").append(r.cell()).append(" failed: ")
                .append(r.cause()).append('\n'));
    }

    /** The cells, best first by the objective (succeeded ones, then those without the metric); else in order. */
    private List<JobReport> ranked(String service, List<JobReport> runs) {
        Optional<Objective> objective = objective(service);
        if (objective.isEmpty()) {
            return runs;
        }
        Comparator<JobReport> byMetric = Comparator.comparing(JobReport::metrics, objective.get().bestFirst());
        return runs.stream().sorted(Comparator.comparing((JobReport r) -> !r.succeeded()).thenComparing(byMetric))
                .toList();
    }

    /** The winning cell: the first ranked that succeeded and reported the objective's metric. */
    private Optional<JobReport> best(String service, List<JobReport> ranked) {
        return objective(service).flatMap(o -> ranked.stream().filter(r -> r.succeeded() && !r.cell().isEmpty()
                && r.metrics().containsKey(o.metric())).findFirst());
    }

    private Optional<Objective> objective(String service) {
        return project.service(service).flatMap(s -> s.ml().objective());
    }

    private Optional<dev.mlcompose.schema.model.Sweep> sweep(String service) {
        return project.service(service).flatMap(s -> s.ml().sweep());
    }

    /** A cell's values, by its label; empty for a job that sweeps nothing (or a cell the file no longer has). */
    private Optional<Map<String, String>> cellValues(String service, String cell) {
        return sweep(service).flatMap(s -> s.cell(cell)).map(dev.mlcompose.schema.model.Sweep.Cell::values);
    }

    private static String mib(long bytes) {
        return String.format("%.0f MiB", bytes / 1048576.0);
    }
}
