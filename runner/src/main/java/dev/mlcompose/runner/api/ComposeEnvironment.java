package dev.mlcompose.runner.api;

import dev.mlcompose.runner.engine.Engine;
import dev.mlcompose.runner.engine.ExecRequest;
import dev.mlcompose.runner.engine.LogOptions;
import dev.mlcompose.runner.engine.PortBinding;
import dev.mlcompose.runner.spec.Labels;
import dev.mlcompose.runner.run.ProgressListener;
import dev.mlcompose.runner.run.ProjectInspector;
import dev.mlcompose.runner.run.ProjectLifecycle;
import dev.mlcompose.schema.model.Project;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A running project, for tests: where its ports are, its logs, commands in its containers, and
 * {@link #close()} = {@code down -v}. Also a Testcontainers {@code Startable} through
 * {@link ComposeStartable}.
 */
public final class ComposeEnvironment implements AutoCloseable {

    /** The outcome of {@link #exec}: the exit code and the output, stdout and stderr in order. */
    public record ExecResult(int exitCode, String output) {
    }

    private final Project project;
    private final Engine engine;
    private final ProjectLifecycle lifecycle;
    private final ProjectInspector inspector;
    private final Thread onExit;
    private boolean closed;

    ComposeEnvironment(Project project, Engine engine) {
        this.project = project;
        this.engine = engine;
        this.lifecycle = new ProjectLifecycle(engine, ProgressListener.QUIET, w -> { });
        this.inspector = new ProjectInspector(engine);
        this.onExit = new Thread(this::down, "mlcompose-close-" + project.name());
        Runtime.getRuntime().addShutdownHook(onExit);
    }

    public Project project() {
        return project;
    }

    public String projectName() {
        return project.name();
    }

    /** {@code host:port} of a published container port, also when the engine picked the host port. */
    public String endpoint(String service, int containerPort) {
        PortBinding binding = inspector.containers(project.name(), false).stream()
                .filter(c -> c.label(Labels.SERVICE).equals(service)).flatMap(c -> c.ports().stream())
                .filter(p -> p.containerPort() == containerPort).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("service " + service + " publishes no port "
                        + containerPort + " (is it running, and is the port in its `ports:`?)"));
        String host = binding.hostIp().isEmpty() || binding.hostIp().equals("0.0.0.0") ? "127.0.0.1" : binding.hostIp();
        return host + ":" + binding.hostPort();
    }

    /** Everything the service's containers printed so far. */
    public String logs(String service) {
        var lines = new ArrayList<String>();
        inspector.logs(project.name(), Set.of(service), LogOptions.all(), (container, line) -> lines.add(line));
        return String.join("\n", lines);
    }

    /** The last {@code n} lines of each service, for failure reports. */
    public Map<String, List<String>> lastLines(int n) {
        var out = new LinkedHashMap<String, List<String>>();
        inspector.containers(project.name(), true).forEach(c -> out.put(c.name(),
                engine.readLogs(c.id(), LogOptions.last(n)).stream().map(l -> l.text()).toList()));
        return out;
    }

    public ExecResult exec(String service, String... command) {
        var output = new StringBuilder();
        int code = inspector.exec(project.name(), service, 1, new ExecRequest(List.of(command), Map.of(), Optional.empty(),
                Optional.empty(), Optional.empty()), line -> output.append(line.text()).append('\n'));
        return new ExecResult(code, output.toString());
    }

    /** Stops a service, e.g. to test how the others cope. */
    public void stop(String service) {
        lifecycle.stop(project.name(), Set.of(service), Duration.ofSeconds(10));
    }

    public void start(String service) {
        lifecycle.start(project.name(), Set.of(service));
    }

    /** {@code down -v}: containers, networks and volumes of this project are removed. */
    @Override
    public synchronized void close() {
        down();
        try {
            Runtime.getRuntime().removeShutdownHook(onExit);
        } catch (IllegalStateException shuttingDown) {
            // the hook is running this very close
        }
    }

    private synchronized void down() {
        if (!closed) {
            closed = true;
            lifecycle.down(project.name(), true, Duration.ofSeconds(5));
            engine.close();
        }
    }
}
