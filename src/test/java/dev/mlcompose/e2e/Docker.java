package dev.mlcompose.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The end-to-end suite's own view of the engine, through the docker CLI: what a user would check by
 * hand ({@code docker inspect}, {@code docker ps}), independent of mlcompose's engine adapter.
 */
final class Docker {

    private static final ObjectMapper JSON = new ObjectMapper();

    private Docker() {
    }

    static String run(String... args) {
        var command = new ArrayList<>(List.of("docker"));
        command.addAll(Arrays.asList(args));
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IllegalStateException("docker " + String.join(" ", args) + " failed: " + out);
            }
            return out;
        } catch (IOException e) {
            throw new IllegalStateException("the docker CLI is needed by the end-to-end suite", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** For clean-up: whatever fails is ignored. */
    static void runQuietly(String... args) {
        try {
            run(args);
        } catch (IllegalStateException ignored) {
            // already gone
        }
    }

    static boolean imageExists(String reference) {
        try {
            run("image", "inspect", reference);
            return true;
        } catch (IllegalStateException e) {
            return false;
        }
    }

    static boolean available() {
        try {
            run("info", "--format", "{{.ServerVersion}}");
            return true;
        } catch (IllegalStateException e) {
            return false;
        }
    }

    static JsonNode inspect(String container) {
        try {
            return JSON.readTree(run("inspect", container)).get(0);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** {@code docker inspect} on another engine ({@code host} as in DOCKER_HOST). */
    static JsonNode inspectOn(String host, String container) {
        try {
            return JSON.readTree(run("-H", host, "inspect", container)).get(0);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static Instant startedAt(String container) {
        return Instant.parse(inspect(container).path("State").path("StartedAt").asText());
    }

    static Instant finishedAt(String container) {
        return Instant.parse(inspect(container).path("State").path("FinishedAt").asText());
    }

    /** When the container's first passing health probe ended. */
    /**
     * When the container first turned healthy since its last start, from the engine's events: its health log
     * keeps only the last 5 probes, so a fast interval scrolls the first passing one out within seconds.
     */
    static Instant healthyAt(String container) {
        String since = inspect(container).path("State").path("StartedAt").asText();
        String events = run("events", "--since", since, "--until", Instant.now().plusSeconds(1).toString(),
                "--filter", "container=" + container, "--filter", "event=health_status",
                "--format", "{{.Action}} {{.TimeNano}}");
        for (String line : events.split("\n")) {
            if (line.startsWith("health_status: healthy ")) {
                long nanos = Long.parseLong(line.substring(line.lastIndexOf(' ') + 1).strip());
                return Instant.ofEpochSecond(0, nanos);
            }
        }
        throw new AssertionError(container + " never turned healthy since it started; its events: " + events);
    }

    static String id(String container) {
        return inspect(container).path("Id").asText();
    }

    /** Names of the project's containers (all states), networks or volumes. */
    static List<String> containers(String project) {
        return lines(run("ps", "-a", "--filter", "label=com.docker.compose.project=" + project, "--format", "{{.Names}}"));
    }

    static List<String> networks(String project) {
        return lines(run("network", "ls", "--filter", "label=com.docker.compose.project=" + project, "--format", "{{.Name}}"));
    }

    static List<String> volumes(String project) {
        return lines(run("volume", "ls", "--filter", "label=com.docker.compose.project=" + project, "--format", "{{.Name}}"));
    }

    /** Removes whatever a test's project left, whatever state mlcompose left it in. */
    static void purge(String project) {
        containers(project).forEach(c -> run("rm", "-f", c));
        // by ID: two networks of one name (a race of two ups) would be ambiguous by name
        lines(run("network", "ls", "-q", "--filter", "label=com.docker.compose.project=" + project))
                .forEach(n -> run("network", "rm", n));
        volumes(project).forEach(v -> run("volume", "rm", "-f", v));
    }

    private static List<String> lines(String out) {
        return out.lines().map(String::strip).filter(l -> !l.isEmpty()).sorted().toList();
    }
}
