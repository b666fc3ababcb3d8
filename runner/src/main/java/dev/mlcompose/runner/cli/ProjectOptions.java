package dev.mlcompose.runner.cli;

import dev.mlcompose.schema.load.LoadRequest;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/** The global options of every command, parsed once on the top-level command (as docker compose does). */
public final class ProjectOptions {

    @Option(names = {"-f", "--file"}, paramLabel = "FILE",
            description = "Compose file(s), merged in order; '-' reads stdin. Default: compose.yaml etc. here or above.")
    List<String> files = new ArrayList<>();

    @Option(names = {"-p", "--project-name"}, paramLabel = "NAME", description = "Project name.")
    String projectName;

    @Option(names = "--profile", paramLabel = "PROFILE", description = "Activate a profile (repeatable).")
    List<String> profiles = new ArrayList<>();

    @Option(names = "--env-file", paramLabel = "PATH", description = "Environment file(s) used instead of .env.")
    List<Path> envFiles = new ArrayList<>();

    @Option(names = "--project-directory", paramLabel = "DIR",
            description = "Base directory of the project. Default: the first file's directory.")
    Path projectDirectory;

    @Option(names = "--ansi", paramLabel = "WHEN",
            description = "Control characters: never, always, auto (default; COMPOSE_ANSI).")
    String ansi;

    @Option(names = "--progress", paramLabel = "TYPE",
            description = "Progress output: auto (default; COMPOSE_PROGRESS), tty, plain, json, quiet.")
    String progress;

    /** {@code --ansi}, else {@code COMPOSE_ANSI}, else auto. */
    String ansi(Map<String, String> env) {
        return ansi != null ? ansi : env.getOrDefault("COMPOSE_ANSI", "auto");
    }

    /** {@code --progress}, else {@code COMPOSE_PROGRESS}, else auto. */
    String progress(Map<String, String> env) {
        return progress != null ? progress : env.getOrDefault("COMPOSE_PROGRESS", "auto");
    }

    @Option(names = "--state-dir", paramLabel = "DIR",
            description = "Where job runs are recorded (MLCOMPOSE_STATE_DIR). Default: .mlcompose beside the Compose file.")
    Path stateDir;

    /** {@code --state-dir}, else {@code MLCOMPOSE_STATE_DIR}, relative to the working directory; else empty. */
    Optional<Path> stateDir(Invocation invocation) {
        return Optional.ofNullable(stateDir).map(Path::toString).or(() -> Optional.ofNullable(
                invocation.environment().get("MLCOMPOSE_STATE_DIR")).filter(v -> !v.isEmpty()))
                .map(d -> invocation.workingDirectory().resolve(d));
    }

    @Option(names = "--backend", paramLabel = "BACKEND", scope = ScopeType.INHERIT,
            description = "Where the project runs: engine (default; one Docker Engine) or swarm (a Swarm manager,"
                    + " found as the engine is). Also after the command; MLCOMPOSE_BACKEND.")
    Backend backend;

    /** Where a project runs. */
    enum Backend { engine, swarm }

    /** {@code --backend}, else {@code MLCOMPOSE_BACKEND}, else one engine. */
    Backend backend(Invocation invocation) {
        if (backend != null) {
            return backend;
        }
        String value = invocation.environment().getOrDefault("MLCOMPOSE_BACKEND", "");
        try {
            return value.isEmpty() ? Backend.engine : Backend.valueOf(value);
        } catch (IllegalArgumentException e) {
            throw new CliException(ExitCodes.USAGE, "MLCOMPOSE_BACKEND=" + value + ": the backends are engine and swarm");
        }
    }

    @Option(names = "--debug", description = "Show stack traces and debug output.")
    boolean debug;

    @Option(names = "--parallel", paramLabel = "N",
            description = "Containers started at once, as COMPOSE_PARALLEL_LIMIT (-1: no limit); up --parallel wins.")
    Integer parallel;

    @Option(names = "--compatibility", description = "Not available: compose v1's names with underscores.")
    boolean compatibility;

    @Option(names = "--dry-run", description = "Print what up, create, down or stop would do, and change nothing;"
            + " commands that only read run as usual, the others are refused.")
    boolean dryRun;

    /** Builds the loader request; {@code interpolate} is false only for {@code config --no-interpolate}. */
    LoadRequest request(Invocation invocation, boolean interpolate, Consumer<String> warnings) {
        return request(invocation, files, interpolate, warnings);
    }

    /** The same, for {@code files} (the global ones and a command's own, {@code train -f}). */
    LoadRequest request(Invocation invocation, List<String> files, boolean interpolate, Consumer<String> warnings) {
        Map<String, String> env = invocation.environment();
        Optional<String> stdin = files.contains("-") ? Optional.of(invocation.readStdin()) : Optional.empty();
        return new LoadRequest(files, stdin, Optional.ofNullable(projectName), Optional.ofNullable(projectDirectory),
                profiles, envFiles, env, invocation.workingDirectory(), interpolate, warnings);
    }
}
