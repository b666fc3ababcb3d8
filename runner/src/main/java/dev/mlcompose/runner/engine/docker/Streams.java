package dev.mlcompose.runner.engine.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.AttachContainerCmd;
import com.github.dockerjava.api.command.LogContainerCmd;
import com.github.dockerjava.api.model.Frame;
import dev.mlcompose.runner.engine.EngineException;
import dev.mlcompose.runner.engine.LogLine;
import dev.mlcompose.runner.engine.LogOptions;
import dev.mlcompose.runner.engine.LogStream;
import dev.mlcompose.runner.engine.Terminal;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * Output streams (logs, an attached terminal): docker-java runs them on its own threads; these wait for the
 * engine's answer.
 */
final class Streams {

    private static final long ANSWER_SECONDS = 30;

    private Streams() {
    }

    static List<LogLine> readLogs(DockerClient d, String id, LogOptions o) {
        List<LogLine> lines = new ArrayList<>();
        LogOptions once = new LogOptions(false, o.tail(), o.since(), o.until(), o.timestamps());
        Subscription<Frame> logs = logs(d, id, once, line -> {
            synchronized (lines) {
                lines.add(line);
            }
        });
        await(() -> logs.finished.get());
        synchronized (lines) {
            return List.copyOf(lines);
        }
    }

    static LogStream followLogs(DockerClient d, String id, LogOptions o, Consumer<LogLine> sink) {
        Subscription<Frame> subscription = logs(d, id, o, sink);
        started(subscription);
        return handle(subscription);
    }

    /** See {@link dev.mlcompose.runner.engine.Engine#attachTerminal}; returns once the engine accepted it. */
    static LogStream attachTerminal(DockerClient d, String id, Optional<InputStream> stdin, Terminal terminal) {
        return attach(d, id, stdin, frame -> write(terminal.output(), frame.getPayload()));
    }

    /**
     * An attachment on docker-java's transport, each frame to {@code output}; returns once the engine accepted it.
     * The end of {@code stdin} never reaches the container this way (see {@link HijackedConnection}).
     */
    static LogStream attach(DockerClient d, String id, Optional<InputStream> stdin, Consumer<Frame> output) {
        AttachContainerCmd cmd = d.attachContainerCmd(id).withStdOut(true).withStdErr(true).withFollowStream(true);
        stdin.ifPresent(cmd::withStdIn);
        Subscription<Frame> subscription = cmd.exec(new Subscription<>(output, () -> { }));
        started(subscription);
        return handle(subscription);
    }

    /** Raw bytes to a terminal, at once. */
    static void write(OutputStream out, byte[] bytes) {
        try {
            out.write(bytes);
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static LogStream handle(Subscription<Frame> subscription) {
        return new LogStream() {
            @Override
            public boolean awaitEnd(Duration timeout) {
                return ended(subscription.finished, timeout);
            }

            @Override
            public void close() {
                subscription.close();
            }
        };
    }

    /** Whether {@code finished} completed within {@code timeout}; with an error counts: nothing more will come. */
    static boolean ended(Future<?> finished, Duration timeout) {
        try {
            finished.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (ExecutionException e) {
            return true;
        } catch (TimeoutException e) {
            return false;
        }
    }

    private static Subscription<Frame> logs(DockerClient d, String id, LogOptions o, Consumer<LogLine> sink) {
        LogContainerCmd cmd = d.logContainerCmd(id).withStdOut(true).withStdErr(true)
                .withFollowStream(o.follow()).withTimestamps(o.timestamps());
        o.tail().ifPresent(cmd::withTail);
        o.since().ifPresent(s -> cmd.withSince(s.intValue()));
        o.until().ifPresent(u -> cmd.withUntil(u.intValue()));
        LogLines lines = new LogLines(id, sink);
        return cmd.exec(new Subscription<>(lines, lines::flush));
    }

    /** Returns once the engine accepted the stream, so nothing that happens after this call is missed. */
    private static <T> Closeable started(Subscription<T> subscription) {
        await(() -> subscription.started.get(ANSWER_SECONDS, TimeUnit.SECONDS));
        return subscription;
    }

    /** Waits on a docker-java future, rethrowing its failure unchecked for {@link DockerErrors}. */
    static void await(Waiting waiting) {
        try {
            waiting.run();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new EngineException(EngineException.Kind.FAILED, "interrupted while waiting for the engine", e);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException(new IOException("no answer within " + ANSWER_SECONDS + " s", e));
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Something that blocks until docker-java has an answer. */
    interface Waiting {
        void run() throws Exception;
    }
}
