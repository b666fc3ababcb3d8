package dev.mlcompose.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * A shell command line on a new pseudo-terminal made by util-linux {@code script}, as a user at a terminal runs
 * it: what the terminal shows is read back, and keys can be typed into it.
 */
final class TerminalSession {

    private final Process process;
    private final Path screen;
    private final OutputStream keyboard;

    private TerminalSession(Process process, Path screen) {
        this.process = process;
        this.screen = screen;
        this.keyboard = process.getOutputStream();
    }

    /** Starts {@code commandLine} in {@code dir}; the terminal's output is kept in {@code screen}. */
    static TerminalSession start(Path dir, Path screen, String commandLine) throws IOException {
        Assumptions.assumeTrue(new File("/usr/bin/script").canExecute(), "util-linux script makes the terminal");
        var builder = new ProcessBuilder("script", "-qec", commandLine, "/dev/null").directory(dir.toFile())
                .redirectErrorStream(true).redirectOutput(screen.toFile());
        builder.environment().clear();
        builder.environment().putAll(Cli.baseEnvironment());
        builder.environment().put("HOME", System.getProperty("user.home"));
        return new TerminalSession(builder.start(), screen);
    }

    /** Waits until the terminal shows {@code text}. */
    TerminalSession awaitShown(String text) {
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100))
                .until(() -> shown().contains(text));
        return this;
    }

    /** Types {@code keys} at the terminal (a return is "\r", as a keyboard sends it). */
    TerminalSession type(String keys) throws IOException {
        keyboard.write(keys.getBytes(StandardCharsets.UTF_8));
        keyboard.flush();
        return this;
    }

    /** Waits for the command line to end; returns all the terminal showed. */
    String finish() throws Exception {
        assertThat(process.waitFor(120, TimeUnit.SECONDS)).as("the terminal session ends").isTrue();
        keyboard.close();
        return shown();
    }

    String shown() throws IOException {
        return Files.readString(screen, StandardCharsets.UTF_8);
    }
}
