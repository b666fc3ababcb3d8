package dev.mlcompose.runner.engine.docker;

import com.github.dockerjava.api.model.Frame;
import com.github.dockerjava.api.model.StreamType;
import com.github.dockerjava.core.command.FrameReader;
import dev.mlcompose.runner.engine.LogStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * A {@link HijackedConnection} put to work as {@code docker exec -i} and {@code docker attach} without a TTY do:
 * stdin goes in on a thread of its own and, at its end, the connection's write half is closed; the engine's frames
 * come out on another, stdout's to stdout and stderr's to stderr, byte for byte, each flushed at once. The stream
 * ends when the engine ends the output (the command or container is done).
 */
final class PipedStreams implements LogStream {

    private final HijackedConnection connection;
    private final CompletableFuture<Void> finished = new CompletableFuture<>();

    private PipedStreams(HijackedConnection connection) {
        this.connection = connection;
    }

    static PipedStreams start(HijackedConnection connection, Optional<InputStream> stdin, OutputStream stdout,
                              OutputStream stderr) {
        var streams = new PipedStreams(connection);
        daemon("mlcompose-output", () -> streams.copyOutput(stdout, stderr));
        stdin.ifPresent(in -> daemon("mlcompose-stdin", () -> streams.copyInput(in)));
        return streams;
    }

    private void copyInput(InputStream stdin) {
        try {
            stdin.transferTo(connection.output());
            connection.endInput();
        } catch (IOException e) {
            // the command ended without reading all of it (the engine closed the connection), or stdin failed:
            // either way nothing more can go in; the output side still ends the stream
        }
    }

    private void copyOutput(OutputStream stdout, OutputStream stderr) {
        try (var frames = new FrameReader(connection.input())) {
            for (Frame frame = frames.readFrame(); frame != null; frame = frames.readFrame()) {
                write(frame, stdout, stderr);
            }
            finished.complete(null);
        } catch (IOException | RuntimeException e) {
            finished.completeExceptionally(e); // closed by us, the engine gone, or our own output closed (| head)
        } finally {
            close();
        }
    }

    /** A frame's bytes to where its stream goes (a TTY's single stream to stdout), at once. */
    static void write(Frame frame, OutputStream stdout, OutputStream stderr) {
        OutputStream target = frame.getStreamType() == StreamType.STDERR ? stderr : stdout;
        try {
            target.write(frame.getPayload());
            target.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public boolean awaitEnd(Duration timeout) {
        return Streams.ended(finished, timeout);
    }

    @Override
    public void close() {
        try {
            connection.close();
        } catch (IOException e) {
            // closed already
        }
    }

    private static void daemon(String name, Runnable task) {
        Thread thread = new Thread(task, name);
        thread.setDaemon(true);
        thread.start();
    }
}
