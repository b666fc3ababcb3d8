package dev.mlcompose.runner.run;

import dev.mlcompose.runner.spec.Labels;
import dev.mlcompose.runner.engine.BuildSpec;
import dev.mlcompose.runner.engine.ContainerSpec;
import dev.mlcompose.runner.engine.ContainerState;
import dev.mlcompose.runner.engine.Engine;
import dev.mlcompose.runner.engine.EngineEvent;
import dev.mlcompose.runner.engine.EngineException;
import dev.mlcompose.runner.engine.EngineInfo;
import dev.mlcompose.runner.engine.LogLine;
import dev.mlcompose.runner.engine.LogOptions;
import dev.mlcompose.runner.engine.LogStream;
import dev.mlcompose.runner.engine.NetworkInfo;
import dev.mlcompose.runner.engine.NetworkSpec;
import dev.mlcompose.runner.engine.Terminal;
import dev.mlcompose.runner.engine.VolumeInfo;
import dev.mlcompose.runner.engine.VolumeSpec;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * An in-memory {@link Engine} for the runner's unit tests (never a mock of docker-java): containers of a
 * service become healthy, or exit with a code, after a delay the test chooses; every step is recorded.
 */
final class FakeEngine implements Engine {

    /** What a service's containers do once started. */
    record Behaviour(long healthyAfterMillis, Integer exitCodeAfter, long exitAfterMillis) {
        static Behaviour runs() {
            return new Behaviour(-1, null, 0);
        }

        static Behaviour healthyAfter(long millis) {
            return new Behaviour(millis, null, 0);
        }

        static Behaviour exitsWith(int code, long afterMillis) {
            return new Behaviour(-1, code, afterMillis);
        }
    }

    private record Entry(String id, ContainerSpec spec, String status, int exitCode, Optional<String> health,
                         Instant startedAt, int restarts) {
        Entry(String id, ContainerSpec spec, String status, int exitCode, Optional<String> health, Instant startedAt) {
            this(id, spec, status, exitCode, health, startedAt, 0);
        }

        ContainerState state() {
            return new ContainerState(id, spec.name(), spec.image(), spec.labels(), status, exitCode, false, health,
                    List.of(), Optional.ofNullable(startedAt), Optional.empty(), spec.networking().ports(), restarts,
                    mounts());
        }

        /** The spec's volume mounts as the engine lists them: an anonymous one gets a name made of the id. */
        private List<dev.mlcompose.runner.engine.MountPoint> mounts() {
            var volumes = spec.storage().mounts().stream().filter(m -> m.type().equals("volume")).toList();
            return java.util.stream.IntStream.range(0, volumes.size()).mapToObj(i -> {
                var m = volumes.get(i);
                String name = m.source().isEmpty() ? String.format("%032d%032d", Integer.parseInt(id.substring(1)), i)
                        : m.source();
                return new dev.mlcompose.runner.engine.MountPoint("volume", name, "", m.target(), !m.readOnly());
            }).toList();
        }
    }

    final List<String> log = new CopyOnWriteArrayList<>();
    /** The options of every log stream followed. */
    final List<LogOptions> followed = new CopyOnWriteArrayList<>();
    private final Map<String, Behaviour> behaviours = new ConcurrentHashMap<>();
    private final Map<String, Entry> containers = new ConcurrentHashMap<>();
    private final List<Consumer<EngineEvent>> subscribers = new CopyOnWriteArrayList<>();
    private final Map<String, NetworkInfo> networks = new ConcurrentHashMap<>();
    private final Map<String, VolumeInfo> volumes = new ConcurrentHashMap<>();
    private final ScheduledExecutorService clock = Executors.newScheduledThreadPool(2);
    private final AtomicInteger ids = new AtomicInteger();

    private final Map<String, java.util.Deque<Behaviour>> turns = new ConcurrentHashMap<>();
    volatile boolean gpuRuntime = true;
    /** How long {@code stop} takes after the container died, as the engine's clean-up of it does. */
    volatile Duration stopCleanup = Duration.ZERO;
    /** How long subscribing to events takes, as an engine's stream that opens late. */
    volatile Duration eventsOpening = Duration.ZERO;
    /** Whether the list still shows stopped containers as running, as Engine 26's list does for a moment. */
    volatile boolean listLagsBehindStop;
    private final java.util.Set<String> stoppedSinceListed = ConcurrentHashMap.newKeySet();

    FakeEngine behave(String service, Behaviour behaviour) {
        behaviours.put(service, behaviour);
        return this;
    }

