package dev.mlcompose.runner.run;

import dev.mlcompose.runner.engine.ContainerState;
import dev.mlcompose.runner.engine.Engine;
import dev.mlcompose.runner.engine.EngineEvent;
import dev.mlcompose.runner.engine.ExecRequest;
import dev.mlcompose.runner.engine.ImageInfo;
import dev.mlcompose.runner.engine.LogLine;
import dev.mlcompose.runner.engine.LogOptions;
import dev.mlcompose.runner.engine.Processes;
import dev.mlcompose.runner.engine.Terminal;
import dev.mlcompose.runner.engine.VolumeInfo;
import dev.mlcompose.runner.plan.ObservedState;
import dev.mlcompose.runner.spec.Labels;
import java.io.Closeable;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * What is read from, or run inside, a project's containers without changing what runs: {@code ps}, {@code logs},
 * {@code exec}, {@code top}, {@code images}, {@code events}, {@code wait}, {@code ls}. The sessions with one running
 * container ({@code exec}, {@code attach}) are {@link ContainerSessions}'.
 */
public final class ProjectInspector {

    private final Engine engine;
    private final ContainerSessions sessions;

    public ProjectInspector(Engine engine) {
        this.engine = engine;
        this.sessions = new ContainerSessions(engine);
    }

    /** The project's containers (one-off ones too), stopped ones only when {@code all}. */
    public List<ContainerState> containers(String project, boolean all) {
        return new ProjectContainers(engine, project).list(all);
    }

    /**
     * Reads (or follows) the logs of the project's containers; {@code sink} gets (container name, line). Following
     * honours the tail, the time window and timestamps too, and ends at {@code until} when there is one.
     */
    public void logs(String project, Set<String> services, LogOptions options, BiConsumer<String, String> sink) {
        logs(project, services, 0, options, sink);
    }

    /** As {@link #logs(String, Set, LogOptions, BiConsumer)}, of container #index only (0: all). */
    public void logs(String project, Set<String> services, int index, LogOptions options,
                     BiConsumer<String, String> sink) {
        var selected = new ProjectContainers(engine, project).of(services, true).stream()
                .filter(c -> index == 0 || ObservedState.number(c) == index).toList();
        boolean untilPassed = options.until().filter(u -> u * 1000 <= System.currentTimeMillis()).isPresent();
        if (!options.follow() || untilPassed) {
            selected.forEach(c -> engine.readLogs(c.id(), options).forEach(l -> sink.accept(LogNames.of(c), l.text())));
            return;
        }
        var running = selected.stream().filter(ContainerState::isRunning).map(ContainerState::id).toList();
        selected.stream().filter(c -> !c.isRunning())
                .forEach(c -> engine.readLogs(c.id(), options).forEach(l -> sink.accept(LogNames.of(c), l.text())));
        new Attach(engine).follow(project, running, options, sink, false, Optional.empty());
    }

    /** Blocks until the services' containers have exited; returns the first exit code (compose's {@code wait}). */
    public int waitForExit(String project, Set<String> services) {
        var ids = new ProjectContainers(engine, project).of(services, true).stream().map(ContainerState::id).toList();
        try (var watch = new ContainerWatch(engine, project)) {
            var exits = ids.stream()
                    .map(id -> watch.await(id, Duration.ofDays(365), Conditions.ended(), s -> "still running")).toList();
            return exits.stream().map(Background::join).mapToInt(ContainerState::exitCode).findFirst().orElse(0);
        }
    }

    /**
     * Streams the project's container events to {@code sink} until the returned handle is closed: from {@code since}
     * (unix seconds) when given, and until {@code until}, when the engine ends the stream.
     */
    public Closeable events(String project, Optional<Long> since, Optional<Long> until, Consumer<EngineEvent> sink) {
        return engine.events(Map.of(Labels.PROJECT, project), since, until, sink);
    }

