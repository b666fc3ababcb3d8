package dev.mlcompose.runner.engine.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.ExecCreateCmd;
import com.github.dockerjava.api.command.ExecStartCmd;
import com.github.dockerjava.api.model.Frame;
import dev.mlcompose.runner.engine.ExecRequest;
import dev.mlcompose.runner.engine.LogLine;
import dev.mlcompose.runner.engine.Terminal;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * {@code exec}: without a TTY the command's output as lines, with one its raw bytes; then its exit code.
 * Known limit of docker-java's transports: the end of a piped stdin never reaches the command (the connection
 * is not half-closed), so a command that reads stdin to its end waits (docker-java issue #1684); piped
 * stdin therefore goes through {@link HijackedConnection} where the endpoint allows.
 */
final class Execs {

    private Execs() {
    }

    static int run(DockerClient d, String id, ExecRequest r, Consumer<LogLine> sink) {
        boolean tty = r.terminal().isPresent();
        String exec = create(d, id, r);
        ExecStartCmd start = d.execStartCmd(exec).withTty(tty);
        r.stdin().ifPresent(start::withStdIn);
        Subscription<Frame> output;
        if (tty) {
            Terminal terminal = r.terminal().get();
            OutputStream out = terminal.output();
            output = start.exec(new Subscription<>(frame -> Streams.write(out, frame.getPayload()), () -> { }));
            Streams.await(() -> output.started.get());
            resize(d, exec, terminal);
            terminal.resizes().follow((rows, columns) -> resize(d, exec, terminal.resized(rows, columns)));
        } else {
            LogLines lines = new LogLines(id, sink);
            output = start.exec(new Subscription<>(lines, lines::flush));
        }
        Streams.await(() -> output.finished.get());
        return exitCode(d, exec);
    }

    /** The exec of {@code r} in container {@code id}, created, not started; its ID. */
    static String create(DockerClient d, String id, ExecRequest r) {
        ExecCreateCmd create = d.execCreateCmd(id).withCmd(r.command().toArray(String[]::new))
                .withAttachStdout(true).withAttachStderr(true).withAttachStdin(r.stdin().isPresent())
                .withTty(r.terminal().isPresent()).withPrivileged(r.privileged())
                .withEnv(r.environment().entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).toList());
        r.user().ifPresent(create::withUser);
        r.workingDir().ifPresent(create::withWorkingDir);
        return create.exec().getId();
    }

    /**
     * Starts a created exec without a TTY on docker-java's transport, its frames to {@code output}, and waits for
     * its end: for endpoints {@link HijackedConnection} does not speak (TLS), where the end of stdin is lost.
     */
    static void startFramed(DockerClient d, String exec, Optional<InputStream> stdin,
                            Consumer<Frame> output) {
        ExecStartCmd start = d.execStartCmd(exec).withTty(false);
        stdin.ifPresent(start::withStdIn);
        Subscription<Frame> frames = start.exec(new Subscription<>(output, () -> { }));
        Streams.await(() -> frames.finished.get());
    }

    /** Starts a created exec detached: the engine answers at once and keeps no stream. */
    static void startDetached(DockerClient d, String exec) {
        Streams.await(() -> d.execStartCmd(exec).withDetach(true).exec(new Subscription<Frame>(f -> { }, () -> { }))
                .finished.get());
    }

    static int exitCode(DockerClient d, String exec) {
        Long code = d.inspectExecCmd(exec).exec().getExitCodeLong();
        return Objects.requireNonNullElse(code, -1L).intValue();
    }

    /** As the docker CLI: once the command runs (API 1.41 cannot size a TTY at creation), and at each new size. */
    private static void resize(DockerClient d, String exec, Terminal terminal) {
        if (terminal.rows() <= 0 || terminal.columns() <= 0) {
            return;
        }
        try {
            d.resizeExecCmd(exec).withSize(terminal.rows(), terminal.columns()).exec();
        } catch (RuntimeException e) {
            // The command may be over already; a TTY of the engine's default size is no failure.
        }
    }
}
