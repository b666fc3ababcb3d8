package dev.mlcompose.runner.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Map;

/**
 * What one run of the CLI sees of the world, so that tests, and the resident server for its clients, can run it
 * in-process. {@code stdoutBytes} and {@code stderrBytes} are the same outputs as {@code out} and {@code err} for
 * bytes passed on unchanged (a container's piped output); whoever writes to one flushes it before the other is
 * used. {@code console} is whether the caller's input and output are a terminal (as {@code System.console()}
 * tells a JVM of its own), and {@code signals} where its SIGINT and SIGTERM come from.
 */
public record Invocation(PrintWriter out, PrintWriter err, InputStream stdin, Map<String, String> environment,
                         Path workingDirectory, OutputStream stdoutBytes, OutputStream stderrBytes, boolean console,
                         Signals signals) {

    /** Bytes go to the writers, decoded as UTF-8: for in-process runs, whose outputs are text and no terminal. */
    public Invocation(PrintWriter out, PrintWriter err, InputStream stdin, Map<String, String> environment,
                      Path workingDirectory) {
        this(out, err, stdin, environment, workingDirectory, new TerminalOutput(out), new TerminalOutput(err), false,
                Signals.JVM);
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
