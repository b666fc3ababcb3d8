package dev.mlcompose.runner.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import sun.misc.Signal;

/** The first Ctrl-C stops gracefully, the second forces; later ones change nothing. */
class InterruptsTest {

    @Test
    void the_first_signal_stops_the_second_kills() {
        var steps = new CopyOnWriteArrayList<String>();
        var err = new StringWriter();
        var invocation = new Invocation(new PrintWriter(new StringWriter()), new PrintWriter(err), InputStream.nullInputStream(),
                Map.of(), Path.of("."));
        try (var interrupts = Interrupts.install(invocation, () -> steps.add("stop"), () -> steps.add("kill"))) {
            Assumptions.assumeTrue(interrupts.handled().contains("INT"), "this JVM does not let SIGINT be handled");
            assertThat(interrupts.interrupted()).isFalse();

            Signal.raise(new Signal("INT"));
            await().atMost(Duration.ofSeconds(10)).until(() -> steps.contains("stop"));
            Signal.raise(new Signal("INT"));
            Signal.raise(new Signal("INT"));
            await().atMost(Duration.ofSeconds(10)).until(() -> steps.contains("kill"));
            interrupts.awaitStopped();

            assertThat(interrupts.interrupted()).isTrue();
            assertThat(List.copyOf(steps)).containsExactly("stop", "kill");
            assertThat(err.toString()).isEqualTo("Gracefully stopping... (press Ctrl+C again to force)"
                    + System.lineSeparator());
        }
    }
}