    /** One behaviour per start of the service's container, in turn; the last one then stays. */
    FakeEngine behaveInTurn(String service, Behaviour... inTurn) {
        turns.put(service, new java.util.concurrent.ConcurrentLinkedDeque<>(List.of(inTurn)));
        return this;
    }

    private Behaviour next(String service) {
        var queue = turns.get(service);
        if (queue != null && !queue.isEmpty()) {
            Behaviour b = queue.size() > 1 ? queue.poll() : queue.peek();
            behaviours.put(service, b);
        }
        return behaviours.getOrDefault(service, Behaviour.runs());
    }

    /** The device requests each container was created with, by container name. */
    Map<String, List<dev.mlcompose.runner.engine.DeviceRequest>> devices() {
        var out = new java.util.TreeMap<String, List<dev.mlcompose.runner.engine.DeviceRequest>>();
        containers.values().forEach(e -> out.put(e.spec().name(), e.spec().devices().requests()));
        return out;
    }

    @Override
    public boolean supportsDevices(dev.mlcompose.runner.engine.DeviceRequest request, String image,
                                   Map<String, String> labels) {
        log.add("probe devices " + request.driver());
        return gpuRuntime;
    }

    /** What the engine says when a service's container would start: its refusal, by service; none by default. */
    final Map<String, String> startRefusals = new ConcurrentHashMap<>();
    /** The engine this fake says it is. */
    volatile EngineInfo info = new EngineInfo("fake://", "0", "1.41", "linux", 2, 1L << 30, List.of("runc"));

    /** The CDI device names the engine resolves; null: it has no CDI at all (Engine 20.10, or CDI off). */
    volatile java.util.Set<String> cdiDevices;

    @Override
    public Optional<String> startRefusal(ContainerSpec spec) {
        String service = spec.labels().getOrDefault(Labels.SERVICE, "");
        log.add("probe start " + service);
        return cdiRefusal(spec).or(() -> Optional.ofNullable(startRefusals.get(service)));
    }

    /** What Docker Engine says at start for CDI names: no driver without CDI, unresolvable for unknown names. */
    private Optional<String> cdiRefusal(ContainerSpec spec) {
        var names = spec.devices().requests().stream().filter(r -> r.driver().equals("cdi"))
                .flatMap(r -> r.deviceIds().stream()).toList();
        if (names.isEmpty()) {
            return Optional.empty();
        }
        if (cdiDevices == null) {
            return Optional.of("could not select device driver \"cdi\" with capabilities: []");
        }
        var unknown = names.stream().filter(n -> !cdiDevices.contains(n)).toList();
        return unknown.isEmpty() ? Optional.empty() : Optional.of("CDI device injection failed: unresolvable CDI devices "
                + String.join(", ", unknown));
    }

    @Override
    public java.io.Closeable memoryUsage(String id, Consumer<Long> sink) {
        sink.accept(100L << 20);
        return () -> { };
    }

    @Override
    public EngineInfo info() {
        log.add("info");
        return info;
    }

    @Override
    public boolean imageExists(String image) {
        return !image.contains("missing");
    }

    @Override
    public void build(BuildSpec spec, Consumer<String> progress) {
        log.add("build " + spec.tag());
    }

    @Override
    public void pull(String image, Consumer<String> progress) {
        throw new EngineException(EngineException.Kind.NOT_FOUND, "image " + image + " not found; no registry answered");
    }

    @Override
    public void push(String image, Consumer<String> progress) {
        throw new EngineException(EngineException.Kind.FAILED, "image " + image + " not pushed; no registry answered");
    }

    @Override
    public List<NetworkInfo> networks(Map<String, String> labels) {
        return networks.values().stream().filter(n -> n.labels().entrySet().containsAll(labels.entrySet())).toList();
    }

    @Override
    public void createNetwork(NetworkSpec spec) {
        if (networks.containsKey(spec.name()) || createdMeanwhile.remove(spec.name())) {
            networks.put(spec.name(), new NetworkInfo(spec.name(), spec.name(), spec.labels()));
            throw new EngineException(EngineException.Kind.CONFLICT, "create network " + spec.name()
                    + ": network with name " + spec.name() + " already exists");
        }
        Instant now = Instant.now();
        if (twinCreatedMeanwhile.remove(spec.name())) {
            // created a moment earlier by another run, whose name check passed at the same time as ours
            networks.put("their-" + spec.name(), new NetworkInfo("their-" + spec.name(), spec.name(), spec.labels(),
                    now.minusMillis(1)));
        }
        networks.put(spec.name(), new NetworkInfo(spec.name(), spec.name(), spec.labels(), now));
    }

