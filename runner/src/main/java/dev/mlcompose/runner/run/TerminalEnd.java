package dev.mlcompose.runner.run;

import dev.mlcompose.runner.engine.ContainerState;
import dev.mlcompose.runner.engine.LogStream;
import java.time.Duration;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * How a terminal's attachment to a container ends: the container exits (its code, once the engine has sent the
 * rest of its output), or the engine ends the stream while the container runs on, which is a detach (its detach
 * keys, Ctrl-P Ctrl-Q, were typed), as {@code docker attach} reads it.
 */
final class TerminalEnd {

    /** An exit and the end of its stream come close together: this long, a stream that ended first is no detach. */
    private static final Duration EXITING = Duration.ofSeconds(2);

    private TerminalEnd() {
    }

    /** The container's exit code; empty when the terminal was detached from it. */
    static OptionalInt await(CompletableFuture<ContainerState> exit, LogStream tty, Duration lastOutput) {
        var streamEnded = Background.inBackground("mlcompose-terminal-end", () -> tty.awaitEnd(Duration.ofDays(365)));
        CompletableFuture.anyOf(exit, streamEnded).join();
        try {
            ContainerState exited = exit.get(EXITING.toMillis(), TimeUnit.MILLISECONDS);
            tty.awaitEnd(lastOutput);
            return OptionalInt.of(exited.exitCode());
        } catch (TimeoutException detached) {
            return OptionalInt.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return OptionalInt.empty();
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        }
    }
}
