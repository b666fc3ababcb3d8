package dev.mlcompose.runner.api;

import dev.mlcompose.runner.engine.Engine;
import dev.mlcompose.runner.engine.docker.DockerEngine;
import dev.mlcompose.runner.run.ProgressListener;
import dev.mlcompose.runner.run.ProjectRunner;
import dev.mlcompose.runner.run.UpRequest;
import dev.mlcompose.schema.load.ComposeLoader;
import dev.mlcompose.schema.load.LoadRequest;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * A project to bring up: immutable; each {@code with…} returns a new one. By default the project gets a
 * unique name, so parallel jobs on one engine never collide, and {@code up} waits like {@code up --wait}
 * with a 5-minute deadline.
 */
public final class ComposeProject {

    private final List<Path> files;
    private final String name;
    private final Map<String, String> environment;
    private final List<String> profiles;
    private final UpRequest up;
    private final Supplier<Engine> engines;

    private ComposeProject(List<Path> files, String name, Map<String, String> environment, List<String> profiles,
                           UpRequest up, Supplier<Engine> engines) {
        this.files = List.copyOf(files);
        this.name = name;
        this.environment = Map.copyOf(environment);
        this.profiles = List.copyOf(profiles);
        this.up = up;
        this.engines = engines;
    }

    static ComposeProject of(Path file, Path... more) {
        var files = new ArrayList<Path>();
        files.add(file.toAbsolutePath());
        for (Path p : more) {
            files.add(p.toAbsolutePath());
        }
        var up = UpRequest.defaults().withWaitReady(true).withWaitTimeout(Duration.ofMinutes(5));
        return new ComposeProject(files, "mlc-" + UUID.randomUUID().toString().substring(0, 8), System.getenv(),
                List.of(), up, DockerEngine::fromEnvironment);
    }

    public ComposeProject withProjectName(String projectName) {
        return new ComposeProject(files, projectName, environment, profiles, up, engines);
    }

    /** Variables for interpolation, on top of the process environment. */
    public ComposeProject withEnv(Map<String, String> variables) {
        var env = new HashMap<>(environment);
        env.putAll(variables);
        return new ComposeProject(files, name, env, profiles, up, engines);
    }

    public ComposeProject withEnv(String key, String value) {
        return withEnv(Map.of(key, value));
    }

    public ComposeProject withProfiles(String... active) {
        return new ComposeProject(files, name, environment, List.of(active), up, engines);
    }

    /** Any {@code up} option: services, build and recreate policies, scale, wait deadline… */
    public ComposeProject withUpRequest(UpRequest request) {
        return new ComposeProject(files, name, environment, profiles, request, engines);
    }

    public ComposeProject withWaitTimeout(Duration timeout) {
        return new ComposeProject(files, name, environment, profiles, up.withWaitTimeout(timeout), engines);
    }

    /** Another engine (e.g. Testcontainers' discovery, or a fake in unit tests). */
    public ComposeProject withEngine(Supplier<Engine> engine) {
        return new ComposeProject(files, name, environment, profiles, up, engine);
    }

    public String name() {
        return name;
    }

    /** Loads, starts and waits; on failure everything started is removed again before the exception. */
    public ComposeEnvironment up() {
        var request = new LoadRequest(files.stream().map(Path::toString).toList(), Optional.empty(), Optional.of(name),
                Optional.empty(), profiles, List.of(), environment, files.get(0).getParent(), true, w -> { });
        var project = ComposeLoader.load(request);
        Engine engine = engines.get();
        var runner = new ProjectRunner(engine, ProgressListener.QUIET, w -> { });
        Reaper.sweep(engine);
        var env = new ComposeEnvironment(project, engine);
        try {
            runner.up(project, up.withLabels(Reaper.labels()));
            return env;
        } catch (RuntimeException e) {
            env.close();
            throw e;
        }
    }

    Set<String> services() {
        return up.services();
    }
}