    /** Names of networks another run creates a twin of at the same time (Engine 20.10's name check races). */
    final java.util.Set<String> twinCreatedMeanwhile = ConcurrentHashMap.newKeySet();

    @Override
    public void removeNetwork(String idOrName) {
        networks.remove(idOrName);
    }

    @Override
    public List<VolumeInfo> volumes(Map<String, String> labels) {
        return volumes.values().stream().filter(v -> v.labels().entrySet().containsAll(labels.entrySet())).toList();
    }

    @Override
    public void createVolume(VolumeSpec spec) {
        volumes.put(spec.name(), new VolumeInfo(spec.name(), spec.labels()));
    }

    @Override
    public void removeImage(String reference) {
        log.add("remove image " + reference);
    }

    @Override
    public void removeVolume(String name) {
        volumes.remove(name);
    }

    @Override
    public List<ContainerState> containers(Map<String, String> labels, boolean all) {
        return containers.values().stream()
                .map(e -> stoppedSinceListed.contains(e.id()) ? new Entry(e.id(), e.spec(), "running", 0, e.health(),
                        e.startedAt()).state() : e.state())
                .filter(c -> c.labels().entrySet().containsAll(labels.entrySet()))
                .filter(c -> all || c.isRunning()).toList();
    }

    /**
     * Names of containers and networks another up creates the moment this one asks for them: the create finds
     * the name taken, as the engine answers a second create of one name (409).
     */
    final java.util.Set<String> createdMeanwhile = ConcurrentHashMap.newKeySet();

    @Override
    public dev.mlcompose.runner.engine.CreatedContainer create(ContainerSpec spec) {
        if (createdMeanwhile.remove(spec.name())) {
            create(spec);
            throw new EngineException(EngineException.Kind.CONFLICT, "create container " + spec.name()
                    + ": Conflict. The container name \"/" + spec.name() + "\" is already in use");
        }
        String id = "c" + ids.incrementAndGet();
        containers.put(id, new Entry(id, spec, "created", 0, Optional.empty(), null));
        log.add("create " + spec.name());
        return new dev.mlcompose.runner.engine.CreatedContainer(id, List.of());
    }

    /** The files copied into each container, by container name: path to content. */
    final Map<String, Map<String, String>> copied = new ConcurrentHashMap<>();

    /** The same files with their modes and owners, in the order they were copied. */
    final List<dev.mlcompose.runner.engine.ContainerFile> copiedFiles = new CopyOnWriteArrayList<>();

    @Override
    public void copyFile(String id, dev.mlcompose.runner.engine.ContainerFile file) {
        copied.computeIfAbsent(containers.get(id).spec().name(), n -> new ConcurrentHashMap<>())
                .put(file.path(), file.content());
        copiedFiles.add(file);
        log.add("copy " + file.path() + " into " + containers.get(id).spec().name());
    }

    /** The fake's containers hold no files of their own (only {@link #copyFile}'s): every path is absent. */
    @Override
    public Optional<dev.mlcompose.runner.engine.ContainerArchive> archive(String id, String path) {
        return Optional.empty();
    }

    @Override
    public void extract(String id, String directory, InputStream tar) {
        log.add("extract into " + directory + " of " + containers.get(id).spec().name());
    }

    /** How a pre_start step's container (by its command, words joined by spaces) exits; 0 by default. */
    final Map<String, Integer> stepExits = new ConcurrentHashMap<>();

    @Override
    public void start(String id) {
        Entry e = containers.get(id);
        stoppedSinceListed.remove(id);
        String service = e.spec().labels().get(Labels.SERVICE);
        Behaviour b = e.spec().labels().containsKey(Labels.HOOK)
                ? Behaviour.exitsWith(stepExits.getOrDefault(String.join(" ", e.spec().process().command()
                        .orElse(List.of())), 0), 0)
                : next(service);
        Optional<String> health = e.spec().healthcheck().isPresent() ? Optional.of("starting") : Optional.empty();
        containers.put(id, new Entry(id, e.spec(), "running", 0, health, Instant.now(), e.restarts()));
        log.add("start " + (e.spec().labels().containsKey(Labels.HOOK) ? e.spec().name() : service));
        emit(id, "start");
        if (b.healthyAfterMillis() >= 0) {
            clock.schedule(() -> change(id, "running", 0, Optional.of("healthy"), "health_status: healthy"),
                    b.healthyAfterMillis(), TimeUnit.MILLISECONDS);
        }
        if (b.exitCodeAfter() != null) {
            clock.schedule(() -> exit(id, b.exitCodeAfter(), health), b.exitAfterMillis(), TimeUnit.MILLISECONDS);
        }
    }

