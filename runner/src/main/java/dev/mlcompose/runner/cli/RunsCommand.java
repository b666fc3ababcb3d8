package dev.mlcompose.runner.cli;

import dev.mlcompose.runner.cli.output.TabColumns;
import dev.mlcompose.runner.history.Durations;
import dev.mlcompose.runner.history.RunDiff;
import dev.mlcompose.runner.history.RunHistory;
import dev.mlcompose.runner.history.RunRecord;
import dev.mlcompose.runner.history.RunRecord.JobRecord;
import dev.mlcompose.runner.run.PendingJobs;
import dev.mlcompose.schema.yaml.ScalarNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code mlcompose runs}: the history of job runs that {@code train}, {@code up} and {@code run} recorded in the
 * state directory (list, show, diff, rm), as text or JSON. It reads files, and the engine only to settle the jobs that
 * detached runs left running (without one, they are listed as running).
 */
@Command(name = "runs", mixinStandardHelpOptions = true,
        description = {"List the recorded runs of the project's jobs (.mlcompose/runs beside the Compose file, or "
                + "--state-dir): each train, up or run that ran a job, with its jobs' parameters, attempts, metrics,"
                + " logs and outputs. They outlive down."},
        subcommands = {RunsCommand.Show.class, RunsCommand.Diff.class, RunsCommand.Rm.class},
        footerHeading = "%nExamples:%n",
        footer = {"  mlcompose runs                         the runs, oldest first",
            "  mlcompose runs show 20261207-0055      a run's jobs (an ID's unique beginning is enough)",
            "  mlcompose runs diff A B                what changed: parameters, config keys, inputs, metrics",
            "  mlcompose runs --format json | jq '.[-1].jobs[].metrics'",
            "  mlcompose runs rm A",
            "  mlcompose runs rm --keep 20           all but the 20 newest runs"})
final class RunsCommand implements Callable<Integer> {

    @ParentCommand
    MlCompose root;

    @Option(names = "--format", defaultValue = "table", paramLabel = "FORMAT", description = "table (default) or json.")
    LifecycleCommands.TableOrJson format;

    @Override
    public Integer call() {
        List<RunRecord> runs = history(root).list();
        PrintWriter out = root.invocation().out();
        if (format == LifecycleCommands.TableOrJson.json) {
            out.println(RunHistory.json(runs));
        } else {
            var table = new StringBuilder("RUN\tSTARTED\tDURATION\tJOBS\tRESULT\tCOMMAND");
            runs.forEach(r -> table.append('\n').append(r.id()).append('\t').append(r.startedAt(), 0, 19)
                    .append('\t').append(duration(r)).append('\t').append(r.jobs().size()).append('\t')
                    .append(result(r)).append('\t').append(r.command()));
            out.println(TabColumns.align(table.toString(), 4));
        }
        out.flush();
        return ExitCodes.OK;
    }

    /** The history of the project's state directory: --state-dir, MLCOMPOSE_STATE_DIR, or beside the Compose file. */
    static RunHistory history(MlCompose root) {
        var recording = root.recording();
        try (var session = root.session()) {
            RunHistory history = recording.history(recording.stateDir().isPresent() ? null : session.project());
            settle(session, history);
            return history;
        }
    }

    /**
     * The jobs that detached runs left running, read off their containers where the engine answers (see
     * {@link PendingJobs}); without an engine they are listed as running.
     */
    private static void settle(Session session, RunHistory history) {
        var runs = history.list();
        var projects = runs.stream().filter(RunRecord::running).map(RunRecord::project).distinct().toList();
        if (projects.isEmpty()) {
            return;
        }
        try {
            var pending = new PendingJobs(session.engine(), w -> { });
            projects.forEach(p -> pending.settle(history, runs, p));
        } catch (RuntimeException noEngine) {
            // the history is read as it is
        }
    }

    static String duration(RunRecord run) {
        if (run.endedAt() == null) {
            return "-";
        }
        return Durations.text(Duration.between(Instant.parse(run.startedAt()), Instant.parse(run.endedAt())));
    }

