package dev.mlcompose.runner.run;

import dev.mlcompose.runner.engine.ContainerState;
import dev.mlcompose.runner.engine.Engine;
import dev.mlcompose.runner.engine.EngineException;
import dev.mlcompose.runner.engine.LogStream;
import dev.mlcompose.runner.engine.Terminal;
import dev.mlcompose.runner.run.ProgressEvent.Status;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.function.BiConsumer;

/**
 * A created one-off container of {@code run}, not yet started: started either with its output followed as lines,
 * or on a terminal, as its TTY. Closing it removes the container when the run asked for {@code --rm}.
 */
public final class OneOff implements AutoCloseable {

    /** Output the engine sent just before the exit may still be on its way. */
    private static final Duration LAST_OUTPUT = Duration.ofSeconds(2);
    /** Piped output may be large and its reader slow (a pipe into another program): it is waited for longer. */
    static final Duration ALL_OUTPUT = Duration.ofMinutes(1);

    private final Engine engine;
    private final ProgressListener progress;
    private final String project;
    private final String id;
    private final String name;
    private final boolean remove;
    private volatile boolean detached;
    private final Runnable postStart;
    private final Runnable record;

    /**
     * {@code postStart}: the service's post_start hooks, run once it started, beside its output; {@code record}: its
     * record in the run history, taken at the close, before a {@code --rm} removes it.
     */
    OneOff(Engine engine, ProgressListener progress, String project, String id, String name, boolean remove,
           Runnable postStart, Runnable record) {
        this.postStart = postStart;
        this.record = record;
        this.engine = engine;
        this.progress = progress;
        this.project = project;
        this.id = id;
        this.name = name;
        this.remove = remove;
    }

    /** Starts it without attaching (compose's {@code run -d}), its post_start hooks done; its container ID. */
    public String detach() {
        engine.start(id);
        progress.on(ProgressEvent.container(name, Status.STARTED));
        Background.join(postStart());
        return id;
    }

    /** Starts it and hands its output to {@code sink} (container name, line) until it exits; its exit code. */
    public int follow(BiConsumer<String, String> sink) {
        engine.start(id);
        progress.on(ProgressEvent.container(name, Status.STARTED));
        var hooks = postStart();
        new Attach(engine).follow(project, List.of(id), sink, false, Optional.empty());
        return withHooks(engine.inspect(id).exitCode(), hooks);
    }

    /** The post_start hooks, on a thread of their own, as compose runs them beside the attached container. */
    private CompletableFuture<Void> postStart() {
        return Background.inBackground("mlcompose-post-start", () -> {
            postStart.run();
            return null;
        });
    }

    /** A failed hook fails a run whose container exited 0; a non-zero exit code wins (compose's {@code run.go}). */
    private static int withHooks(int exitCode, CompletableFuture<Void> hooks) {
        if (exitCode == 0) {
            Background.join(hooks);
        }
        return exitCode;
    }

    /**
     * Starts it, created with a TTY, on {@code terminal}: its output goes there raw, {@code stdin} (when present)
     * goes in, and the TTY takes the terminal's size, now and whenever it changes. Returns its exit code once it
     * has exited; empty when the terminal detached from it (the engine's detach keys) and it runs on.
     */
    public OptionalInt attach(Optional<InputStream> stdin, Terminal terminal) {
        LogStream tty = engine.attachTerminal(id, stdin, terminal); // before the start: none of its output is missed
        try (var watch = new ContainerWatch(engine, project)) {
            engine.start(id); // no progress line: the terminal is the container's now (compose is silent too)
            var hooks = postStart();
            var exit = watch.await(id, Duration.ofDays(365),
                    Conditions.ended(), s -> "still running");
            engine.resizeTerminal(id, terminal);
            terminal.resizes().follow((rows, columns) -> engine.resizeTerminal(id, terminal.resized(rows, columns)));
            OptionalInt code = TerminalEnd.await(exit, tty, LAST_OUTPUT);
            detached = code.isEmpty(); // it runs on: not removed, as docker run --rm leaves a detached container
            return code.isEmpty() ? code : OptionalInt.of(withHooks(code.getAsInt(), hooks));
        } finally {
            EngineStreams.close(tty);
        }
    }

    /**
     * Starts it, created without a TTY, attached as {@code docker run -i} is (compose's {@code run -T}): {@code stdin}
     * (when present) goes in to its end, which closes the container's stdin, and its stdout and stderr come out
     * apart, byte for byte. Returns its exit code once it has exited and its output is all out.
     */
    public int pipe(Optional<InputStream> stdin, OutputStream stdout, OutputStream stderr) {
        LogStream output = engine.attachPiped(id, stdin, stdout, stderr); // before the start: no output is missed
        try (var watch = new ContainerWatch(engine, project)) {
            engine.start(id); // no progress line, as compose: the output is the container's
            var hooks = postStart();
            ContainerState exited = watch.await(id, Duration.ofDays(365),
                    Conditions.ended(), s -> "still running").join();
            // the engine ends the stream once the exited container's output is delivered; a bound for one that never does
            output.awaitEnd(ALL_OUTPUT);
            return withHooks(exited.exitCode(), hooks);
        } finally {
            EngineStreams.close(output);
        }
    }

    /** Stops it gracefully (an interrupted run): its own stop signal, then the kill after the grace period. */
    public void stop() {
        EngineException.unlessGone(() -> engine.stop(id, Duration.ofSeconds(10)));
    }

    /** Kills it (a second interrupt). */
    public void kill() {
        EngineException.unlessGone(() -> engine.kill(id, "SIGKILL"));
    }

    @Override
    public void close() {
        try {
            record.run();
        } finally {
            if (remove && !detached) {
                engine.remove(id, true);
            }
        }
    }
}
