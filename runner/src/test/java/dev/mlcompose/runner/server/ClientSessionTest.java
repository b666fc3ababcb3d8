package dev.mlcompose.runner.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** One client's command, spoken to as the thin client speaks: frames over a real Unix socket, no engine needed. */
@Timeout(60)
class ClientSessionTest {

    @TempDir
    Path dir;

    /** What came back: stdout, stderr, whether stdin was asked for, and the last frame's type and exit code. */
    record Answer(String out, String err, boolean stdinWanted, byte last, int exitCode) {
    }

    @Test
    void a_command_runs_in_the_clients_directory_and_environment_on_the_stdin_it_asks_for() throws Exception {
        Files.writeString(dir.resolve("compose.yaml"), "services:\n  app:\n    image: busybox:${TAG}\n");
        try (var client = connect()) {
            send(client, request(dir, Map.of("TAG", "from-the-client"), "config", "--images"));

            Answer answer = answer(client, false);

            assertThat(answer.exitCode()).as(answer.err()).isZero();
            assertThat(answer.out()).isEqualTo("busybox:from-the-client\n");
            assertThat(answer.stdinWanted()).as("config of a file never reads stdin").isFalse();
        }
    }

    @Test
    void stdin_is_asked_for_once_the_command_reads_it() throws Exception {
        try (var client = connect()) {
            send(client, request(dir, Map.of(), "-f", "-", "-p", "piped", "config", "--services"));

            Answer answer = answer(client, true);

            assertThat(answer.stdinWanted()).isTrue();
            assertThat(answer.out()).isEqualTo("from-stdin\n");
            assertThat(answer.exitCode()).isZero();
        }
    }

    @Test
    void a_signal_no_phase_handles_answers_as_a_jvm_ends_on_it() throws Exception {
        try (var client = connect()) {
            send(client, request(dir, Map.of(), "-f", "-", "config")); // waits on stdin that never comes
            var frames = new Frames(client);
            assertThat(frames.read().type()).isEqualTo(Frames.STDIN_WANTED);

            frames.write(Frames.SIGNAL, "TERM".getBytes(StandardCharsets.UTF_8));

            var exit = frames.read();
            assertThat(exit.type()).isEqualTo(Frames.EXIT);
            assertThat(ByteBuffer.wrap(exit.payload()).getInt()).isEqualTo(143);
        }
    }

    @Test
    void a_command_that_needs_a_terminal_is_sent_back_to_run_in_a_jvm_of_its_own() throws Exception {
        try (var client = connect()) {
            send(client, request(dir, Map.of(), "exec", "app", "sh"));

            assertThat(answer(client, false).last()).isEqualTo(Frames.OWN_PROCESS);
        }
    }

    @Test
    void a_client_of_another_protocol_version_gets_one_line_and_exit_2() throws Exception {
        try (var client = connect()) {
            new Frames(client).write(Frames.REQUEST, "9\0/\0000\0000".getBytes(StandardCharsets.UTF_8));

            Answer answer = answer(client, false);

            assertThat(answer.exitCode()).isEqualTo(2);
            assertThat(answer.err()).startsWith("mlcompose: the client speaks another protocol").hasLineCount(1);
        }
    }

    private SocketChannel connect() throws IOException {
        Path socket = dir.resolve("s.sock");
        var server = ServerSocketChannel.open(StandardProtocolFamily.UNIX).bind(UnixDomainSocketAddress.of(socket));
        var thread = new Thread(() -> {
            try (server) {
                new ClientSession(server.accept()).run();
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        });
        thread.setDaemon(true);
        thread.start();
        return SocketChannel.open(UnixDomainSocketAddress.of(socket));
    }

    private static byte[] request(Path cwd, Map<String, String> env, String... args) {
        var fields = new ArrayList<>(List.of(Request.VERSION, cwd.toString(), "0", String.valueOf(args.length)));
        fields.addAll(List.of(args));
        env.forEach((k, v) -> fields.add(k + "=" + v));
        return String.join("\0", fields).getBytes(StandardCharsets.UTF_8);
    }

    private static void send(SocketChannel client, byte[] request) throws IOException {
        new Frames(client).write(Frames.REQUEST, request);
    }

    /** Reads to the last frame; {@code feedStdin} answers a request for stdin with a Compose file and its end. */
    private static Answer answer(SocketChannel client, boolean feedStdin) throws IOException {
        var frames = new Frames(client);
        var out = new StringBuilder();
        var err = new StringBuilder();
        boolean wanted = false;
        while (true) {
            var frame = frames.read();
            switch (frame.type()) {
                case Frames.STDOUT -> out.append(frame.text());
                case Frames.STDERR -> err.append(frame.text());
                case Frames.STDIN_WANTED -> {
                    wanted = true;
                    if (feedStdin) {
                        frames.write(Frames.STDIN, "services:\n  from-stdin:\n    image: busybox\n"
                                .getBytes(StandardCharsets.UTF_8));
                        frames.write(Frames.STDIN_END, new byte[0]);
                    }
                }
                case Frames.EXIT -> {
                    return new Answer(out.toString(), err.toString(), wanted, frame.type(),
                            ByteBuffer.wrap(frame.payload()).getInt());
                }
                default -> {
                    return new Answer(out.toString(), err.toString(), wanted, frame.type(), -1);
                }
            }
        }
    }
}
