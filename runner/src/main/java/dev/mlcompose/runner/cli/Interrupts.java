package dev.mlcompose.runner.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicInteger;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * Ctrl-C (SIGINT) and SIGTERM on an attached {@code up}, handled as compose does (pkg/compose/up.go): the first
 * stops the containers gracefully, a second one kills them. A JVM shutdown hook cannot do this: once the JVM
 * is shutting down it no longer reacts to signals, so a second Ctrl-C would go unseen while the stop waits out
 * the grace period. Hence {@code sun.misc.Signal} handlers (module jdk.unsupported), in place only while the
 * run is attached; the previous handlers come back on {@link #close()}. Where a signal cannot be handled (the
 * JVM runs with {@code -Xrs}, or was started with it ignored) it keeps its previous behaviour.
 */
final class Interrupts implements AutoCloseable {

    private final PrintWriter err;
    private final Runnable graceful;
    private final Runnable force;
    private final Map<Signal, SignalHandler> previous = new LinkedHashMap<>();
    private final AtomicInteger count = new AtomicInteger();
    private final List<CompletableFuture<Void>> work = new ArrayList<>();

    private Interrupts(PrintWriter err, Runnable graceful, Runnable force) {
        this.err = err;
        this.graceful = graceful;
        this.force = force;
    }

    /** From now until {@link #close()}, the first SIGINT/SIGTERM runs {@code graceful}, the second {@code force}. */
    static Interrupts install(PrintWriter err, Runnable graceful, Runnable force) {
        var interrupts = new Interrupts(err, graceful, force);
        for (String name : List.of("INT", "TERM")) {
            try {
                var signal = new Signal(name);
                interrupts.previous.put(signal, Signal.handle(signal, interrupts::on));
            } catch (IllegalArgumentException e) {
                // -Xrs, or not a signal on this platform: the JVM's own handling stays
            }
        }
        return interrupts;
    }

    private void on(Signal signal) {
        int n = count.incrementAndGet();
        if (n == 1) {
            err.println("Gracefully stopping... (press Ctrl+C again to force)");
            err.flush();
            start("mlcompose-stop", graceful);
        } else if (n == 2) {
            start("mlcompose-kill", force);
        }
    }

    private synchronized void start(String name, Runnable action) {
        work.add(CompletableFuture.runAsync(action, r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            t.start();
        }));
    }

    /** The signals handled here: INT and TERM, unless the JVM keeps one for itself. */
    List<String> handled() {
        return previous.keySet().stream().map(Signal::getName).toList();
    }

    /** Whether a SIGINT or SIGTERM came. */
    boolean interrupted() {
        return count.get() > 0;
    }

    /** Waits until the stop (and the kill, after a second signal) is over. */
    void awaitStopped() {
        List<CompletableFuture<Void>> started;
        synchronized (this) {
            started = List.copyOf(work);
        }
        try {
            CompletableFuture.allOf(started.toArray(CompletableFuture[]::new)).join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException cause ? cause : e; // the engine's own failure, for ErrorReporter
        }
    }

    @Override
    public void close() {
        previous.forEach(Signal::handle);
    }
}
