package dev.mlcompose.runner.cli;

import dev.mlcompose.runner.engine.Engine;
import dev.mlcompose.runner.run.Labels;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The engine client of a command that will talk to the engine, set up on a thread of its own from the moment
 * the process starts: its first call costs about a quarter of a second (client, JSON mapping, connection), which
 * then overlaps with parsing the command line and loading the Compose file. The first session takes it; one
 * that nobody took (a usage error, say) is closed at the end.
 */
final class EngineWarmUp {

    /** Commands that never need the engine (lint asks it for images, so it warms up too). */
    private static final Set<String> OFFLINE = Set.of("", "config", "help", "generate-completion", "cds-training");

    private Engine engine;

    private EngineWarmUp(Engine engine) {
        this.engine = engine;
    }

    /** Starts warming up when {@code command} talks to the engine and no help or version was asked for. */
    static EngineWarmUp startFor(String command, String[] args, java.util.function.Supplier<Engine> engines) {
        boolean informational = java.util.Arrays.stream(args).anyMatch(a -> a.equals("-h") || a.equals("--help")
                || a.equals("-V") || a.equals("--version"));
        if (OFFLINE.contains(command) || informational) {
            return new EngineWarmUp(null);
        }
        Engine engine = engines.get(); // cheap: nothing is discovered or connected before the first call
        Thread warm = new Thread(() -> {
            try {
                engine.containers(Map.of(Labels.PROJECT, "-"), false);
            } catch (RuntimeException e) {
                // no engine, say: the command's own first call reports it
            }
        }, "mlcompose-warm-up");
        warm.setDaemon(true);
        warm.start();
        return new EngineWarmUp(engine);
    }

    /** The warmed-up engine, to the first caller only. */
    synchronized Optional<Engine> take() {
        var taken = Optional.ofNullable(engine);
        engine = null;
        return taken;
    }

    synchronized void closeUnlessTaken() {
        take().ifPresent(Engine::close);
    }
}