    static String result(RunRecord run) {
        return run.endedAt() == null && !run.running() ? "unfinished" : run.result();
    }

    /** {@code runs show ID}: a run's jobs, one line each. */
    @Command(name = "show", mixinStandardHelpOptions = true, description = "Show a run: its jobs, their attempts, metrics, logs and outputs.")
    static final class Show implements Callable<Integer> {
        @ParentCommand
        RunsCommand runs;

        @Parameters(paramLabel = "RUN", description = "The run's ID, or its unique beginning.")
        String id;

        @Option(names = "--format", defaultValue = "table", paramLabel = "FORMAT", description = "table (default) or json.")
        LifecycleCommands.TableOrJson format;

        @Option(names = "--html", paramLabel = "FILE",
                description = "Write the run as one self-contained HTML page: the DAG, a timeline, the sweeps, the logs.")
        Path html;

        @Override
        public Integer call() {
            var history = history(runs.root);
            RunRecord run = found(() -> history.find(id));
            PrintWriter out = runs.root.invocation().out();
            if (html != null) {
                Path page = runs.root.invocation().workingDirectory().resolve(html).toAbsolutePath();
                Path folder = history.folder(run.id());
                writePage(runs.root, html, dev.mlcompose.runner.history.RunPage.html(run, log ->
                        page.getParent().relativize(folder.resolve(log).normalize()).toString()));
                return ExitCodes.OK;
            }
            if (format == LifecycleCommands.TableOrJson.json) {
                out.println(RunHistory.json(run));
                out.flush();
                return ExitCodes.OK;
            }
            out.println("run " + run.id() + ": " + run.command() + " (project " + run.project() + "), started "
                    + run.startedAt() + ", " + duration(run) + ", " + result(run));
            var table = new StringBuilder("JOB\tRESULT\tATTEMPTS\tEXIT\tGPUS\tMETRICS");
            for (JobRecord job : run.jobs()) {
                var metrics = new ArrayList<String>();
                job.metrics().forEach((k, v) -> metrics.add(k + "=" + ScalarNode.text(v)));
                table.append('\n').append(job.name()).append('\t')
                        .append(job.result()).append(job.reusedFrom() == null ? "" : " (" + job.reusedFrom() + ")")
                        .append(job.oneOff() ? " (run)" : "").append('\t')
                        .append(job.skipped() ? "-" : String.valueOf(job.attempts().size())).append('\t')
                        .append(job.state() == RunRecord.JobState.ENDED ? String.valueOf(job.exitCode()) : "-")
                        .append('\t').append(job.gpus() == null || job.gpus().isEmpty() ? "none" : job.gpus()).append('\t').append(metrics.isEmpty() ? "-" : String.join(" ", metrics));
            }
            out.println(TabColumns.align(table.toString(), 4));
            var folder = history.folder(run.id());
            run.jobs().stream().filter(j -> j.log() != null).forEach(j -> out.println("log of " + j.name() + ": "
                    + folder.resolve(j.log()).normalize()));
            run.jobs().stream().filter(j -> j.outputs() != null).forEach(j -> out.println("outputs of " + j.name()
                    + ": " + folder.resolve(j.outputs())));
            out.flush();
            return ExitCodes.OK;
        }
    }

    /** {@code runs diff A B}: what changed from one run to the other. */
    @Command(name = "diff", mixinStandardHelpOptions = true,
            description = "What changed between two runs, job by job: parameters, config keys, image, inputs, metrics.")
    static final class Diff implements Callable<Integer> {
        @ParentCommand
        RunsCommand runs;

        @Parameters(index = "0", paramLabel = "A")
        String a;

        @Parameters(index = "1", paramLabel = "B")
        String b;

        @Option(names = "--format", defaultValue = "table", paramLabel = "FORMAT", description = "table (default) or json.")
        LifecycleCommands.TableOrJson format;