    /** Runs a command in the {@code index}-th running container of a service; returns its exit code. */
    public int exec(String project, String service, int index, ExecRequest request, Consumer<LogLine> sink) {
        return sessions.exec(project, service, index, request, sink);
    }

    /** As {@link #exec}, its stdin piped in to its end and its stdout and stderr out byte for byte ({@code exec -T}). */
    public int execPiped(String project, String service, int index, ExecRequest request, OutputStream stdout,
                         OutputStream stderr) {
        return sessions.execPiped(project, service, index, request, stdout, stderr);
    }

    /** As {@link #exec}, started and not waited for ({@code exec -d}). */
    public void execDetached(String project, String service, int index, ExecRequest request) {
        sessions.execDetached(project, service, index, request);
    }

    /**
     * Attaches to the {@code index}-th running container of a service ({@code attach}): its stdout and stderr come
     * out byte for byte, {@code stdin} (when present) goes in; returns its exit code once it has exited. stdin has
     * an attachment of its own: the engine ends an attachment whose stdin ends (the container's stdin stays open),
     * and {@code docker attach} loses the output that comes after the end of its input; this one keeps it.
     */
    public int attachPiped(String project, String service, int index, Optional<InputStream> stdin, OutputStream stdout,
                           OutputStream stderr) {
        return sessions.attachPiped(project, service, index, stdin, stdout, stderr);
    }

    /**
     * As {@link #attachPiped}, for a container that has a TTY: its output raw on {@code terminal}, sized to it. Empty
     * when the terminal detached (the engine's detach keys) and the container runs on.
     */
    public OptionalInt attachTerminal(String project, String service, int index, Optional<InputStream> stdin,
                                      Terminal terminal) {
        return sessions.attachTerminal(project, service, index, stdin, terminal);
    }

    /**
     * {@code mlcompose volumes}: the project's volumes by name; with {@code services}, those their containers
     * mount (as compose lists them).
     */
    public List<VolumeInfo> volumes(String project, Set<String> services) {
        var volumes = engine.volumes(Map.of(Labels.PROJECT, project)).stream()
                .sorted(Comparator.comparing(VolumeInfo::name));
        if (services.isEmpty()) {
            return volumes.toList();
        }
        Set<String> mounted = new HashSet<>();
        new ProjectContainers(engine, project).of(services, true)
                .forEach(c -> c.mounts().forEach(m -> mounted.add(m.name())));
        return volumes.filter(v -> mounted.contains(v.name())).toList();
    }

    /** Sends {@code signal} to the service's running container #{@code index} ({@code attach --sig-proxy}). */
    public void signal(String project, String service, int index, String signal) {
        sessions.signal(project, service, index, signal);
    }

    /** The processes of each running container of the services. */
    public Map<String, Processes> top(String project, Set<String> services) {
        var out = new LinkedHashMap<String, Processes>();
        new ProjectContainers(engine, project).of(services, false).forEach(c -> out.put(c.name(), engine.top(c.id())));
        return out;
    }

    /** A container and the image it runs. */
    public record ContainerImage(String container, String image, Optional<ImageInfo> info) {
    }

    /** The image of each of the project's containers. */
    public List<ContainerImage> images(String project, Set<String> services) {
        return new ProjectContainers(engine, project).of(services, true).stream()
                .map(c -> new ContainerImage(c.name(), c.image(), engine.image(c.image()))).toList();
    }

    /** The projects on the engine, by their containers' labels: name to its containers (running ones unless {@code all}). */
    public Map<String, List<ContainerState>> projects(boolean all) {
        var out = new TreeMap<String, List<ContainerState>>();
        for (ContainerState c : engine.containers(Map.of(), all)) {
            String project = c.label(Labels.PROJECT);
            if (!project.isEmpty()) {
                out.computeIfAbsent(project, k -> new ArrayList<>()).add(c);
            }
        }
        return out;
    }
}
