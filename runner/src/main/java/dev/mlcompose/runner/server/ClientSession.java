package dev.mlcompose.runner.server;

import dev.mlcompose.runner.cli.Invocation;
import dev.mlcompose.runner.cli.MlCompose;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One client's command, run in this JVM on the client's arguments, working directory, environment, streams and
 * signals, exactly as {@link MlCompose#main} would run it in a JVM of its own; then its exit code goes back.
 */
final class ClientSession implements Runnable {

    private final SocketChannel channel;
    private final Frames frames;
    private final AtomicBoolean answered = new AtomicBoolean();

    ClientSession(SocketChannel channel) {
        this.channel = channel;
        this.frames = new Frames(channel);
    }

    @Override
    public void run() {
        try (channel) {
            var first = frames.read();
            if (first.type() != Frames.REQUEST) {
                return;
            }
            Request request;
            try {
                request = Request.parse(first.payload());
            } catch (IllegalArgumentException e) {
                frames.write(Frames.STDERR, ("mlcompose: " + e.getMessage() + "\n").getBytes(StandardCharsets.UTF_8));
                answer(2);
                return;
            }
            String[] args = request.args().toArray(String[]::new);
            if (MlCompose.needsOwnProcess(args)) {
                frames.write(Frames.OWN_PROCESS, new byte[0]);
                return;
            }
            answer(MlCompose.run(invocation(request), args));
        } catch (IOException e) {
            // the client went away before its request was whole, or before its answer
        }
    }

    private Invocation invocation(Request request) {
        Thread command = Thread.currentThread();
        var stdin = new ClientStdin(frames);
        var signals = new ClientSignals(name -> {
            answer(ClientSignals.exitCode(name));
            command.interrupt();
        });
        var reader = new Thread(() -> readFromClient(stdin, signals), command.getName() + "-input");
        reader.setDaemon(true);
        reader.start();
        var stdout = new FrameOutput(frames, Frames.STDOUT);
        var stderr = new FrameOutput(frames, Frames.STDERR);
        return new Invocation(writer(stdout), writer(stderr), stdin, request.environment(), request.workingDirectory(),
                stdout, stderr, request.console(), signals);
    }

    /** Stdin and signals, until the client closes; a client gone without its answer is a hang-up. */
    private void readFromClient(ClientStdin stdin, ClientSignals signals) {
        try {
            while (true) {
                var frame = frames.read();
                switch (frame.type()) {
                    case Frames.STDIN -> stdin.offer(frame.payload());
                    case Frames.STDIN_END -> stdin.end();
                    case Frames.SIGNAL -> signals.raise(frame.text());
                    default -> { } // a later client's frame this server does not know: ignored
                }
            }
        } catch (IOException gone) {
            stdin.end();
            if (!answered.get()) {
                signals.raise("HUP");
            }
        }
    }

    /** Sends the exit code, once: the first of the command's end and an unhandled signal wins. */
    private void answer(int code) {
        if (answered.compareAndSet(false, true)) {
            try {
                frames.write(Frames.EXIT, ByteBuffer.allocate(4).putInt(code).array());
            } catch (IOException e) {
                // the client is gone: nobody to tell
            }
        }
    }

    private static PrintWriter writer(FrameOutput output) {
        return new PrintWriter(new OutputStreamWriter(output, StandardCharsets.UTF_8), true);
    }
}
