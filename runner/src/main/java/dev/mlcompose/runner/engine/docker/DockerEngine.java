package dev.mlcompose.runner.engine.docker;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.ConflictException;
import com.github.dockerjava.api.exception.NotModifiedException;
import dev.mlcompose.runner.engine.ApiVersions;
import dev.mlcompose.runner.engine.BuildSpec;
import dev.mlcompose.runner.engine.ContainerArchive;
import dev.mlcompose.runner.engine.ContainerFile;
import dev.mlcompose.runner.engine.ContainerSpec;
import dev.mlcompose.runner.engine.ContainerState;
import dev.mlcompose.runner.engine.ContainerStats;
import dev.mlcompose.runner.engine.CreatedContainer;
import dev.mlcompose.runner.engine.DeviceRequest;
import dev.mlcompose.runner.engine.Engine;
import dev.mlcompose.runner.engine.EngineEvent;
import dev.mlcompose.runner.engine.EngineException;
import dev.mlcompose.runner.engine.EngineException.Kind;
import dev.mlcompose.runner.engine.EngineInfo;
import dev.mlcompose.runner.engine.ExecRequest;
import dev.mlcompose.runner.engine.ImageInfo;
import dev.mlcompose.runner.engine.LogLine;
import dev.mlcompose.runner.engine.LogOptions;
import dev.mlcompose.runner.engine.LogStream;
import dev.mlcompose.runner.engine.NetworkInfo;
import dev.mlcompose.runner.engine.NetworkSpec;
import dev.mlcompose.runner.engine.Processes;
import dev.mlcompose.runner.engine.Terminal;
import dev.mlcompose.runner.engine.VolumeInfo;
import dev.mlcompose.runner.engine.VolumeSpec;
import dev.mlcompose.runner.history.Durations;
import io.github.resilience4j.retry.Retry;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The {@link Engine} on a Docker Engine through docker-java. Nothing is discovered or connected until the
 * first call, so commands that never touch the engine pay nothing for it.
 */
public final class DockerEngine implements Engine {

    /** The newest Engine API whose create fields this adapter sends (Engine 26.1). */
    static final String NEWEST_API = "1.45";

    /**
     * How long an engine may take to answer the first call. An endpoint that accepts connections but never
     * answers (a hung engine, a wrong port behind a proxy) would otherwise leave every command silent forever.
     */
    public static final Duration FIRST_ANSWER = Duration.ofSeconds(10);

    /**
     * How long the engine may stay silent in a call it answers at once (list, inspect, create, start, kill, network
     * and volume creation...): past it the engine is taken for hung. A loaded engine answers those within seconds.
     * What may rightly be silent for long (streams, builds, pulls, stops, removals) has no such deadline.
     */
    public static final Duration CALL_DEADLINE = Duration.ofSeconds(60);

    private final Supplier<EngineDiscovery.Endpoint> discovery;
    private final Duration firstAnswer;
    private final Duration callDeadline;
    private final Retry retry = EngineRetries.retry("engine");
    private EngineDiscovery.Endpoint endpoint;
    private DockerErrors errors;
    private DockerClients.Connection connection;
    /** Set once the engine let its first answer pass the deadline: every later call fails at once with it. */
    private EngineException unanswered;

    public DockerEngine(Supplier<EngineDiscovery.Endpoint> discovery) {
        this(discovery, FIRST_ANSWER, CALL_DEADLINE);
    }

    DockerEngine(Supplier<EngineDiscovery.Endpoint> discovery, Duration firstAnswer, Duration callDeadline) {
        this.discovery = discovery;
        this.firstAnswer = firstAnswer;
        this.callDeadline = callDeadline;
    }

    /** An engine found like the docker CLI finds it, from this process's environment and home. */
    public static DockerEngine fromEnvironment() {
        return new DockerEngine(() -> EngineDiscovery.fromSystem().find());
    }

    @Override
    public EngineInfo info() {
        return read("engine info", calls -> calls.info(endpoint.host()));
    }

    @Override
    public int exec(String id, ExecRequest request, Consumer<LogLine> sink) {
        return callPatiently("exec in " + id, d -> Execs.run(d, id, request, sink));
    }

