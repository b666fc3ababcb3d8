package dev.mlcompose.runner.run;

import dev.mlcompose.runner.engine.Engine;
import dev.mlcompose.runner.engine.EngineException;
import dev.mlcompose.runner.spec.Labels;
import java.io.Closeable;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Completes the expected containers' exits on their {@code die} events: what a {@link Shutdown}'s dependencies wait
 * for, rather than the engine's {@code stop} call, which also waits for its clean-up.
 */
final class ExpectedExits implements Closeable {

    /** For a shutdown that nobody waits on: it expects nothing and has no stream to close. */
    static final ExpectedExits NONE = new ExpectedExits(Map.of(), CompletableFuture.completedFuture(() -> { }));

    private final Map<String, CompletableFuture<Void>> expected;
    private final CompletableFuture<Closeable> stream;

    private ExpectedExits(Map<String, CompletableFuture<Void>> expected, CompletableFuture<Closeable> stream) {
        this.expected = expected;
        this.stream = stream;
    }

    /** Subscribes on a thread of its own; exits that came before the stream opened are caught up then. */
    static ExpectedExits watch(Engine engine, String project) {
        var expected = new ConcurrentHashMap<String, CompletableFuture<Void>>();
        var stream = Background.inBackground("mlcompose-stop-events", () -> engine.events(
                Map.of(Labels.PROJECT, project), e -> {
                    var exit = e.action().equals("die") ? expected.get(e.containerId()) : null;
                    if (exit != null) {
                        exit.complete(null);
                    }
                }));
        var exits = new ExpectedExits(expected, stream);
        stream.thenRun(() -> exits.catchUp(engine));
        return exits;
    }

    /** Completes the expected exits that happened before the stream opened: one inspect each, at most. */
    private void catchUp(Engine engine) {
        expected.forEach((id, exit) -> {
            try {
                if (!exit.isDone() && !engine.inspect(id).isRunning()) {
                    exit.complete(null);
                }
            } catch (EngineException e) {
                if (e.kind() == EngineException.Kind.NOT_FOUND) {
                    exit.complete(null); // removed already: exited
                }
            }
        });
    }

    void expect(String id, CompletableFuture<Void> exit) {
        if (this != NONE) {
            expected.put(id, exit);
        }
    }

    @Override
    public void close() {
        stream.thenAccept(EngineStreams::close);
    }
}
