package dev.mlcompose.runner.cli;

import dev.mlcompose.runner.engine.Engine;
import dev.mlcompose.runner.spec.Labels;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The engine client of a command that will talk to the engine, set up on a thread of its own from the moment
 * the process starts: its first call costs about a quarter of a second (client, JSON mapping, connection), which
 * then overlaps with parsing the command line and loading the Compose file. The first session takes it; one
 * that nobody took (a usage error, say) is closed once its warm-up call has returned.
 */
final class EngineWarmUp {

    /** Commands that never need the engine (lint asks it for images, so it warms up too). */
    private static final Set<String> OFFLINE = Set.of("", "config", "help", "version", "viz", "generate-completion",
            "cds-training");

    private final Engine engine;
    private boolean taken;
    private boolean warm;
    private boolean abandoned;

    private EngineWarmUp(Engine engine) {
        this.engine = engine;
    }

    /** Starts warming up when {@code command} talks to the engine and no help or version was asked for. */
    static EngineWarmUp startFor(String command, String[] args, Supplier<Engine> engines) {
        boolean informational = Arrays.stream(args).anyMatch(a -> a.equals("-h") || a.equals("--help")
                || a.equals("-V") && !command.equals("up") || a.equals("--version")); // up -V: --renew-anon-volumes
        if (OFFLINE.contains(command) || informational) {
            return new EngineWarmUp(null);
        }
        var warmUp = new EngineWarmUp(engines.get()); // cheap: nothing is discovered or connected before a call
        Thread thread = new Thread(warmUp::warmUp, "mlcompose-warm-up");
        thread.setDaemon(true);
        thread.start();
        return warmUp;
    }

    private void warmUp() {
        try {
            engine.containers(Map.of(Labels.PROJECT, "-"), false);
        } catch (RuntimeException e) {
            // no engine, say: the command's own first call reports it
        }
        synchronized (this) {
            warm = true;
            if (abandoned) {
                engine.close();
            }
        }
    }

    /** The warmed-up engine, to the first caller only. */
    synchronized Optional<Engine> take() {
        if (engine == null || taken || abandoned) {
            return Optional.empty();
        }
        taken = true;
        return Optional.of(engine);
    }

    synchronized void closeUnlessTaken() {
        if (engine == null || taken) {
            return;
        }
        abandoned = true;
        if (warm) {
            engine.close();
        }
    }
}
