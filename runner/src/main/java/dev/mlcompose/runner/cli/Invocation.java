package dev.mlcompose.runner.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;

/** What one run of the CLI sees of the world, so that tests can run it in-process. */
public record Invocation(PrintWriter out, PrintWriter err, InputStream stdin, Map<String, String> environment,
                         Path workingDirectory) {

    String readStdin() {
        try {
            return new String(stdin.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
