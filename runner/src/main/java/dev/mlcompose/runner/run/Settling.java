package dev.mlcompose.runner.run;

import dev.mlcompose.runner.engine.ContainerState;
import dev.mlcompose.runner.history.Durations;
import dev.mlcompose.runner.run.ContainerWatch.Verdict;
import dev.mlcompose.schema.model.Service;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * A running container without a healthcheck, to stay up for the settle time by its deadline. It decides from each
 * state read and makes no call, remembering what a later read no longer shows: the restarts it had at the first
 * read, and its last exit (a restarted container reads exit code 0 again while it runs).
 */
final class Settling {

    private final String name;
    private final Service service;
    private final String id;
    private final Instant deadline;
    private Integer firstRestarts;
    private String lastExit;

    Settling(String name, Service service, String id, Instant deadline) {
        this.name = name;
        this.service = service;
        this.id = id;
        this.deadline = deadline;
    }

    String name() {
        return name;
    }

    Service service() {
        return service;
    }

    String id() {
        return id;
    }

    /**
     * Done once it has run for {@code settle} since its last start; failed at once on an exit that no restart
     * follows, and at the deadline on a restart loop, with the run's message; else pending, to be read again.
     */
    Verdict verdict(ContainerState st, Instant now, Duration settle) {
        if (firstRestarts == null) {
            firstRestarts = st.restartCount();
        }
        if (!st.status().equals("running")) {
            lastExit = Conditions.exitCause(service, st);
        }
        boolean upLongEnough = st.status().equals("running")
                && st.startedAt().map(t -> !t.plus(settle).isAfter(now)).orElse(true);
        if (upLongEnough) {
            return new Verdict.Done(st);
        }
        if (!st.isRunning() && !Conditions.willRestart(service, st)) {
            return new Verdict.Failed(name + " " + Conditions.exitCause(service, st) + " right after it started");
        }
        if (now.isAfter(deadline)) {
            return new Verdict.Failed(name + " kept restarting: " + (st.restartCount() - firstRestarts)
                    + " restarts during the wait, never up for " + Durations.setting(settle)
                    + Optional.ofNullable(lastExit).map(exit -> ", last " + exit).orElse(""));
        }
        return Verdict.PENDING;
    }
}
