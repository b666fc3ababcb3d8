package dev.mlcompose.runner.run;

import dev.mlcompose.runner.engine.ContainerState;
import dev.mlcompose.runner.engine.Engine;
import dev.mlcompose.runner.engine.LogOptions;
import dev.mlcompose.runner.run.ContainerWatch.Verdict;
import dev.mlcompose.runner.run.ProgressEvent.Status;
import dev.mlcompose.runner.spec.ServiceFailure;
import dev.mlcompose.schema.model.Project;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.function.Consumer;

/**
 * The settle of {@code up --wait} ({@link Readiness}): the running containers without a healthcheck, polled together
 * until each has stayed up for the settle time, so that the wait costs that time once. A failure names its cause and
 * the container's last lines; one of a service that only optional dependencies need is a warning.
 */
final class SettleWait {

    /**
     * The default settle time; {@code MLCOMPOSE_WAIT_SETTLE} (seconds, 0 for none) in the project's environment
     * (the caller's, or its {@code .env} file) overrides it.
     */
    static final Duration SETTLE = Duration.ofSeconds(1);
    /** How many of a failed container's last log lines are read for its message (OutputTail keeps 10). */
    private static final int LOG_LINES = 100;

    private final Engine engine;
    private final ProgressListener progress;
    private final Consumer<String> warnings;

    SettleWait(Engine engine, ProgressListener progress, Consumer<String> warnings) {
        this.engine = engine;
        this.progress = progress;
        this.warnings = warnings;
    }

    /**
     * Polls until each container has run for the settle time since its last start; an exit that no restart
     * follows fails at once, with its cause (an out-of-memory kill named), a restart loop at the deadline.
     */
    void await(Project project, List<Settling> settling) {
        Duration settle = settleTime(project);
        var pending = new ArrayList<>(settling);
        while (!pending.isEmpty()) {
            Instant now = Instant.now();
            for (var it = pending.iterator(); it.hasNext(); ) {
                Settling s = it.next();
                Verdict verdict = s.verdict(oomSettled(s, engine.inspect(s.id())), now, settle);
                if (verdict instanceof Verdict.Done done) {
                    progress.on(ProgressEvent.container(done.state().name(), Status.READY));
                    it.remove();
                } else if (verdict instanceof Verdict.Failed failed) {
                    var tail = new OutputTail();
                    engine.readLogs(s.id(), LogOptions.last(LOG_LINES)).forEach(tail);
                    String failure = tail.after(failed.message());
                    if (!Readiness.onlyOptional(project, s.name())) {
                        throw new ServiceFailure(s.name(), failure);
                    }
                    warnings.accept("service " + failure + " (only an optional dependency: up goes on)");
                    it.remove();
                }
            }
            if (!pending.isEmpty()) {
                pause(Duration.ofMillis(100));
            }
        }
    }

    /**
     * An exit by SIGKILL under a memory limit may be the kernel's OOM killer, which Engine 20.10 can record a moment
     * after the exit (the two reach it as separate events): such a state is read again, briefly, before it is taken
     * as a plain exit with code 137.
     */
    private ContainerState oomSettled(Settling s, ContainerState st) {
        boolean limited = s.service().options().limits().memory().limit().isPresent();
        for (int i = 0; i < 5 && limited && !st.isRunning() && st.exitCode() == 137 && !st.oomKilled(); i++) {
            pause(Duration.ofMillis(200));
            st = engine.inspect(s.id());
        }
        return st;
    }

    private Duration settleTime(Project project) {
        String value = project.environment().get("MLCOMPOSE_WAIT_SETTLE");
        if (value == null || value.isBlank()) {
            return SETTLE;
        }
        try {
            double seconds = Double.parseDouble(value.strip());
            if (seconds >= 0 && seconds <= 3600) {
                return Duration.ofMillis(Math.round(seconds * 1000));
            }
        } catch (NumberFormatException e) {
            // said below
        }
        warnings.accept("MLCOMPOSE_WAIT_SETTLE=" + value + " is not a number of seconds from 0 to 3600; using "
                + SETTLE.toSeconds() + "s");
        return SETTLE;
    }

    private static void pause(Duration time) {
        try {
            Thread.sleep(time.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CancellationException("canceled");
        }
    }
}