    @Override
    public int execPiped(String id, ExecRequest request, OutputStream stdout, OutputStream stderr) {
        if (request.terminal().isPresent()) {
            throw new IllegalArgumentException("a piped exec has no terminal");
        }
        String exec = call("exec in " + id, d -> Execs.create(d, id, request));
        String what = "exec in " + id;
        if (hijacks()) {
            PipedStreams output = hijack(what, "/exec/" + exec + "/start", "{\"Detach\":false,\"Tty\":false}",
                    request.stdin(), stdout, stderr);
            output.awaitEnd(Duration.ofDays(365)); // the engine ends it when the command is done
            output.close();
        } else {
            errors.guard(what, () -> {
                Execs.startFramed(client(), exec, request.stdin(), frame -> PipedStreams.write(frame, stdout, stderr));
                return null;
            });
        }
        return call(what, d -> Execs.exitCode(d, exec));
    }

    @Override
    public void execDetached(String id, ExecRequest request) {
        run("exec in " + id, d -> Execs.startDetached(d, Execs.create(d, id, request)));
    }

    @Override
    public LogStream attachPiped(String id, Optional<InputStream> stdin, OutputStream stdout, OutputStream stderr) {
        String what = "attach to " + id;
        if (hijacks()) {
            return hijack(what, "/containers/" + id + "/attach?stream=1&stdout=1&stderr=1"
                    + (stdin.isPresent() ? "&stdin=1" : ""), "", stdin, stdout, stderr);
        }
        return callPatiently(what, d -> Streams.attach(d, id, stdin,
                frame -> PipedStreams.write(frame, stdout, stderr)));
    }

    /** Whether the endpoint (found by now) takes a connection of our own for a piped stream. */
    private boolean hijacks() {
        client();
        return HijackedConnection.supports(endpoint);
    }

