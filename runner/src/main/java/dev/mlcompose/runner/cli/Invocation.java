package dev.mlcompose.runner.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Map;

/**
 * What one run of the CLI sees of the world, so that tests can run it in-process. {@code stdoutBytes} and
 * {@code stderrBytes} are the same outputs as {@code out} and {@code err} for bytes passed on unchanged (a
 * container's piped output); whoever writes to one flushes it before the other is used.
 */
public record Invocation(PrintWriter out, PrintWriter err, InputStream stdin, Map<String, String> environment,
                         Path workingDirectory, OutputStream stdoutBytes, OutputStream stderrBytes) {

    /** Bytes go to the writers, decoded as UTF-8: for in-process runs, whose outputs are text. */
    public Invocation(PrintWriter out, PrintWriter err, InputStream stdin, Map<String, String> environment,
                      Path workingDirectory) {
        this(out, err, stdin, environment, workingDirectory, new TerminalOutput(out), new TerminalOutput(err));
    }

    /** The Compose file given as {@code -f -}: UTF-8 and within the size limit, else a located error. */
    String readStdin() {
        try {
            return dev.mlcompose.schema.yaml.SourceText.read("-", stdin);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
