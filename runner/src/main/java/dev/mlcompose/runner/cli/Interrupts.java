package dev.mlcompose.runner.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.ToIntFunction;

/**
 * Ctrl-C (SIGINT) and SIGTERM on {@code up} and {@code train}, handled as compose does (pkg/compose/up.go): the
 * first stops the containers gracefully, a second one kills them. A JVM shutdown hook cannot do this: once the JVM
 * is shutting down it no longer reacts to signals, so a second Ctrl-C would go unseen while the stop waits out
 * the grace period. Hence handlers of the invocation's {@link Signals}, in place while the command runs and
 * removed on {@link #close()}.
 */
final class Interrupts implements AutoCloseable {

    /** What the first signal prints, as compose's up does. */
    static final String STOPPING = "Gracefully stopping... (press Ctrl+C again to force)";

    private final PrintWriter err;
    private final String notice;
    private final Runnable graceful;
    private final Runnable force;
    private final Signals.Handling handling;
    private final AtomicInteger count = new AtomicInteger();
    private final List<CompletableFuture<Void>> work = new ArrayList<>();

    private Interrupts(Invocation invocation, String notice, Runnable graceful, Runnable force) {
        this.err = invocation.err();
        this.notice = notice;
        this.graceful = graceful;
        this.force = force;
        this.handling = invocation.signals().handle(name -> on()); // last: every field is set before a signal
    }

    /**
     * Runs {@code work} with the handlers in place, as compose runs a command: once interrupted, whatever phase it
     * was in, the command ends with 130 and "canceled" after {@code stop} is over (run once more then, for a
     * container that started meanwhile); a failure that the stop itself caused is not reported. SIGHUP and
     * other exits of the JVM run {@code stop} from a shutdown hook.
     */
    static int around(Invocation invocation, Runnable stop, Runnable force, ToIntFunction<Interrupts> work) {
        return around(invocation, STOPPING, stop, force, work);
    }

    /** As {@link #around(Invocation, Runnable, Runnable, ToIntFunction)}; the first signal prints {@code notice}. */
    static int around(Invocation invocation, String notice, Runnable stop, Runnable force,
                      ToIntFunction<Interrupts> work) {
        var err = invocation.err();
        var hangup = new Thread(stop);
        Runtime.getRuntime().addShutdownHook(hangup);
        try (var interrupts = install(invocation, notice, stop, force)) {
            int code;
            try {
                code = work.applyAsInt(interrupts);
            } catch (RuntimeException failure) {
                if (!interrupts.interrupted()) {
                    throw failure;
                }
                code = ExitCodes.INTERRUPTED;
            }
            if (interrupts.interrupted()) {
                interrupts.awaitStopped();
                stop.run();
                err.println("canceled");
                err.flush();
                code = ExitCodes.INTERRUPTED;
            }
            return code;
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(hangup);
            } catch (IllegalStateException shuttingDown) {
                // the hook runs now
            }
        }
    }

    /** From now until {@link #close()}, the first SIGINT/SIGTERM runs {@code graceful}, the second {@code force}. */
    static Interrupts install(Invocation invocation, Runnable graceful, Runnable force) {
        return install(invocation, STOPPING, graceful, force);
    }

    private static Interrupts install(Invocation invocation, String notice, Runnable graceful, Runnable force) {
        return new Interrupts(invocation, notice, graceful, force);
    }

    /**
     * From now until closed, SIGINT and SIGTERM go to {@code to} by name ({@code SIGINT}) instead of ending the
     * command: {@code attach --sig-proxy} hands them to the container.
     */
    static Forwarding forward(Invocation invocation, Consumer<String> to) {
        return invocation.signals().handle(name -> to.accept("SIG" + name))::close;
    }

    /** Signals forwarded until closed. */
    interface Forwarding extends AutoCloseable {
        Forwarding NONE = () -> { };

        @Override
        void close();
    }

    private void on() {
        int n = count.incrementAndGet();
        if (n == 1) {
            err.println(notice);
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
        return handling.names();
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
        handling.close();
    }
}
