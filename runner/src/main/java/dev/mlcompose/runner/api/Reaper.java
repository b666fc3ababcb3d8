package dev.mlcompose.runner.api;

import dev.mlcompose.runner.engine.ContainerState;
import dev.mlcompose.runner.engine.Engine;
import dev.mlcompose.runner.spec.Labels;
import dev.mlcompose.runner.run.ProgressListener;
import dev.mlcompose.runner.run.ProjectLifecycle;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Nothing leaks, even when a test JVM dies: every container the Java API starts carries its owner
 * (this JVM's pid and start time); each {@code up} first removes the projects whose owner is no longer
 * alive on this machine. Chosen over a watchdog container (Testcontainers' Ryuk) because no image can be
 * pulled here and a sweep needs no extra process.
 */
final class Reaper {

    static final String OWNER = "dev.mlcompose.owner";

    private Reaper() {
    }

    /** The labels that mark a container as owned by this JVM. */
    static Map<String, String> labels() {
        return Map.of(OWNER, owner(ProcessHandle.current()));
    }

    /** Removes every project whose owning JVM has died; returns their names. */
    static Set<String> sweep(Engine engine) {
        var orphaned = engine.containers(Map.of(), true).stream()
                .filter(c -> !c.label(OWNER).isEmpty() && !alive(c.label(OWNER)))
                .map(c -> c.label(Labels.PROJECT)).filter(p -> !p.isEmpty()).collect(Collectors.toSet());
        var lifecycle = new ProjectLifecycle(engine, ProgressListener.QUIET, w -> { });
        orphaned.forEach(project -> lifecycle.down(project, true, Duration.ofSeconds(2)));
        return orphaned;
    }

    private static String owner(ProcessHandle process) {
        return process.pid() + "@" + process.info().startInstant().map(i -> String.valueOf(i.toEpochMilli())).orElse("");
    }

    private static boolean alive(String owner) {
        String[] parts = owner.split("@", 2);
        Optional<ProcessHandle> process = ProcessHandle.of(Long.parseLong(parts[0]));
        return process.filter(ProcessHandle::isAlive).map(Reaper::owner).filter(owner::equals).isPresent();
    }

    static boolean ownedByUs(ContainerState c) {
        return c.label(OWNER).equals(owner(ProcessHandle.current()));
    }
}
