package dev.mlcompose.runner.engine;

import java.io.Closeable;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The container engine as mlcompose needs it, in the project's own terms. The Docker adapter
 * ({@code engine.docker}) is the only code that sees docker-java; a Swarm backend would be a second adapter.
 * Every method throws {@link EngineException} with a {@link EngineException.Kind} decided by the adapter;
 * transient failures are already retried when one reaches the caller.
 */
public interface Engine extends AutoCloseable {

    EngineInfo info();

    boolean imageExists(String image);

    /** Builds {@code spec} and tags it; each build output line goes to {@code progress}. */
    void build(BuildSpec spec, Consumer<String> progress);

    void pull(String image, Consumer<String> progress);

    /** Pushes a local image to the registry its name names; each status line goes to {@code progress}. */
    void push(String image, Consumer<String> progress);

    /** Removes a local image (untags it, and deletes it with its untagged parents when no tag is left). */
    void removeImage(String reference);

    List<NetworkInfo> networks(Map<String, String> labels);

    void createNetwork(NetworkSpec spec);

    /** Removes a network by ID or name (an ID is never ambiguous). */
    void removeNetwork(String idOrName);

    List<VolumeInfo> volumes(Map<String, String> labels);

    void createVolume(VolumeSpec spec);

    void removeVolume(String name);

    /**
     * Containers carrying all of {@code labels}; stopped ones too when {@code all}. One cheap call: the states
     * lack what only {@link #inspect} tells (health log, start and finish times, OOM flag, restart count).
     */
    List<ContainerState> containers(Map<String, String> labels, boolean all);

    /** Creates a container; its id, and the engine's warnings (settings it discarded, for one). */
    CreatedContainer create(ContainerSpec spec);

    /** Writes a file into a created container (its parent directories made as needed), before it starts. */
    void copyFile(String id, ContainerFile file);

    /** The path in the container, what it is and its content as a tar stream; empty when nothing is there. */
    Optional<ContainerArchive> archive(String id, String path);

    /** Unpacks a tar stream into the container's existing directory {@code directory} ({@code docker cp}'s way in). */
    void extract(String id, String directory, InputStream tar);

    void start(String id);

    /** Stops gracefully, killing after {@code timeout}. */
    void stop(String id, Duration timeout);

    void kill(String id, String signal);

    /** Freezes a running container's processes (the engine's pause); {@link #unpause} thaws them. */
    void pause(String id);

    void unpause(String id);

    void remove(String id, boolean force);

    ContainerState inspect(String id);

    /**
     * Runs a command in a running container; its output goes to {@code sink} as lines, or raw to the request's
     * terminal when it asks for a pseudo-terminal; returns its exit code.
     */
    int exec(String id, ExecRequest request, Consumer<LogLine> sink);

    /**
     * Runs a command in a running container as {@code docker exec -i} without a TTY does: the request's stdin, when
     * present, goes in to its end (which then closes the command's stdin), and its stdout and stderr come out apart,
     * byte for byte. Returns its exit code. The request must not ask for a terminal.
     */
    int execPiped(String id, ExecRequest request, OutputStream stdout, OutputStream stderr);

    /** Starts a command in a running container and returns at once, not attached ({@code docker exec -d}). */
    void execDetached(String id, ExecRequest request);

    /**
     * Attaches to a created container that has no TTY, before it starts, so that none of its output is missed:
     * {@code stdin}, when present, goes in to its end, which closes the container's stdin when it was created with
     * {@code stdin_open} and stdin-once; its stdout and stderr come out apart, byte for byte. The engine ends the
     * stream when the container stops.
     */
    LogStream attachPiped(String id, Optional<InputStream> stdin, OutputStream stdout, OutputStream stderr);

    /**
     * Attaches a terminal to a created container that has a TTY; made before it starts, so that none of its
     * output is missed. {@code stdin}, when present, goes in as raw bytes; the TTY's output goes raw to the
     * terminal's output. The engine ends the stream when the container stops.
     */
    LogStream attachTerminal(String id, Optional<InputStream> stdin, Terminal terminal);

    /** Sizes a running container's TTY to the terminal's; nothing for a size of 0 or a container that stopped. */
    void resizeTerminal(String id, Terminal terminal);

    /**
     * Whether the engine has a device driver for {@code request} (for GPUs: a GPU runtime). Probed with a
     * container of {@code image} that never runs its process and is removed again; it carries {@code labels}
     * so that a probe left behind by a killed run is cleaned up with its project.
     */
    boolean supportsDevices(DeviceRequest request, String image, Map<String, String> labels);

    /**
     * Why the engine would not start {@code spec}, if it would not: created and started with an entrypoint that
     * does not exist, so nothing runs, and removed again. Settings the engine checks only at start (devices,
     * groups, CDI names, cgroup values) are refused here, before anything of a project is created.
     */
    Optional<String> startRefusal(ContainerSpec spec);

    /**
     * The user's registry credentials as a docker CLI config.json text ({@code {"auths": {...}}}), from the CLI
     * configuration this engine was found with, credential helpers included; {@code {"auths": {}}} when there are
     * none. What compose gives a {@code use_api_socket} container, so that its docker CLI can pull.
     */
    String registryCredentials();

    /** One sample of a running container's resource use (the engine takes about a second to measure it). */
    ContainerStats stats(String id);

    /** Streams a running container's memory use in bytes (its peak so far where the engine knows it). */
    Closeable memoryUsage(String id, Consumer<Long> sink);

    /** The processes running in a container. */
    Processes top(String id);

    /** A local image, or empty when it is not there. */
    Optional<ImageInfo> image(String reference);

    /** Reads a container's output so far (never follows); returns when the engine has sent all of it. */
    List<LogLine> readLogs(String id, LogOptions options);

    /** Streams a container's output until it ends or the returned handle is closed. */
    LogStream logs(String id, LogOptions options, Consumer<LogLine> sink);

    /** Streams engine events for containers carrying {@code labels} until the handle is closed. */
    default Closeable events(Map<String, String> labels, Consumer<EngineEvent> sink) {
        return events(labels, Optional.empty(), Optional.empty(), sink);
    }

    /**
     * As {@link #events(Map, Consumer)}, from {@code since} (unix seconds; the engine replays what it kept since
     * then) and until {@code until}, when the engine ends the stream by itself.
     */
    Closeable events(Map<String, String> labels, Optional<Long> since, Optional<Long> until, Consumer<EngineEvent> sink);

    @Override
    void close();
}
