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

    /** The outcome of one command. */
    record Result(int exitCode, String out, String err) {
    }

    private Cli() {
    }

    static Result run(Path dir, Map<String, String> env, String... args) throws IOException, InterruptedException {
        if (!Files.isRegularFile(JAR)) {
            throw new IllegalStateException("build the jar first: " + JAR + " is missing");
        }
        List<String> command = new ArrayList<>(List.of("java", "-jar", JAR.toString()));
        command.addAll(List.of(args));
        var builder = new ProcessBuilder(command).directory(dir.toFile());
        builder.environment().clear();
        builder.environment().put("PATH", System.getenv("PATH"));
        builder.environment().putAll(env);
        Path out = Files.createTempFile("mlcompose-out", ".txt");
        Path err = Files.createTempFile("mlcompose-err", ".txt");
        Process process = builder.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        process.getOutputStream().close();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException("mlcompose " + String.join(" ", args) + " did not finish in 60 s");
        }
        var result = new Result(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8));
        Files.delete(out);
        Files.delete(err);
        return result;
    }
}
