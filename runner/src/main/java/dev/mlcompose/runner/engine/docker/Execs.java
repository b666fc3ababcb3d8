package dev.mlcompose.runner.engine.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.ExecCreateCmd;
import com.github.dockerjava.api.command.ExecStartCmd;
import com.github.dockerjava.api.model.Frame;
import dev.mlcompose.runner.engine.ExecRequest;
import dev.mlcompose.runner.engine.LogLine;
import java.util.Objects;
import java.util.function.Consumer;

/** {@code exec} without a TTY: the command's output as lines, then its exit code. */
final class Execs {

    private Execs() {
    }

    static int run(DockerClient d, String id, ExecRequest r, Consumer<LogLine> sink) {
        ExecCreateCmd create = d.execCreateCmd(id).withCmd(r.command().toArray(String[]::new))
                .withAttachStdout(true).withAttachStderr(true).withAttachStdin(r.stdin().isPresent())
                .withEnv(r.environment().entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).toList());
        r.user().ifPresent(create::withUser);
        r.workingDir().ifPresent(create::withWorkingDir);
        String exec = create.exec().getId();
        ExecStartCmd start = d.execStartCmd(exec);
        r.stdin().ifPresent(start::withStdIn);
        LogLines lines = new LogLines(id, sink);
        Subscription<Frame> output = start.exec(new Subscription<>(lines, lines::flush));
        Streams.await(() -> output.finished.get());
        Long code = d.inspectExecCmd(exec).exec().getExitCodeLong();
        return Objects.requireNonNullElse(code, -1L).intValue();
    }
}