    /**
     * A container's process ends; under {@code restart: always} the engine restarts it after a short backoff, and
     * the restarted container reads exit code 0 again, as the real engine's inspect does.
     */
    private void exit(String id, int exitCode, Optional<String> health) {
        Entry e = containers.get(id);
        if (e == null || !e.status().equals("running")) {
            return;
        }
        if (!e.spec().restart().name().equals("always")) {
            change(id, "exited", exitCode, health, "die");
            return;
        }
        containers.put(id, new Entry(id, e.spec(), "restarting", exitCode, health, e.startedAt(), e.restarts() + 1));
        emit(id, "die");
        clock.schedule(() -> {
            if (containers.containsKey(id) && containers.get(id).status().equals("restarting")) {
                start(id);
            }
        }, 150, TimeUnit.MILLISECONDS);
    }

    private void change(String id, String status, int exitCode, Optional<String> health, String action) {
        Entry e = containers.get(id);
        containers.put(id, new Entry(id, e.spec(), status, exitCode, health, e.startedAt(), e.restarts()));
        log.add(action.replace("health_status: ", "") + " " + e.spec().labels().get(Labels.SERVICE));
        emit(id, action);
    }

    private void emit(String id, String action) {
        var event = new EngineEvent(id, action, containers.get(id).spec().labels(), System.nanoTime());
        subscribers.forEach(s -> s.accept(event));
    }

    @Override
    public void stop(String id, Duration timeout) {
        Entry e = containers.get(id);
        if (e != null && e.status().equals("running")) {
            change(id, "exited", 143, e.health(), "die");
            if (listLagsBehindStop) {
                stoppedSinceListed.add(id);
            }
            if (!stopCleanup.isZero()) {
                try {
                    Thread.sleep(stopCleanup.toMillis());
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                }
                log.add("stopped " + e.spec().labels().get(Labels.SERVICE));
            }
        }
    }

    @Override
    public void kill(String id, String signal) {
        stop(id, Duration.ZERO);
    }

    /** A container of the fake uses one CPU fully and 1 MiB of its 1 GiB. */
    @Override
    public dev.mlcompose.runner.engine.ContainerStats stats(String id) {
        return new dev.mlcompose.runner.engine.ContainerStats(1_000, 2_000, 2, 1 << 20, 1 << 30, 0, 0, 0, 0, 1);
    }

    @Override
    public void pause(String id) {
        Entry e = containers.get(id);
        if (e == null || !e.status().equals("running")) {
            throw new EngineException(EngineException.Kind.CONFLICT, "container " + id + " is not running");
        }
        change(id, "paused", 0, e.health(), "pause");
    }

    @Override
    public void unpause(String id) {
        Entry e = containers.get(id);
        if (e == null || !e.status().equals("paused")) {
            throw new EngineException(EngineException.Kind.CONFLICT, "container " + id + " is not paused");
        }
        change(id, "running", 0, e.health(), "unpause");
    }

    @Override
    public void remove(String id, boolean force) {
        Entry e = containers.remove(id);
        if (e != null) {
            log.add("remove " + e.spec().name());
        }
    }

    @Override
    public ContainerState inspect(String id) {
        Entry e = containers.get(id);
        if (e == null) {
            throw new EngineException(EngineException.Kind.NOT_FOUND, "no such container " + id);
        }
        return e.state();
    }

    /** What an exec of a command (its words joined by spaces) answers: exit code and stderr; 0 and none by default. */
    final Map<String, Map.Entry<Integer, String>> execResults = new ConcurrentHashMap<>();
    /** The exec requests made, in order. */
    final List<dev.mlcompose.runner.engine.ExecRequest> execs = new CopyOnWriteArrayList<>();

    @Override
    public int exec(String id, dev.mlcompose.runner.engine.ExecRequest request, Consumer<LogLine> sink) {
        Entry e = containers.get(id);
        if (e == null || !e.status().equals("running")) {
            throw new EngineException(EngineException.Kind.CONFLICT, "container " + id + " is not running");
        }
        String command = String.join(" ", request.command());
        log.add("exec " + e.spec().name() + " " + command);
        execs.add(request);
        var result = execResults.getOrDefault(command, Map.entry(0, ""));
        sink.accept(new LogLine(id, false, command));
        result.getValue().lines().forEach(line -> sink.accept(new LogLine(id, true, line)));
        return result.getKey();
    }

