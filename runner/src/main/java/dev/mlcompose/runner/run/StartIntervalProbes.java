package dev.mlcompose.runner.run;

import dev.mlcompose.runner.spec.Labels;
import dev.mlcompose.runner.engine.Engine;
import dev.mlcompose.runner.engine.EngineEvent;
import dev.mlcompose.runner.engine.ExecRequest;
import dev.mlcompose.schema.model.Project;
import dev.mlcompose.schema.model.Service;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * {@code healthcheck.start_interval} on an engine older than API 1.44, which does not know it: while a container
 * of such a service is in its {@code start_period}, mlcompose runs the healthcheck's test in it (exec) every
 * {@code start_interval}, and the first run that exits 0 counts as healthy for dependants and {@code --wait}
 * ({@code vouch}). The engine's own probes go on at {@code interval} as before. A test left to the image (none in
 * the file) cannot be run this way; such a service waits for the engine's probes.
 */
final class StartIntervalProbes implements Consumer<EngineEvent>, AutoCloseable {

    private final Engine engine;
    private final Project project;
    private final Set<String> services;
    private final Consumer<String> vouch;
    private final ScheduledExecutorService timer = Executors.newScheduledThreadPool(2,
            Background.daemon("mlcompose-start-interval"));

    StartIntervalProbes(Engine engine, Project project, Set<String> services, Consumer<String> vouch) {
        this.engine = engine;
        this.project = project;
        this.services = Set.copyOf(services);
        this.vouch = vouch;
    }

    /** The watch's events: a container of one of the services started, so its start period begins. */
    @Override
    public void accept(EngineEvent event) {
        String service = event.attributes().getOrDefault(Labels.SERVICE, "");
        if (!event.action().equals("start") || !services.contains(service)) {
            return;
        }
        Service.Healthcheck check = project.service(service).orElseThrow().healthcheck().orElseThrow();
        command(check.test()).ifPresent(command -> schedule(event.containerId(), command, check,
                System.nanoTime() + check.startPeriod().orElse(Duration.ZERO).toNanos()));
    }

    /** The test as a command: CMD's arguments, or CMD-SHELL's through the container's shell. */
    static Optional<List<String>> command(List<String> test) {
        if (test.size() < 2) {
            return Optional.empty();
        }
        return switch (test.get(0)) {
            case "CMD" -> Optional.of(test.subList(1, test.size()));
            case "CMD-SHELL" -> Optional.of(List.of("/bin/sh", "-c", String.join(" ", test.subList(1, test.size()))));
            default -> Optional.empty();
        };
    }

    private void schedule(String id, List<String> command, Service.Healthcheck check, long periodEnds) {
        long every = check.startInterval().orElseThrow().toNanos();
        if (timer.isShutdown() || System.nanoTime() + every > periodEnds) {
            return; // the start period is over: the engine's own probes decide from here
        }
        timer.schedule(() -> {
            if (passes(id, command)) {
                vouch.accept(id);
            } else {
                schedule(id, command, check, periodEnds);
            }
        }, every, TimeUnit.NANOSECONDS);
    }

    private boolean passes(String id, List<String> command) {
        try {
            return engine.exec(id, new ExecRequest(command, Map.of(), Optional.empty(), Optional.empty(),
                    Optional.empty()), line -> { }) == 0;
        } catch (RuntimeException e) {
            return false; // stopped, or not there yet: the next run, or the engine's probes, will tell
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
