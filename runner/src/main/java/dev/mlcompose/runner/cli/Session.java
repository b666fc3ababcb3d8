package dev.mlcompose.runner.cli;

import dev.mlcompose.runner.cli.output.LogPrinter;
import dev.mlcompose.runner.cli.output.ProgressPrinter;
import dev.mlcompose.runner.engine.Engine;
import dev.mlcompose.runner.run.ProjectInspector;
import dev.mlcompose.runner.run.ProjectLifecycle;
import dev.mlcompose.runner.run.ProjectRunner;
import dev.mlcompose.schema.InvalidProjectException;
import dev.mlcompose.schema.model.Project;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

/**
 * What a command works with, each made once and only when first asked for: the loaded project, the
 * engine connection (lazy: {@code config} never connects), the runner and the renderers.
 */
final class Session implements AutoCloseable {

    private final MlCompose root;
    /** The Compose files: the global {@code -f} ones, then a command's own ({@code train -f}). */
    private final List<String> files;
    private final Supplier<Engine> engines;
    private Project project;
    private Engine engine;

    Session(MlCompose root, List<String> files, Supplier<Engine> engines) {
        this.root = root;
        this.files = List.copyOf(files);
        this.engines = engines;
    }

    Project project() {
        if (project == null) {
            var err = root.invocation().err();
            project = ErrorReporter.load(root.options().request(root.invocation(), files, true,
                    w -> err.println(root.style().warning("WARN ") + w)));
        }
        return project;
    }

    /**
     * The project name: {@code -p} when given (the files need not even load: {@code down -p X} works
     * anywhere), else from the files.
     */
    String projectName() {
        String given = root.options().projectName;
        if (given != null && given.matches("[a-z0-9][a-z0-9_-]*")) {
            return given;
        }
        return projectIfReadable().map(Project::name).orElse(root.options().projectName);
    }

    /**
     * The loaded project, or empty where {@link #projectName} does without one: {@code -p} given, no {@code -f},
     * and no Compose file that loads.
     */
    Optional<Project> projectIfReadable() {
        try {
            return Optional.of(project());
        } catch (InvalidProjectException e) {
            if (root.options().projectName != null && files.isEmpty()) {
                return Optional.empty();
            }
            throw e;
        }
    }

    synchronized Engine engine() {
        if (engine == null) {
            engine = engines.get();
        }
        return engine;
    }

    ProjectRunner runner() {
        return runner(UnaryOperator.identity());
    }

    /** The runner, its progress through {@code shown} ({@code watch --quiet}: no builds; {@code run -q}: none). */
    ProjectRunner runner(UnaryOperator<dev.mlcompose.runner.run.ProgressListener> shown) {
        return new ProjectRunner(engine(), shown.apply(progress()), warnings(), root.recording());
    }

    ProjectLifecycle lifecycle() {
        return new ProjectLifecycle(engine(), progress(), warnings(), this::history);
    }

    /**
     * The run history: in the state directory when one is set, else beside the Compose file; empty when neither is
     * known ({@code down -p NAME} away from the file).
     */
    Optional<dev.mlcompose.runner.history.RunHistory> history() {
        var recording = root.recording();
        if (recording.stateDir().isPresent()) {
            return Optional.of(recording.history(null));
        }
        try {
            return projectIfReadable().map(recording::history);
        } catch (InvalidProjectException unreadable) {
            return Optional.empty(); // a file that does not load is said by the command itself, if it needs it
        }
    }

    ProjectInspector inspector() {
        return new ProjectInspector(engine());
    }

    private Consumer<String> warnings() {
        var err = root.invocation().err();
        return w -> err.println(root.style().warning("WARN ") + w);
    }

    /**
     * tty: the live view (the default on a color terminal); plain, json, quiet: see {@link ProgressPrinter}. On
     * stderr, as compose, or on stdout with {@code COMPOSE_STATUS_STDOUT} set (compose's switch for CI logs).
     */
    dev.mlcompose.runner.run.ProgressListener progress() {
        var env = root.invocation().environment();
        String mode = root.options().progress(env);
        var to = truthy(env.get("COMPOSE_STATUS_STDOUT")) ? root.invocation().out() : root.invocation().err();
        boolean tty = mode.equals("tty") || (mode.equals("auto") && root.style().color());
        return tty ? new dev.mlcompose.runner.cli.output.TtyProgress(to)
                : new ProgressPrinter(to, mode, root.style().color());
    }

    /** As compose reads its boolean variables (Go's strconv.ParseBool). */
    static boolean truthy(String value) {
        return value != null && java.util.Set.of("1", "t", "T", "TRUE", "true", "True").contains(value);
    }

    LogPrinter logs(boolean prefix, boolean color, int width) {
        return new LogPrinter(root.invocation().out(), color && root.style().color(), prefix, width);
    }

    /** Logs on standard error: where standard output is for a machine ({@code train --format json}). */
    LogPrinter logsToStderr(boolean prefix, boolean color, int width) {
        return new LogPrinter(root.invocation().err(), color && root.style().color(), prefix, width);
    }

    @Override
    public synchronized void close() {
        if (engine != null) {
            engine.close();
        }
    }
}
