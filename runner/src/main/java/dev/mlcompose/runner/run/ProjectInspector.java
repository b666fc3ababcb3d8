package dev.mlcompose.runner.run;

import dev.mlcompose.runner.engine.ContainerState;
import dev.mlcompose.runner.engine.Engine;
import dev.mlcompose.runner.engine.EngineEvent;
import dev.mlcompose.runner.engine.ExecRequest;
import dev.mlcompose.runner.engine.ImageInfo;
import dev.mlcompose.runner.engine.LogLine;
import dev.mlcompose.runner.engine.LogOptions;
import dev.mlcompose.runner.engine.LogStream;
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
 * {@code exec}, {@code top}, {@code images}, {@code events}, {@code wait}, {@code ls}.
 */
public final class ProjectInspector {

    private final Engine engine;

    public ProjectInspector(Engine engine) {
        this.engine = engine;
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
        return engine.exec(running(project, service, index).id(), request, sink);
    }

    /** As {@link #exec}, its stdin piped in to its end and its stdout and stderr out byte for byte ({@code exec -T}). */
    public int execPiped(String project, String service, int index, ExecRequest request, OutputStream stdout,
                         OutputStream stderr) {
        return engine.execPiped(running(project, service, index).id(), request, stdout, stderr);
    }

    /** As {@link #exec}, started and not waited for ({@code exec -d}). */
    public void execDetached(String project, String service, int index, ExecRequest request) {
        engine.execDetached(running(project, service, index).id(), request);
    }

    /**
     * Attaches to the {@code index}-th running container of a service ({@code attach}): its stdout and stderr come
     * out byte for byte, {@code stdin} (when present) goes in; returns its exit code once it has exited. stdin has
     * an attachment of its own: the engine ends an attachment whose stdin ends (the container's stdin stays open),
     * and {@code docker attach} loses the output that comes after the end of its input; this one keeps it.
     */
    public int attachPiped(String project, String service, int index, Optional<InputStream> stdin, OutputStream stdout,
                           OutputStream stderr) {
        String id = running(project, service, index).id();
        try (var watch = new ContainerWatch(engine, project)) {
            LogStream output = engine.attachPiped(id, Optional.empty(), stdout, stderr);
            LogStream input = stdin.map(in -> engine.attachPiped(id, Optional.of(in), OutputStream.nullOutputStream(),
                    OutputStream.nullOutputStream())).orElse(null);
            try {
                return untilExited(watch, id, output);
            } finally {
                EngineStreams.close(output);
                if (input != null) {
                    EngineStreams.close(input);
                }
            }
        }
    }

    /**
     * As {@link #attachPiped}, for a container that has a TTY: its output raw on {@code terminal}, sized to it. Empty
     * when the terminal detached (the engine's detach keys) and the container runs on.
     */
    public OptionalInt attachTerminal(String project, String service, int index, Optional<InputStream> stdin,
                                      Terminal terminal) {
        String id = running(project, service, index).id();
        try (var watch = new ContainerWatch(engine, project)) {
            LogStream tty = engine.attachTerminal(id, stdin, terminal);
            try {
                engine.resizeTerminal(id, terminal);
                terminal.resizes().follow((rows, columns) -> engine.resizeTerminal(id, terminal.resized(rows, columns)));
                return TerminalEnd.await(watch.await(id, Duration.ofDays(365), Conditions.ended(), s -> "still running"),
                        tty, OneOff.ALL_OUTPUT);
            } finally {
                EngineStreams.close(tty);
            }
        }
    }

    private static int untilExited(ContainerWatch watch, String id, LogStream output) {
        int code = watch.await(id, Duration.ofDays(365), Conditions.ended(), s -> "still running").join().exitCode();
        output.awaitEnd(OneOff.ALL_OUTPUT); // the engine ends the stream once the exited container's output is out
        return code;
    }

    /**
     * {@code mlcompose volumes}: the project's volumes by name; with {@code services}, those their containers
     * mount (as compose lists them).
     */
    public List<VolumeInfo> volumes(String project, Set<String> services) {
        var volumes = engine.volumes(Map.of(Labels.PROJECT, project)).stream()
                .sorted(java.util.Comparator.comparing(VolumeInfo::name));
        if (services.isEmpty()) {
            return volumes.toList();
        }
        Set<String> mounted = new java.util.HashSet<>();
        new ProjectContainers(engine, project).of(services, true)
                .forEach(c -> c.mounts().forEach(m -> mounted.add(m.name())));
        return volumes.filter(v -> mounted.contains(v.name())).toList();
    }

    /** Sends {@code signal} to the service's running container #{@code index} ({@code attach --sig-proxy}). */
    public void signal(String project, String service, int index, String signal) {
        engine.kill(running(project, service, index).id(), signal);
    }

    private ContainerState running(String project, String service, int index) {
        return containers(project, false).stream()
                .filter(c -> c.label(Labels.SERVICE).equals(service) && ObservedState.number(c) == index).findFirst()
                .orElseThrow(() -> new ServiceFailure(service, "service " + service + " has no running container #" + index));
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
