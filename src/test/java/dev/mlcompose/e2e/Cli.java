package dev.mlcompose.e2e;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs the built mlcompose jar as a separate process, as a user's shell would. */
final class Cli {

    static final Path ROOT = Path.of(System.getProperty("mlcompose.root", "../..")).toAbsolutePath().normalize();
    static final Path JAR = ROOT.resolve("runner/target/mlcompose.jar");

    /**
     * With {@code -Dmlcompose.e2e.server=true} every command goes through {@code ./mlcompose} and its resident
     * server ({@code MLCOMPOSE_SERVER=1}), so that the suite checks the server as it checks a JVM of its own.
     */
    static final boolean THROUGH_SERVER = Boolean.getBoolean("mlcompose.e2e.server");

    /** The outcome of one command. */
    record Result(int exitCode, String out, String err) {
    }

    private Cli() {
    }

    /** What every run inherits: PATH and where the engine is (as a user's shell would have them). */
    static Map<String, String> baseEnvironment() {
        var env = new java.util.HashMap<String, String>();
        for (String key : List.of("PATH", "DOCKER_HOST", "DOCKER_CONTEXT", "XDG_RUNTIME_DIR")) {
            if (System.getenv(key) != null) {
                env.put(key, System.getenv(key));
            }
        }
        if (THROUGH_SERVER) {
            env.put("MLCOMPOSE_SERVER", "1");
        }
        return env;
    }

    /**
     * The command line of mlcompose with {@code args}: the jar in a JVM of its own, or, where the environment asks
     * for the resident server, the launcher, which alone knows how to reach it.
     */
    static List<String> command(Map<String, String> env, String... args) {
        List<String> command = new ArrayList<>(THROUGH_SERVER || env.containsKey("MLCOMPOSE_SERVER")
                ? List.of(ROOT.resolve("mlcompose").toString()) : List.of("java", "-jar", JAR.toString()));
        command.addAll(List.of(args));
        return command;
    }

    /** Starts mlcompose in the background, its output going to {@code log}. */
    static Process start(Path dir, Map<String, String> env, Path log, String... args) throws IOException {
        var builder = new ProcessBuilder(command(env, args)).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile());
        builder.environment().clear();
        builder.environment().putAll(baseEnvironment());
        builder.environment().putAll(env);
        return builder.start();
    }

    /** The outcome of a command whose stdout went to a file. */
    record Piped(int exitCode, String err) {
    }

    /**
     * Runs {@code command} (mlcompose's or another tool's) as a shell's {@code < input > output} would: stdin read
     * from {@code input} to its end, stdout written to {@code output} byte for byte.
     */
    static Piped piped(Path dir, List<String> command, Path input, Path output) throws IOException, InterruptedException {
        var builder = new ProcessBuilder(command).directory(dir.toFile());
        builder.environment().clear();
        builder.environment().putAll(baseEnvironment());
        builder.environment().put("HOME", System.getProperty("user.home"));
        Path err = Files.createTempFile("mlcompose-err", ".txt");
        Process process = builder.redirectInput(input.toFile()).redirectOutput(output.toFile())
                .redirectError(err.toFile()).start();
        if (!process.waitFor(120, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException(String.join(" ", command) + " did not finish in 120 s");
        }
        var result = new Piped(process.exitValue(), Files.readString(err, StandardCharsets.UTF_8));
        Files.delete(err);
        return result;
    }

    static Result run(Path dir, Map<String, String> env, String... args) throws IOException, InterruptedException {
        if (!Files.isRegularFile(JAR)) {
            throw new IllegalStateException("build the jar first: " + JAR + " is missing");
        }
        var builder = new ProcessBuilder(command(env, args)).directory(dir.toFile());
        builder.environment().clear();
        builder.environment().putAll(baseEnvironment());
        builder.environment().putAll(env);
        Path out = Files.createTempFile("mlcompose-out", ".txt");
        Path err = Files.createTempFile("mlcompose-err", ".txt");
        Process process = builder.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        process.getOutputStream().close();
        if (!process.waitFor(180, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException("mlcompose " + String.join(" ", args) + " did not finish in 180 s");
        }
        var result = new Result(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8));
        Files.delete(out);
        Files.delete(err);
        return result;
    }
}