    /** A piped exec: as {@link #exec}, its output lines as bytes ("command" on stdout, the result's on stderr). */
    @Override
    public int execPiped(String id, dev.mlcompose.runner.engine.ExecRequest request, java.io.OutputStream stdout,
                         java.io.OutputStream stderr) {
        return exec(id, request, line -> {
            try {
                (line.stderr() ? stderr : stdout).write((line.text() + "\n").getBytes(StandardCharsets.UTF_8));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    @Override
    public void execDetached(String id, dev.mlcompose.runner.engine.ExecRequest request) {
        exec(id, request, line -> { });
    }

    /** What each piped attachment got: "attach NAME stdin|no-stdin open|closed once|not-once STATUS". */
    final List<String> pipes = new CopyOnWriteArrayList<>();

    @Override
    public LogStream attachPiped(String id, Optional<InputStream> stdin, java.io.OutputStream stdout,
                                 java.io.OutputStream stderr) {
        ContainerSpec spec = containers.get(id).spec();
        pipes.add("attach " + spec.name() + (stdin.isPresent() ? " stdin" : " no-stdin")
                + (spec.process().stdinOpen() ? " open" : " closed") + (spec.process().stdinOnce() ? " once" : " not-once")
                + " " + containers.get(id).status());
        try {
            stdout.write(("fake output of " + spec.name() + "\n").getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return ENDED;
    }

    /** The registry credentials the fake's CLI config holds. */
    volatile String registryCredentials = "{\n\t\"auths\": {}\n}";

    @Override
    public String registryCredentials() {
        log.add("credentials");
        return registryCredentials;
    }

    @Override
    public dev.mlcompose.runner.engine.Processes top(String id) {
        return new dev.mlcompose.runner.engine.Processes(List.of("PID", "CMD"), List.of(List.of("1", "fake")));
    }

    @Override
    public Optional<dev.mlcompose.runner.engine.ImageInfo> image(String reference) {
        return imageExists(reference) ? Optional.of(new dev.mlcompose.runner.engine.ImageInfo("sha256:" + reference,
                List.of(reference), 1024, "", java.util.Set.of())) : Optional.empty();
    }

    @Override
    public List<LogLine> readLogs(String id, LogOptions options) {
        return List.of(new LogLine(id, false, "fake output of " + inspect(id).name()));
    }

    @Override
    public LogStream logs(String id, LogOptions options, Consumer<LogLine> sink) {
        followed.add(options);
        readLogs(id, options).forEach(sink);
        return ENDED;
    }

    /** A stream that has delivered all it had. */
    private static final LogStream ENDED = new LogStream() {
        @Override
        public boolean awaitEnd(Duration timeout) {
            return true;
        }

        @Override
        public void close() {
        }
    };

    /** The specs of the containers there now. */
    List<ContainerSpec> specs() {
        return containers.values().stream().map(Entry::spec).toList();
    }

    /**
     * What each terminal attachment got: "attach NAME stdin|no-stdin tty|no-tty open|closed STATUS" (the spec's
     * TTY and stdin, the container's status then), and each resize: "resize NAME ROWSxCOLUMNS".
     */
    final List<String> terminals = new CopyOnWriteArrayList<>();

    @Override
    public LogStream attachTerminal(String id, Optional<InputStream> stdin, Terminal terminal) {
        ContainerSpec spec = containers.get(id).spec();
        terminals.add("attach " + spec.name() + (stdin.isPresent() ? " stdin" : " no-stdin")
                + (spec.process().tty() ? " tty" : " no-tty") + (spec.process().stdinOpen() ? " open" : " closed") + " "
                + containers.get(id).status());
        try {
            terminal.output().write(("fake terminal of " + spec.name() + "\r\n").getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return ENDED;
    }

    @Override
    public void resizeTerminal(String id, Terminal terminal) {
        terminals.add("resize " + containers.get(id).spec().name() + " " + terminal.rows() + "x" + terminal.columns());
    }

    @Override
    public Closeable events(Map<String, String> labels, Optional<Long> since, Optional<Long> until,
                            Consumer<EngineEvent> sink) {
        if (!eventsOpening.isZero()) {
            try {
                Thread.sleep(eventsOpening.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        Consumer<EngineEvent> filtered = e -> {
            if (e.attributes().entrySet().containsAll(labels.entrySet())) {
                sink.accept(e);
            }
        };
        subscribers.add(filtered);
        return () -> subscribers.remove(filtered);
    }

    /** The recorded steps, in order, that mention {@code service}. */
    List<String> steps() {
        return new ArrayList<>(log);
    }

    @Override
    public void close() {
        clock.shutdownNow();
    }
}
