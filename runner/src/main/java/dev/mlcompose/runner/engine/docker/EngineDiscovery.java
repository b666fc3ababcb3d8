package dev.mlcompose.runner.engine.docker;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import dev.mlcompose.runner.engine.EngineException;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.StandardProtocolFamily;
import java.net.URI;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Finds the engine like the docker CLI and Testcontainers: {@code DOCKER_HOST}, else the current docker
 * context, else the usual sockets (system, rootless, Docker Desktop). An explicit choice is the only place
 * tried, as with the CLI, so a remote engine that is down never silently becomes the local one.
 */
public final class EngineDiscovery {

    static final String HINT = "start one with scripts/engine.sh or `sudo systemctl start docker`";

    /** Says whether an engine answers at a host URI. */
    @FunctionalInterface
    public interface Probe {
        boolean answers(String host);
    }

    /** Where the engine is, why we looked there, its TLS material if any, and the CLI config directory. */
    public record Endpoint(String host, String source, Optional<Path> certPath, Path configDir) {
        @Override
        public String toString() {
            return host + " (" + source + ")";
        }
    }

    private final Map<String, String> env;
    private final Path home;
    private final Probe probe;

    public EngineDiscovery(Map<String, String> env, Path home, Probe probe) {
        this.env = Map.copyOf(env);
        this.home = home;
        this.probe = probe;
    }

    public EngineDiscovery(Map<String, String> env, Path home) {
        this(env, home, EngineDiscovery::connects);
    }

    public static EngineDiscovery fromSystem() {
        return new EngineDiscovery(System.getenv(), Path.of(System.getProperty("user.home")));
    }

    /** The first candidate that answers, or UNAVAILABLE naming every place tried. */
    public Endpoint find() {
        List<Endpoint> tried = candidates();
        return tried.stream().filter(c -> probe.answers(c.host())).findFirst()
                .orElseThrow(() -> new EngineException(EngineException.Kind.UNAVAILABLE, notFound(tried)));
    }

    List<Endpoint> candidates() {
        String host = env.getOrDefault("DOCKER_HOST", "");
        if (!host.isBlank()) {
            return List.of(new Endpoint(host, "DOCKER_HOST", envCertPath(), configDir()));
        }
        return context().map(List::of).orElseGet(this::sockets);
    }

    private Optional<Endpoint> context() {
        String name = env.getOrDefault("DOCKER_CONTEXT", "");
        String source = "DOCKER_CONTEXT";
        if (name.isBlank()) {
            name = readJson(configDir().resolve("config.json")).path("currentContext").asText("");
            source = "current context";
        }
        if (name.isBlank() || name.equals("default")) {
            return Optional.empty();
        }
        Path meta = configDir().resolve("contexts/meta").resolve(sha256(name)).resolve("meta.json");
        String host = readJson(meta).path("Endpoints").path("docker").path("Host").asText("");
        String where = "docker " + source + " '" + name + "', " + meta;
        return Optional.of(new Endpoint(host.isBlank() ? "(no Endpoints.docker.Host)" : host, where,
                contextCertPath(name), configDir()));
    }

    private List<Endpoint> sockets() {
        List<Endpoint> sockets = new ArrayList<>();
        sockets.add(socket(Path.of("/var/run/docker.sock"), "system socket"));
        String runtime = env.getOrDefault("XDG_RUNTIME_DIR", "");
        if (!runtime.isBlank()) {
            sockets.add(socket(Path.of(runtime, "docker.sock"), "rootless, $XDG_RUNTIME_DIR"));
        }
        sockets.add(socket(home.resolve(".docker/run/docker.sock"), "Docker Desktop"));
        sockets.add(socket(home.resolve(".docker/desktop/docker.sock"), "Docker Desktop"));
        return sockets;
    }

    private Endpoint socket(Path path, String source) {
        return new Endpoint("unix://" + path, source, Optional.empty(), configDir());
    }

    private Path configDir() {
        String dir = env.getOrDefault("DOCKER_CONFIG", "");
        return dir.isBlank() ? home.resolve(".docker") : Path.of(dir);
    }

    private Optional<Path> envCertPath() {
        String verify = env.getOrDefault("DOCKER_TLS_VERIFY", "");
        if (verify.isEmpty() || verify.equals("0")) {
            return Optional.empty();
        }
        String path = env.getOrDefault("DOCKER_CERT_PATH", "");
        return Optional.of(path.isBlank() ? configDir() : Path.of(path));
    }

    private Optional<Path> contextCertPath(String name) {
        Path tls = configDir().resolve("contexts/tls").resolve(sha256(name)).resolve("docker");
        return Files.isDirectory(tls) ? Optional.of(tls) : Optional.empty();
    }

    private static String notFound(List<Endpoint> tried) {
        String places = tried.stream().map(Endpoint::toString).collect(Collectors.joining(", "));
        // Only an explicit DOCKER_HOST or context yields a single candidate.
        String only = tried.size() == 1 ? " (no other place is tried when one is chosen explicitly)" : "";
        return "No container engine answered; tried " + places + only + "; " + HINT;
    }

    private static JsonNode readJson(Path file) {
        if (!Files.isRegularFile(file)) {
            return MissingNode.getInstance();
        }
        try {
            return new ObjectMapper().readTree(file.toFile());
        } catch (IOException e) {
            return MissingNode.getInstance();
        }
    }

    static String sha256(String text) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Connects to the endpoint's socket; ssh and other schemes are not supported by the transport. */
    static boolean connects(String host) {
        try {
            URI uri = URI.create(host);
            return switch (String.valueOf(uri.getScheme())) {
                case "unix" -> connectsUnix(Path.of(uri.getPath()));
                case "tcp", "http", "https" -> connectsTcp(uri);
                case "npipe" -> Files.exists(Path.of(uri.getPath()));
                default -> false;
            };
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static boolean connectsUnix(Path socket) {
        if (!Files.exists(socket)) {
            return false;
        }
        try (SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            return channel.connect(UnixDomainSocketAddress.of(socket));
        } catch (IOException | UnsupportedOperationException e) {
            return false;
        }
    }

    private static boolean connectsTcp(URI uri) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(uri.getHost(), uri.getPort() < 0 ? 2375 : uri.getPort()), 1000);
            return true;
        } catch (IOException | IllegalArgumentException e) {
            return false;
        }
    }
}
