package dev.mlcompose.runner.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Map;

/** What one run of the CLI sees of the world, so that tests can run it in-process. */
public record Invocation(PrintWriter out, PrintWriter err, InputStream stdin, Map<String, String> environment,
                         Path workingDirectory) {

    /** The Compose file given as {@code -f -}: UTF-8 and within the size limit, else a located error. */
    String readStdin() {
        try {
            return dev.mlcompose.schema.yaml.SourceText.read("-", stdin);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
