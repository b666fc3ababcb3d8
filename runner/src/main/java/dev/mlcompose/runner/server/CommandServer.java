package dev.mlcompose.runner.server;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.AsynchronousCloseException;
import java.nio.channels.FileChannel;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The resident server ({@code MLCOMPOSE_SERVER=1}): one warm JVM that runs the commands of thin clients, so that a
 * command costs its own work and not a JVM's start-up, class loading and cold code (measured in the README's
 * "Under load"). It listens on a Unix socket in a directory only its user can enter, runs each client's command on
 * a thread of its own, and exits once no client came for its idle time. The launcher names the socket after the
 * jar it runs, so a rebuilt jar gets a server of its own and the old one idles out.
 */
public final class CommandServer {

    /** How long a server with no client stays up, unless its second argument says otherwise (seconds). */
    static final Duration IDLE = Duration.ofMinutes(30);

    private final ServerSocketChannel server;
    private final Duration idle;
    private final AtomicInteger active = new AtomicInteger();
    private final AtomicLong lastSeen = new AtomicLong(System.nanoTime());

    private CommandServer(ServerSocketChannel server, Duration idle) {
        this.server = server;
        this.idle = idle;
    }

    /** {@code SOCKET [IDLE_SECONDS]}. A second server for the same socket leaves at once. */
    public static void main(String[] args) throws IOException {
        Path socket = Path.of(args[0]);
        Duration idle = args.length > 1 ? Duration.ofSeconds(Long.parseLong(args[1])) : IDLE;
        Thread.setDefaultUncaughtExceptionHandler((thread, e) -> {
            if (!thread.getName().startsWith("docker-java")) {
                System.err.println("mlcompose server: " + thread.getName() + ": " + e);
            }
        });
        try (var lock = FileChannel.open(socket.resolveSibling(socket.getFileName() + ".lock"),
                StandardOpenOption.CREATE, StandardOpenOption.WRITE);
             var held = lock.tryLock()) {
            if (held == null) {
                return; // another server has this socket, or is starting on it
            }
            Files.deleteIfExists(socket); // left by a server that was killed
            try (var channel = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
                channel.bind(UnixDomainSocketAddress.of(socket));
                new CommandServer(channel, idle).serve();
            } finally {
                Files.deleteIfExists(socket);
            }
        }
        System.exit(0); // threads an engine client left behind must not keep an idle server up
    }

    private void serve() throws IOException {
        var idleCheck = Executors.newSingleThreadScheduledExecutor(r -> {
            var t = new Thread(r, "mlcompose-server-idle");
            t.setDaemon(true);
            return t;
        });
        idleCheck.scheduleWithFixedDelay(this::closeIfIdle, 1, 1, TimeUnit.SECONDS);
        var clients = new AtomicInteger();
        try {
            while (true) {
                var channel = server.accept();
                active.incrementAndGet();
                var thread = new Thread(() -> {
                    try {
                        new ClientSession(channel).run();
                    } finally {
                        lastSeen.set(System.nanoTime());
                        active.decrementAndGet();
                    }
                }, "mlcompose-client-" + clients.incrementAndGet());
                thread.setDaemon(true);
                thread.start();
            }
        } catch (AsynchronousCloseException idleOver) {
            // closed by closeIfIdle
        } finally {
            idleCheck.shutdownNow();
        }
    }

    private void closeIfIdle() {
        if (active.get() == 0 && System.nanoTime() - lastSeen.get() > idle.toNanos()) {
            try {
                server.close();
            } catch (IOException e) {
                // closing anyway
            }
        }
    }
}
