package dev.mlcompose.runner.engine.docker;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;

/** Serves an engine's Unix socket on a TCP port of 127.0.0.1, as a plain {@code tcp://} engine would be. */
final class TcpRelay implements AutoCloseable {

    private final ServerSocketChannel server;
    private final Path socket;

    TcpRelay(Path socket) throws IOException {
        this.socket = socket;
        this.server = ServerSocketChannel.open().bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        daemon(this::accept);
    }

    String host() {
        return "tcp://127.0.0.1:" + ((InetSocketAddress) server.socket().getLocalSocketAddress()).getPort();
    }

    private void accept() {
        try {
            while (true) {
                SocketChannel client = server.accept();
                SocketChannel engine = SocketChannel.open(UnixDomainSocketAddress.of(socket));
                daemon(() -> copy(client, engine));
                daemon(() -> copy(engine, client));
            }
        } catch (IOException closed) {
            // the relay was closed
        }
    }

    private static void copy(SocketChannel from, SocketChannel to) {
        var buffer = ByteBuffer.allocate(64 * 1024);
        try (from; to) {
            while (from.read(buffer) >= 0) {
                buffer.flip();
                while (buffer.hasRemaining()) {
                    to.write(buffer);
                }
                buffer.clear();
            }
        } catch (IOException closed) {
            // either side hung up
        }
    }

    private static void daemon(Runnable task) {
        var thread = new Thread(task, "tcp-relay");
        thread.setDaemon(true);
        thread.start();
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
