package dev.mlcompose.runner.engine;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A container as the engine reports it. {@code status} is the engine's (created, running, exited, …);
 * {@code health} is empty without a healthcheck; {@code healthLog} holds the last probe outputs; {@code mounts}
 * are its file systems (volumes, binds, tmpfs), as the engine's list and inspect report them.
 */
public record ContainerState(String id, String name, String image, Map<String, String> labels, String status,
                             int exitCode, boolean oomKilled, Optional<String> health, List<String> healthLog,
                             Optional<Instant> startedAt, Optional<Instant> finishedAt, List<PortBinding> ports,
                             int restartCount, List<MountPoint> mounts, Listing listing) {

    public ContainerState {
        labels = Map.copyOf(labels);
        healthLog = List.copyOf(healthLog);
        ports = List.copyOf(ports);
        mounts = List.copyOf(mounts);
    }

    /** A container read by inspect, or made up by a test: no {@link Listing}. */
    public ContainerState(String id, String name, String image, Map<String, String> labels, String status,
                          int exitCode, boolean oomKilled, Optional<String> health, List<String> healthLog,
                          Optional<Instant> startedAt, Optional<Instant> finishedAt, List<PortBinding> ports,
                          int restartCount, List<MountPoint> mounts) {
        this(id, name, image, labels, status, exitCode, oomKilled, health, healthLog, startedAt, finishedAt, ports,
                restartCount, mounts, Listing.NONE);
    }

    /**
     * What only the engine's container list says, for people ({@code ps}): the command line as the engine
     * quotes it, when the container was created, the engine's status text ("Up 3 minutes (healthy)"), its
     * networks, and the ports it exposes without publishing them (no host address or port).
     */
    public record Listing(String command, Optional<Instant> created, String statusText, List<String> networks,
                          List<PortBinding> unpublishedPorts) {

        public static final Listing NONE = new Listing("", Optional.empty(), "", List.of(), List.of());

        public Listing {
            networks = List.copyOf(networks);
            unpublishedPorts = List.copyOf(unpublishedPorts);
        }
    }

    public boolean isRunning() {
        return status.equals("running") || status.equals("restarting");
    }

    /** The same state with another health status. */
    public ContainerState withHealth(String newHealth) {
        return new ContainerState(id, name, image, labels, status, exitCode, oomKilled, Optional.of(newHealth), healthLog,
                startedAt, finishedAt, ports, restartCount, mounts, listing);
    }

    public String label(String key) {
        return labels.getOrDefault(key, "");
    }
}