    /**
     * Opens a hijacked call (not retried: stdin may be read by then) and pumps it; returns once the engine has
     * upgraded the connection, so nothing that follows is missed.
     */
    private PipedStreams hijack(String what, String path, String body, Optional<InputStream> stdin, OutputStream stdout,
                             OutputStream stderr) {
        HijackedConnection connection = errors.guard(what, () -> {
            try {
                return HijackedConnection.open(endpoint, "/v" + DockerClients.API.getVersion() + path, body);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        return PipedStreams.start(connection, stdin, stdout, stderr);
    }

    @Override
    public LogStream attachTerminal(String id, Optional<InputStream> stdin, Terminal terminal) {
        String what = "attach to " + id;
        if (terminal.detachKeys().isPresent() && hijacks()) { // docker-java's attach cannot name the keys
            return hijack(what, "/containers/" + id + "/attach?stream=1&stdout=1&stderr=1"
                    + (stdin.isPresent() ? "&stdin=1" : "") + "&detachKeys="
                    + URLEncoder.encode(terminal.detachKeys().get(), StandardCharsets.UTF_8),
                    "", stdin, terminal.output(), terminal.output());
        }
        return callPatiently(what, d -> Streams.attachTerminal(d, id, stdin, terminal));
    }

    @Override
    public void resizeTerminal(String id, Terminal terminal) {
        if (terminal.rows() <= 0 || terminal.columns() <= 0) {
            return;
        }
        run("resize the terminal of " + id, d -> {
            try {
                d.resizeContainerCmd(id).withSize(terminal.rows(), terminal.columns()).exec();
            } catch (RuntimeException e) {
                // stopped already (the engine refuses to size a TTY that is gone): a run's TTY keeps its size
            }
        });
    }

    @Override
    public Processes top(String id) {
        return call("list processes of " + id, d -> {
            var top = d.topContainerCmd(id).exec();
            return new Processes(List.of(top.getTitles()), Arrays.stream(top.getProcesses()).map(List::of).toList());
        });
    }

    @Override
    public Optional<ImageInfo> image(String reference) {
        return read("inspect image " + reference, reads -> reads.image(reference));
    }

    @Override
    public boolean imageExists(String image) {
        return image(image).isPresent();
    }

    @Override
    public void build(BuildSpec spec, Consumer<String> progress) {
        runPatiently("build " + spec.tag(), d -> Builds.build(d, spec, progress));
    }

    @Override
    public void push(String image, Consumer<String> progress) {
        runPatiently("push " + image, d -> Pushes.push(d, image, progress));
    }

    @Override
    public void pull(String image, Consumer<String> progress) {
        try {
            runPatiently("pull " + image, d -> Pulls.pull(d, image, progress));
        } catch (EngineException e) {
            if (DockerErrors.causedByIo(e)) {
                throw e;
            }
            throw new EngineException(Kind.NOT_FOUND, "cannot pull image " + image + " (" + e.getMessage() + ")",
                    e);
        }
    }

    @Override
    public List<NetworkInfo> networks(Map<String, String> labels) {
        return read("list networks", reads -> reads.networks(labels));
    }

    @Override
    public void createNetwork(NetworkSpec spec) {
        read("create network " + spec.name(), calls -> calls.post(createApi(calls), "/networks/create",
                CreateRequests.network(spec)));
    }

    @Override
    public void removeImage(String reference) {
        runPatiently("remove image " + reference, d -> d.removeImageCmd(reference).exec());
    }

    @Override
    public void removeNetwork(String name) {
        run("remove network " + name, d -> d.removeNetworkCmd(name).exec());
    }

    @Override
    public List<VolumeInfo> volumes(Map<String, String> labels) {
        return read("list volumes", reads -> reads.volumes(labels));
    }

    @Override
    public void createVolume(VolumeSpec spec) {
        read("create volume " + spec.name(), calls -> calls.post(createApi(calls), "/volumes/create",
                CreateRequests.volume(spec)));
    }

    @Override
    public void removeVolume(String name) {
        runPatiently("remove volume " + name, d -> d.removeVolumeCmd(name).exec()); // its data is deleted first
    }

    @Override
    public List<ContainerState> containers(Map<String, String> labels, boolean all) {
        return read("list containers", reads -> reads.containers(labels, all));
    }

    @Override
    public CreatedContainer create(ContainerSpec spec) {
        String api = read("engine version", this::createApi);
        String query = "/containers/create?name=" + encode(spec.name()) + spec.platform().map(p -> "&platform="
                + encode(p)).orElse("");
        JsonNode created = read("create container " + spec.name(),
                calls -> calls.post(api, query, CreateRequests.container(spec, api)));
        String id = created.path("Id").asText();
        if (!CreateRequests.allEndpointsAtCreate(api)) {
            var links = spec.networking().links();
            try {
                spec.networking().endpoints().stream().skip(1).forEach(e -> read("connect " + spec.name() + " to "
                        + e.network(), calls -> calls.post(api, "/networks/" + encode(e.network()) + "/connect",
                        connect(id, CreateRequests.endpoint(e, links)))));
            } catch (RuntimeException e) {
                // not left half-made: the next up would keep a container that lacks a network its config names
                ignoring(EngineException.class, () -> remove(id, true));
                throw e;
            }
        }
        var warnings = new ArrayList<String>();
        created.path("Warnings").forEach(w -> warnings.add(w.asText()));
        return new CreatedContainer(id, warnings);
    }

    @Override
    public void copyFile(String id, ContainerFile file) {
        run("copy " + file.path() + " into " + id, d -> Archives.copyInto(d, id, file));
    }

    /** Creates speak the engine's own API version (its newer fields), up to the newest one this adapter knows. */
    private String createApi(TreeCalls calls) {
        String engine = calls.engineApiVersion();
        return ApiVersions.compare(engine, NEWEST_API) < 0 ? engine : NEWEST_API;
    }

    private static com.fasterxml.jackson.databind.node.ObjectNode connect(String id, JsonNode endpoint) {
        var body = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode().put("Container", id);
        body.set("EndpointConfig", endpoint);
        return body;
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    @Override
    public void start(String id) {
        run("start container " + id, d -> ignoring(NotModifiedException.class, () -> d.startContainerCmd(id).exec()));
    }

    @Override
    public void stop(String id, Duration timeout) {
        runPatiently("stop container " + id, d -> ignoring(NotModifiedException.class, // after the grace period
                () -> d.stopContainerCmd(id).withTimeout((int) timeout.toSeconds()).exec()));
    }

    @Override
    public Optional<ContainerArchive> archive(String id, String path) {
        return read("read " + path + " of " + id, reads -> reads.archive(id, path));
    }

    @Override
    public void extract(String id, String directory, InputStream tar) {
        DockerClient d = client();
        errors.guard("copy into " + directory + " of " + id, () -> { // not retried: the stream is read by then
            d.copyArchiveToContainerCmd(id).withRemotePath(directory).withTarInputStream(tar).exec();
            return null;
        });
    }

    @Override
    public ContainerStats stats(String id) {
        return read("read the resource use of " + id, reads -> reads.stats(id));
    }

    @Override
    public void pause(String id) {
        run("pause container " + id, d -> d.pauseContainerCmd(id).exec());
    }

    @Override
    public void unpause(String id) {
        run("unpause container " + id, d -> d.unpauseContainerCmd(id).exec());
    }

    @Override
    public void kill(String id, String signal) {
        // Killing a container that is not running (409) leaves it as wanted: stopped.
        run("kill container " + id, d -> ignoring(ConflictException.class,
                () -> d.killContainerCmd(id).withSignal(signal).exec()));
    }

    @Override
    public void remove(String id, boolean force) {
        runPatiently("remove container " + id, d -> d.removeContainerCmd(id).withForce(force).exec());
    }

    @Override
    public ContainerState inspect(String id) {
        return read("inspect container " + id, calls -> calls.inspect(id));
    }

    @Override
    public List<LogLine> readLogs(String id, LogOptions options) {
        return callPatiently("read logs of " + id, d -> Streams.readLogs(d, id, options)); // a long log takes long
    }

    @Override
    public LogStream logs(String id, LogOptions options, Consumer<LogLine> sink) {
        return callPatiently("follow logs of " + id, d -> Streams.followLogs(d, id, options, sink));
    }

    @Override
    public Closeable events(Map<String, String> labels, Optional<Long> since, Optional<Long> until,
                            Consumer<EngineEvent> sink) {
        return readPatiently("subscribe to events", reads -> reads.events(labels, since, until, sink));
    }

    @Override
    public boolean supportsDevices(DeviceRequest request, String image, Map<String, String> labels) {
        return DeviceProbe.supports(this, request, image, labels);
    }

    @Override
    public Optional<String> startRefusal(ContainerSpec spec) {
        return StartProbe.refusal(this, spec);
    }

    @Override
    public String registryCredentials() {
        EngineDiscovery.Endpoint found;
        synchronized (this) {
            connection();
            found = endpoint;
        }
        return RegistryCredentials.onPath().of(found.configDir());
    }

    @Override
    public Closeable memoryUsage(String id, Consumer<Long> sink) {
        return callPatiently("follow stats of " + id, d -> MemoryStats.follow(d, id, sink));
    }

    @Override
    public synchronized void close() {
        if (connection != null) {
            closeQuietly(connection); // and with it the transport the tree reads share
            connection = null;
        }
    }

    synchronized DockerClient client() {
        return connection().client();
    }

    synchronized TreeCalls treeReads() {
        return connection().reads();
    }


    private synchronized DockerClients.Connection connection() {
        if (unanswered != null) {
            throw unanswered;
        }
        if (connection == null) {
            endpoint = discovery.get();
            errors = new DockerErrors(endpoint.toString());
            DockerClients.Connection opened = DockerClients.open(endpoint);
            awaitFirstAnswer(opened);
            connection = opened;
        }
        return connection;
    }

    /**
     * Pings the engine with a deadline. Only silence is decided here: a refused or broken connection is left
     * to the call that follows, which reports it with its retries.
     */
    private void awaitFirstAnswer(DockerClients.Connection opened) {
        var ping = CompletableFuture.runAsync(() -> opened.reads().ping(), task -> {
            Thread thread = new Thread(task, "mlcompose-engine-ping"); // not the common pool, which may be busy
            thread.setDaemon(true);
            thread.start();
        });
        try {
            ping.get(firstAnswer.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            closeQuietly(opened);
            unanswered = new EngineException(EngineException.Kind.SILENT, "the engine at " + endpoint
                    + " accepted the connection but did not answer within " + Durations.setting(firstAnswer), e);
            throw unanswered;
        } catch (ExecutionException e) {
            // reported by the call itself
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }


    private static void closeQuietly(DockerClients.Connection opened) {
        try {
            opened.client().close(); // and with it the ping still waiting
        } catch (IOException e) {
            // nothing left to release
        }
    }

    /** A call the engine answers at once: retried when the engine is unavailable, failed when it stays silent. */
    private <T> T call(String what, Function<DockerClient, T> action) {
        return attempt(what, client(), action, true);
    }

    /** A call that may rightly take long before its answer (see {@link #CALL_DEADLINE}). */
    private <T> T callPatiently(String what, Function<DockerClient, T> action) {
        return attempt(what, client(), action, false);
    }

    /** A JSON call of the Engine API that has no model here (the Swarm's), prompt, with retries and the deadline. */
    JsonNode send(String what, com.github.dockerjava.transport.DockerHttpClient.Request.Method method, String path,
                  Optional<JsonNode> body) {
        return read(what, calls -> calls.send(method, path, body));
    }

    /** A Swarm service's output, line by line, both streams; with {@code follow}, until the service is removed. */
    void serviceLogs(String serviceId, boolean follow, Optional<Integer> tail, Consumer<String> sink) {
        callPatiently("logs of service " + serviceId, d -> {
            var command = d.logServiceCmd(serviceId).withStdout(true).withStderr(true).withFollow(follow);
            tail.ifPresent(command::withTail);
            try {
                command.exec(new com.github.dockerjava.api.async.ResultCallback.Adapter<com.github.dockerjava.api.model.Frame>() {
                    @Override
                    public void onNext(com.github.dockerjava.api.model.Frame frame) {
                        new String(frame.getPayload(), StandardCharsets.UTF_8).lines().forEach(sink);
                    }
                }).awaitCompletion();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return null;
        });
    }

    /** A call answered by {@link TreeCalls}, with the same retries, deadline and error translation as any other. */
    private <T> T read(String what, Function<TreeCalls, T> read) {
        return attempt(what, treeReads(), read, true);
    }

    private <T> T readPatiently(String what, Function<TreeCalls, T> read) {
        return attempt(what, treeReads(), read, false);
    }

    /**
     * Runs the call with its retries; a prompt one under {@link #callDeadline}. A socket's read timeout cannot be
     * that deadline: the transport reads a Unix socket through a channel, which ignores it. So a watchdog takes an
     * engine that lets the deadline pass for hung and closes the connection, which ends the call waiting on it
     * and every other; each later call fails at once with the same message.
     */
    private <C, T> T attempt(String what, C calls, Function<C, T> action, boolean prompt) {
        Supplier<T> guarded = () -> errors.guard(what, () -> action.apply(calls));
        if (!prompt) {
            return retry.executeSupplier(guarded);
        }
        var alarm = Watchdog.INSTANCE.after(callDeadline, () -> hungUp(what));
        try {
            return retry.executeSupplier(guarded);
        } catch (EngineException e) {
            synchronized (this) {
                throw unanswered != null ? unanswered : e;
            }
        } finally {
            alarm.cancel(false);
        }
    }

    private synchronized void hungUp(String what) {
        if (unanswered == null) {
            unanswered = new EngineException(Kind.SILENT, what + ": the engine at " + endpoint
                    + " did not answer within " + Durations.setting(callDeadline));
            if (connection != null) {
                closeQuietly(connection);
            }
        }
    }

    private void run(String what, Consumer<DockerClient> action) {
        call(what, d -> {
            action.accept(d);
            return null;
        });
    }

    private void runPatiently(String what, Consumer<DockerClient> action) {
        callPatiently(what, d -> {
            action.accept(d);
            return null;
        });
    }

    private static void ignoring(Class<? extends RuntimeException> harmless, Runnable action) {
        try {
            action.run();
        } catch (RuntimeException e) {
            if (!harmless.isInstance(e)) {
                throw e;
            }
        }
    }
}
