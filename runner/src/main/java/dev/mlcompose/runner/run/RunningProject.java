package dev.mlcompose.runner.run;

import dev.mlcompose.runner.engine.Engine;
import dev.mlcompose.runner.engine.LogOptions;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiConsumer;

/**
 * A project brought up for an attached {@code up}: it stays watched until closed, so that jobs are retried
 * and stopped at their deadlines while their output is followed.
 */
public final class RunningProject implements AutoCloseable {

    private final Engine engine;
    private final String project;
    private final ProjectRun run;

    RunningProject(Engine engine, String project, ProjectRun run) {
        this.engine = engine;
        this.project = project;
        this.run = run;
    }

    /** Service name to its containers' ids. */
    public Map<String, List<String>> containers() {
        return new LinkedHashMap<>(run.containers());
    }

    /**
     * Follows the given containers' output (see {@link Attach}); a job's container counts as ended when its job
     * run does, retries included. Returns the exit code to end with.
     */
    public int follow(Map<String, List<String>> containers, BiConsumer<String, String> sink, boolean abortOnExit,
                      Optional<String> exitCodeFrom) {
        return follow(containers, sink, abortOnExit, exitCodeFrom, false);
    }

    /** As {@link #follow(Map, BiConsumer, boolean, Optional)}; each line after the engine's timestamp when {@code timestamps}. */
    public int follow(Map<String, List<String>> containers, BiConsumer<String, String> sink, boolean abortOnExit,
                      Optional<String> exitCodeFrom, boolean timestamps) {
        return follow(containers, sink, abortOnExit, false, exitCodeFrom, timestamps);
    }

    /**
     * As above; with {@code abortOnFailure} ({@code --abort-on-container-failure}) following ends when a container
     * exits with a code other than 0, and that code is the one to end with (unless {@code exitCodeFrom} names one).
     */
    public int follow(Map<String, List<String>> containers, BiConsumer<String, String> sink, boolean abortOnExit,
                      boolean abortOnFailure, Optional<String> exitCodeFrom, boolean timestamps) {
        var ids = containers.values().stream().flatMap(List::stream).toList();
        var jobs = new LinkedHashMap<String, JobRun>();
        ids.forEach(id -> run.job(id).ifPresent(job -> jobs.put(id, job)));
        var options = new LogOptions(true, Optional.empty(), Optional.empty(), Optional.empty(), timestamps);
        return new Attach(engine).follow(project, ids, options, sink, abortOnExit, abortOnFailure, exitCodeFrom, jobs);
    }

    /**
     * {@code mlcompose train}: waits for the jobs of {@code services} to complete, retries included, following
     * their output into {@code sink} (again after each retry); reports each job.
     */
    public List<JobReport> train(Collection<String> services, BiConsumer<String, String> sink) {
        return new Training(engine).run(run, services, sink);
    }

    /** The user interrupted: jobs that end from now on (stopped, killed) are not retried. */
    public void cancel() {
        run.cancel();
    }

    @Override
    public void close() {
        run.close();
    }
}
