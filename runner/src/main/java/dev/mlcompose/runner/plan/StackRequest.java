package dev.mlcompose.runner.plan;

import java.util.Optional;
import java.util.Set;

/**
 * What a command asks of a stack: {@code services} (empty: all) and their dependencies; {@code awaitAll}: waits
 * until they are up (jobs: completed); {@code rerun}: unchanged jobs to run again; {@code oneOff}: the service
 * of a one-off ({@code run}), whose dependencies alone are brought up and awaited; {@code removeOrphans}: the
 * stack's services that the file no longer has are removed first ({@code --remove-orphans}).
 */
public record StackRequest(Set<String> services, boolean awaitAll, Set<String> rerun, Optional<String> oneOff,
                           boolean removeOrphans) {

    public StackRequest {
        services = Set.copyOf(services);
        rerun = Set.copyOf(rerun);
    }

    /** {@code up}: the services named (none: all), waited for with {@code wait}. */
    public static StackRequest up(Set<String> services, boolean wait) {
        return new StackRequest(services, wait, Set.of(), Optional.empty(), false);
    }

    /** {@code train}: the jobs and their dependencies, waited for; with {@code rerun}, the jobs run again. */
    public static StackRequest train(Set<String> jobs, boolean rerun) {
        return new StackRequest(jobs, true, rerun ? jobs : Set.of(), Optional.empty(), false);
    }

    /** {@code run SERVICE}: its dependencies, each awaited for the one-off as its condition says. */
    public static StackRequest oneOffOf(String service) {
        return new StackRequest(Set.of(), false, Set.of(), Optional.of(service), false);
    }

    /** The same request, removing orphans first or not. */
    public StackRequest withRemoveOrphans(boolean remove) {
        return new StackRequest(services, awaitAll, rerun, oneOff, remove);
    }
}
