package dev.mlcompose.runner.run;

import dev.mlcompose.runner.engine.ContainerState;
import dev.mlcompose.runner.run.ContainerWatch.Verdict;
import dev.mlcompose.schema.model.Service;
import java.time.Duration;
import java.util.function.Function;

/**
 * The states a dependant can wait for, as tests over a container's state. Unlike compose, an exit or an
 * unhealthy status is final only when the restart policy will not bring the container back (an unhealthy
 * one: when it has no restart policy); otherwise the wait goes on until its deadline.
 */
final class Conditions {

    /** Compose's healthcheck defaults (interval 30s, timeout 30s, retries 3, start period 0). */
    private static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(30);

    private Conditions() {
    }

    static Function<ContainerState, Verdict> running(Service service) {
        return state -> state.isRunning() ? new Verdict.Done(state)
                : exited(state) && !willRestart(service, state) ? failedExit(service, state) : Verdict.PENDING;
    }

    static Function<ContainerState, Verdict> healthy(Service service) {
        return state -> {
            if (state.isRunning() && state.health().filter("healthy"::equals).isPresent()) {
                return new Verdict.Done(state);
            }
            if (state.isRunning() && state.health().isEmpty()) {
                return new Verdict.Failed("has no healthcheck, so nothing can wait for it to be healthy");
            }
            if (state.isRunning() && state.health().filter("unhealthy"::equals).isPresent()
                    && service.restart().orElse("no").equals("no")) {
                return new Verdict.Failed("is unhealthy" + probes(state)); // nothing will restart it: final
            }
            return exited(state) && !willRestart(service, state) ? failedExit(service, state) : Verdict.PENDING;
        };
    }

    static Function<ContainerState, Verdict> completedSuccessfully(Service service) {
        return state -> {
            if (!exited(state) || willRestart(service, state)) {
                return Verdict.PENDING;
            }
            return state.exitCode() == 0 ? new Verdict.Done(state) : failedExit(service, state);
        };
    }

    /** Done once the container no longer runs (whatever its exit). */
    static Function<ContainerState, Verdict> ended() {
        return state -> state.isRunning() ? Verdict.PENDING : new Verdict.Done(state);
    }

    /** As {@link #ended()}, for a container just started: "created" is not yet ended, the start is still on its way. */
    static Function<ContainerState, Verdict> endedAfterStart() {
        return state -> state.isRunning() || state.status().equals("created") ? Verdict.PENDING : new Verdict.Done(state);
    }

    /** What a timed-out wait reports: the state and the last health probe outputs. */
    static String describe(ContainerState state) {
        String health = state.health().map(h -> ", health " + h).orElse("");
        return "still " + state.status() + health + probes(state);
    }

    private static String probes(ContainerState state) {
        return state.healthLog().isEmpty() ? ""
                : "; last health probes: " + String.join(" | ", state.healthLog().stream()
                        .map(l -> l.strip().replace('\n', ' ')).toList());
    }

    /**
     * The default deadline for waiting on a service's health: its healthcheck's start_period plus retries
     * times (interval + timeout), with a margin; 60 s when it has none.
     */
    static Duration healthDeadline(Service service) {
        return service.healthcheck().map(h -> {
            Duration interval = h.interval().orElse(DEFAULT_INTERVAL);
            Duration timeout = h.timeout().orElse(DEFAULT_INTERVAL);
            Duration start = h.startPeriod().orElse(Duration.ZERO);
            int retries = h.retries().orElse(3);
            return start.plus(interval.plus(timeout).multipliedBy(retries + 1)).plusSeconds(10);
        }).orElse(Duration.ofSeconds(60));
    }

    private static boolean exited(ContainerState state) {
        return state.status().equals("exited") || state.status().equals("dead");
    }

    private static Verdict failedExit(Service service, ContainerState state) {
        return new Verdict.Failed(exitCause(service, state));
    }

    /** Why a container stopped, as users need it: an out-of-memory kill is named, with the limit it hit. */
    static String exitCause(Service service, ContainerState state) {
        if (!state.oomKilled()) {
            return "exited with code " + state.exitCode();
        }
        return "was killed: out of memory" + service.options().limits().memory().limit().map(l -> ", limit " + l.human()).orElse("")
                + " (exit code " + state.exitCode() + ")";
    }

    /** Whether the engine will restart this exited container by itself. */
    static boolean willRestart(Service service, ContainerState state) {
        String restart = service.restart().orElse("no");
        return switch (restart.startsWith("on-failure") ? "on-failure" : restart) {
            case "always", "unless-stopped" -> true;
            case "on-failure" -> state.exitCode() != 0 && withinRetries(restart, state);
            default -> false;
        };
    }

    private static boolean withinRetries(String restart, ContainerState state) {
        int colon = restart.indexOf(':');
        return colon < 0 || state.restartCount() < Integer.parseInt(restart.substring(colon + 1));
    }
}
