package dev.mlcompose.runner.engine.docker;

import com.github.dockerjava.api.exception.DockerException;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.SequenceInputStream;
import java.io.ByteArrayInputStream;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.net.URI;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;

/**
 * One Engine API call whose connection turns into a raw stream both ways (the attach and exec-start calls the API
 * calls "hijacked"), made on a socket of its own so that its write half can be closed. That is how the end of a
 * piped stdin reaches a container (the engine then closes the container's stdin), and what docker-java's
 * transports never do (docker-java issue #1684: {@code cat file | exec -T db psql} would wait forever).
 *
 * <p>Spoken on {@code unix://} and plain {@code tcp://} endpoints; a TLS endpoint keeps docker-java's attach.
 */
final class HijackedConnection implements Closeable {

    private static final int MAX_HEAD = 64 * 1024;

    private final SocketChannel channel;
    private final InputStream input;

    private HijackedConnection(SocketChannel channel, InputStream input) {
        this.channel = channel;
        this.input = input;
    }

    /** Whether this endpoint can be spoken to on a socket of our own (no TLS). */
    static boolean supports(EngineDiscovery.Endpoint endpoint) {
        String scheme = URI.create(endpoint.host()).getScheme();
        return endpoint.certPath().isEmpty() && ("unix".equals(scheme) || "tcp".equals(scheme) || "http".equals(scheme));
    }

    /**
     * POSTs {@code body} (JSON) to {@code pathAndQuery}, asking the engine to upgrade the connection; returns once
     * it has. A refusal (no such container, not running) is thrown as docker-java's {@link DockerException} with
     * the engine's status and message, so that {@link DockerErrors} reads it as any other call's.
     */
    static HijackedConnection open(EngineDiscovery.Endpoint endpoint, String pathAndQuery, String body)
            throws IOException {
        SocketChannel channel = connect(URI.create(endpoint.host()));
        try {
            byte[] json = body.getBytes(StandardCharsets.UTF_8);
            String head = "POST " + pathAndQuery + " HTTP/1.1\r\n"
                    + "Host: docker\r\n"
                    + "User-Agent: mlcompose\r\n"
                    + "Content-Type: application/json\r\n"
                    + "Content-Length: " + json.length + "\r\n"
                    + "Connection: Upgrade\r\n"
                    + "Upgrade: tcp\r\n\r\n";
            OutputStream out = output(channel);
            out.write(head.getBytes(StandardCharsets.US_ASCII));
            out.write(json);
            InputStream raw = input(channel);
            Head response = Head.read(raw);
            if (response.status != 101 && response.status != 200) {
                String message = response.body(raw);
                throw new DockerException("Status " + response.status + ": " + message, response.status);
            }
            return new HijackedConnection(channel,
                    new SequenceInputStream(new ByteArrayInputStream(response.rest), raw));
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    private static SocketChannel connect(URI host) throws IOException {
        if ("unix".equals(host.getScheme())) {
            SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX);
            channel.connect(UnixDomainSocketAddress.of(host.getPath()));
            return channel;
        }
        return SocketChannel.open(new InetSocketAddress(host.getHost(), host.getPort() < 0 ? 2375 : host.getPort()));
    }

    /** What the engine sends: the container's output, multiplexed into frames unless it has a TTY. */
    InputStream input() {
        return input;
    }

    /** Where the container's stdin goes. */
    OutputStream output() {
        return output(channel);
    }

    /** The end of stdin: closes the write half, so the engine closes the container's stdin; output goes on. */
    void endInput() throws IOException {
        channel.shutdownOutput();
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }

    // The channel's own read and write, not Channels.newInputStream/newOutputStream: those share one lock on a
    // blocking channel, so a read waiting for output would keep stdin from being written.
    private static InputStream input(SocketChannel channel) {
        return new InputStream() {
            @Override
            public int read() throws IOException {
                byte[] one = new byte[1];
                return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                return len == 0 ? 0 : channel.read(ByteBuffer.wrap(b, off, len));
            }
        };
    }

    private static OutputStream output(SocketChannel channel) {
        return new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                write(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                ByteBuffer buffer = ByteBuffer.wrap(b, off, len);
                while (buffer.hasRemaining()) {
                    channel.write(buffer);
                }
            }
        };
    }

    /** The response's status line and headers, and what was read past them. */
    private record Head(int status, String headers, byte[] rest) {

        static Head read(InputStream in) throws IOException {
            var seen = new ByteArrayOutputStream();
            byte[] chunk = new byte[4096];
            while (true) {
                int n = in.read(chunk);
                if (n < 0) {
                    throw new IOException("the engine closed the connection before it answered");
                }
                seen.write(chunk, 0, n);
                byte[] all = seen.toByteArray();
                int end = indexOf(all, "\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                if (end >= 0) {
                    String head = new String(all, 0, end, StandardCharsets.ISO_8859_1);
                    byte[] rest = Arrays.copyOfRange(all, end + 4, all.length);
                    return new Head(status(head), head, rest);
                }
                if (all.length > MAX_HEAD) {
                    throw new IOException("the engine's answer has no end of its headers");
                }
            }
        }

        private static int status(String head) throws IOException {
            String[] parts = head.split("\r\n", 2)[0].split(" ", 3);
            try {
                return Integer.parseInt(parts[1]);
            } catch (ArrayIndexOutOfBoundsException | NumberFormatException e) {
                throw new IOException("not an HTTP answer: " + head.lines().findFirst().orElse(""));
            }
        }

        /** The error's body as the engine sent it (its JSON message), as far as its length says. */
        String body(InputStream in) throws IOException {
            long length = headers.lines().map(l -> l.toLowerCase(Locale.ROOT))
                    .filter(l -> l.startsWith("content-length:"))
                    .mapToLong(l -> Long.parseLong(l.substring("content-length:".length()).trim()))
                    .findFirst().orElse(rest.length);
            var body = new ByteArrayOutputStream();
            body.write(rest, 0, (int) Math.min(rest.length, length));
            long missing = Math.min(length, MAX_HEAD) - body.size();
            if (missing > 0) {
                body.write(in.readNBytes((int) missing));
            }
            return body.toString(StandardCharsets.UTF_8).trim();
        }

        private static int indexOf(byte[] bytes, byte[] part) {
            outer:
            for (int i = 0; i <= bytes.length - part.length; i++) {
                for (int j = 0; j < part.length; j++) {
                    if (bytes[i + j] != part[j]) {
                        continue outer;
                    }
                }
                return i;
            }
            return -1;
        }
    }
}
