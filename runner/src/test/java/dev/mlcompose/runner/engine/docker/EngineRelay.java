package dev.mlcompose.runner.engine.docker;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;

/**
 * Serves an engine's Unix socket on another endpoint: a TCP port of 127.0.0.1, as a plain {@code tcp://} engine would
 * be, or a Unix socket of its own. {@link #freeze()} makes it a hung engine: it goes on taking requests and answers
 * none from then on.
 */
final class EngineRelay implements AutoCloseable {

    private final ServerSocketChannel server;
    private final Path socket;
    private final String host;
    private volatile boolean frozen;

    private EngineRelay(Path socket, ServerSocketChannel server, String host) {
        this.socket = socket;
        this.server = server;
        this.host = host;
        daemon(this::accept);
    }

    static EngineRelay overTcp(Path socket) throws IOException {
        var server = ServerSocketChannel.open().bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        return new EngineRelay(socket, server,
                "tcp://127.0.0.1:" + ((InetSocketAddress) server.socket().getLocalSocketAddress()).getPort());
    }

    static EngineRelay overUnix(Path socket, Path listen) throws IOException {
        var server = ServerSocketChannel.open(StandardProtocolFamily.UNIX).bind(UnixDomainSocketAddress.of(listen));
        return new EngineRelay(socket, server, "unix://" + listen);
    }

    String host() {
        return host;
    }

    /** From now on no answer gets through, on the connections open and on new ones. */
    void freeze() {
        frozen = true;
    }

    private void accept() {
        try {
            while (true) {
                SocketChannel client = server.accept();
                SocketChannel engine = SocketChannel.open(UnixDomainSocketAddress.of(socket));
                daemon(() -> copy(client, engine, false));
                daemon(() -> copy(engine, client, true));
            }
        } catch (IOException closed) {
            // the relay was closed
        }
    }

    private void copy(SocketChannel from, SocketChannel to, boolean answers) {
        var buffer = ByteBuffer.allocate(64 * 1024);
        try (from; to) {
            while (from.read(buffer) >= 0) {
                while (answers && frozen && server.isOpen()) {
                    Thread.sleep(50); // held, as a hung engine holds it
                }
                buffer.flip();
                while (buffer.hasRemaining()) {
                    to.write(buffer);
                }
                buffer.clear();
            }
        } catch (IOException closed) {
            // either side hung up
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void daemon(Runnable task) {
        var thread = new Thread(task, "engine-relay");
        thread.setDaemon(true);
        thread.start();
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