        @Override
        public Integer call() {
            var history = history(runs.root);
            RunRecord first = found(() -> history.find(a));
            RunRecord second = found(() -> history.find(b));
            List<RunDiff.JobDiff> diffs = RunDiff.of(first, second);
            PrintWriter out = runs.root.invocation().out();
            if (format == LifecycleCommands.TableOrJson.json) {
                out.println(RunHistory.json(diffs));
                out.flush();
                return ExitCodes.OK;
            }
            out.println("--- " + first.id() + "\n+++ " + second.id());
            for (RunDiff.JobDiff d : diffs) {
                if (!d.only().isEmpty()) {
                    out.println(d.job() + ": only in " + (d.only().equals("A") ? first.id() : second.id()));
                    continue;
                }
                if (d.isEmpty()) {
                    out.println(d.job() + ": unchanged");
                    continue;
                }
                out.println(d.job() + ":");
                d.parameters().forEach((k, v) -> out.println("  parameter " + k + ": " + v.get(0) + " -> " + v.get(1)));
                d.config().forEach((k, v) -> out.println("  config " + k + ": " + v.get(0) + " -> " + v.get(1)));
                if (d.imageChanged()) {
                    out.println("  image changed");
                }
                if (d.inputsChanged()) {
                    out.println("  inputs changed");
                }
                d.metrics().forEach((k, v) -> out.println("  metric " + k + ": " + text(v.get(0)) + " -> " + text(v.get(1))));
                if (!d.succeeded().get(0).equals(d.succeeded().get(1))) {
                    out.println("  " + (d.succeeded().get(1) ? "failed -> succeeded" : "succeeded -> failed"));
                }
            }
            out.flush();
            return ExitCodes.OK;
        }

        private static String text(Double value) {
            return value == null ? "(none)" : ScalarNode.text(value);
        }
    }

    /** {@code runs rm ID…}: deletes runs, their logs and outputs. */
    @Command(name = "rm", mixinStandardHelpOptions = true, description = "Delete runs: their records, logs and outputs.")
    static final class Rm implements Callable<Integer> {
        @ParentCommand
        RunsCommand runs;

        @Parameters(paramLabel = "RUN", arity = "0..*", description = "The runs' IDs (or unique beginnings).")
        List<String> ids = new ArrayList<>();

        @Option(names = "--all", description = "Every run.")
        boolean all;

        @Option(names = "--keep", paramLabel = "N",
                description = "Every run but the N newest (and those whose jobs still run).")
        Integer keep;

        @Override
        public Integer call() {
            var history = history(runs.root);
            int ways = (ids.isEmpty() ? 0 : 1) + (all ? 1 : 0) + (keep == null ? 0 : 1);
            if (ways != 1) {
                throw new CliException(ExitCodes.USAGE, "name the runs to delete, or --all, or --keep N (one of them)");
            }
            if (keep != null && keep < 0) {
                throw new CliException(ExitCodes.USAGE, "--keep must be 0 or more, got " + keep);
            }
            List<RunRecord> listed = history.list(); // oldest first
            List<String> gone = all ? listed.stream().map(RunRecord::id).toList()
                    : keep != null ? listed.subList(0, Math.max(0, listed.size() - keep)).stream()
                            .filter(r -> !r.running()).map(RunRecord::id).toList()
                    : ids.stream().map(i -> found(() -> history.find(i)).id()).toList();
            gone.forEach(history::remove);
            gone.forEach(runs.root.invocation().out()::println);
            runs.root.invocation().out().flush();
            return ExitCodes.OK;
        }
    }

    /** Writes a page where the user asked, relative to the working directory, and says where. */
    static void writePage(MlCompose root, Path file, String html) {
        Path target = root.invocation().workingDirectory().resolve(file).toAbsolutePath();
        try {
            Files.writeString(target, html);
        } catch (IOException e) {
            throw new CliException(ExitCodes.FAILURE, "cannot write " + target + ": " + e.getMessage());
        }
        root.invocation().out().println("wrote " + target);
        root.invocation().out().flush();
    }

    /** A run looked up by ID; an unknown or ambiguous one is a usage error. */
    private static RunRecord found(Supplier<RunRecord> lookup) {
        try {
            return lookup.get();
        } catch (IllegalArgumentException e) {
            throw new CliException(ExitCodes.USAGE, e.getMessage());
        }
    }
}
