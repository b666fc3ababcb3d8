package dev.mlcompose.runner.engine.docker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.DockerException;
import dev.mlcompose.runner.engine.BuildSpec;
import dev.mlcompose.runner.engine.ContainerSpec;
import dev.mlcompose.runner.engine.ContainerSpecBuilder;
import dev.mlcompose.runner.engine.ContainerSpecCpuBuilder;
import dev.mlcompose.runner.engine.ContainerSpecEndpointBuilder;
import dev.mlcompose.runner.engine.ContainerSpecMemoryBuilder;
import dev.mlcompose.runner.engine.ContainerSpecNamespacesBuilder;
import dev.mlcompose.runner.engine.ContainerSpecNetworkingBuilder;
import dev.mlcompose.runner.engine.ContainerSpecProcessBuilder;
import dev.mlcompose.runner.engine.ContainerSpecResourcesBuilder;
import dev.mlcompose.runner.engine.ContainerSpecSecurityBuilder;
import dev.mlcompose.runner.engine.ContainerSpecStorageBuilder;
import dev.mlcompose.runner.engine.NetworkSpecBuilder;
import dev.mlcompose.runner.engine.ContainerState;
import dev.mlcompose.runner.engine.Engine;
import dev.mlcompose.runner.engine.EngineAvailable;
import dev.mlcompose.runner.engine.EngineEvent;
import dev.mlcompose.runner.engine.EngineException;
import dev.mlcompose.runner.engine.ExecRequest;
import dev.mlcompose.runner.engine.Terminal;
import dev.mlcompose.runner.engine.ImageInfo;
import dev.mlcompose.runner.engine.Healthcheck;
import dev.mlcompose.runner.engine.LogLine;
import dev.mlcompose.runner.engine.LogStream;
import dev.mlcompose.runner.engine.LogOptions;
import dev.mlcompose.runner.engine.Mount;
import dev.mlcompose.runner.engine.NetworkInfo;
import dev.mlcompose.runner.engine.NetworkSpec;
import dev.mlcompose.runner.engine.PortBinding;
import dev.mlcompose.runner.engine.VolumeInfo;
import dev.mlcompose.runner.engine.VolumeSpec;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Docker adapter against the real engine: every object is labelled with this run and removed after. */
class DockerEngineTest {

    private static final String BUSYBOX = "mlcompose-test/busybox:1";
    private static final Duration PATIENCE = Duration.ofSeconds(30);

    private final String run = UUID.randomUUID().toString().substring(0, 8);
    private final Map<String, String> labels = Map.of("mlcompose.test", run);
    private final List<EngineEvent> events = new CopyOnWriteArrayList<>();
    private Engine engine;
    private Closeable subscription;

    @TempDir
    Path dir;

    @BeforeEach
    void subscribe() {
        engine = EngineAvailable.requireEngine();
        subscription = engine.events(labels, events::add);
    }

    @AfterEach
    void removeEverything() throws IOException {
        if (engine == null) {
            return;
        }
        subscription.close();
        engine.containers(labels, true).forEach(c -> engine.remove(c.id(), true));
        engine.networks(labels).forEach(n -> engine.removeNetwork(n.name()));
        engine.volumes(labels).forEach(v -> engine.removeVolume(v.name()));
        DockerClient docker = ((DockerEngine) engine).client();
        docker.listImagesCmd().withLabelFilter(labels).exec()
                .forEach(i -> docker.removeImageCmd(i.getId()).withForce(true).exec());
        engine.close();
    }

    @Test
    void containerLifecycleIsSeenThroughEventsLogsAndInspect() throws IOException {
        String network = name("net");
        engine.createNetwork(NetworkSpecBuilder.builder().name(network).driver("bridge").labels(labels).build());
        engine.createNetwork(NetworkSpecBuilder.builder().name(name("back")).internal(true).labels(labels).build());
        engine.createVolume(new VolumeSpec(name("data"), "local", Map.of(), labels));
        assertThat(engine.networks(labels)).extracting(NetworkInfo::name).contains(network, name("back"));
        assertThat(engine.networks(labels)).allSatisfy(n -> {
            assertThat(n.id()).matches("[0-9a-f]{64}");
            assertThat(n.labels()).containsEntry("mlcompose.test", run);
        });
        assertThat(engine.networks(Map.of())).extracting(NetworkInfo::name).contains("bridge", network);
        assertThat(engine.volumes(labels)).singleElement().satisfies(v -> {
            assertThat(v.name()).isEqualTo(name("data"));
            assertThat(v.labels()).containsEntry("mlcompose.test", run);
        });
        assertThat(engine.volumes(Map.of())).extracting(VolumeInfo::name).contains(name("data"));

        String id = engine.create(full(name("web"), network)).id();
        engine.start(id);
        awaitEvent(id, "health_status: healthy");

        assertThat(engine.readLogs(id, LogOptions.all())).extracting(LogLine::text).contains("hello");
        List<LogLine> followed = new CopyOnWriteArrayList<>();
        try (Closeable logs = engine.logs(id, LogOptions.following(), followed::add)) {
            await().atMost(PATIENCE).until(() -> followed.stream().anyMatch(l -> l.text().equals("hello")));
        }
        ContainerState listed = engine.containers(labels, true).get(0);
        assertThat(listed.id()).isEqualTo(id);
        assertThat(listed.name()).isEqualTo(name("web"));
        assertThat(listed.image()).isEqualTo(BUSYBOX);
        assertThat(listed.label("mlcompose.test")).isEqualTo(run);
        assertThat(listed.isRunning()).isTrue();
        assertThat(listed.health()).contains("healthy");
        ContainerState state = engine.inspect(id);
        assertThat(listed.ports()).isEqualTo(state.ports());
        assertThat(state.name()).isEqualTo(name("web"));
        assertThat(state.isRunning()).isTrue();
        assertThat(state.health()).contains("healthy");
        assertThat(state.label("mlcompose.test")).isEqualTo(run);
        assertThat(state.image()).isEqualTo(BUSYBOX);
        assertThat(state.startedAt()).isPresent();
        assertThat(state.finishedAt()).isEmpty();
        assertThat(state.ports()).singleElement().satisfies(p -> {
            assertThat(p.hostIp()).isEqualTo("127.0.0.1");
            assertThat(p.hostPort()).matches("\\d+");
            assertThat(p.containerPort()).isEqualTo(8080);
        });

        engine.stop(id, Duration.ofSeconds(10));
        EngineEvent die = awaitEvent(id, "die");
        assertThat(die.attributes()).containsKey("exitCode");
        ContainerState stopped = engine.inspect(id);
        assertThat(stopped.exitCode()).isEqualTo(Integer.parseInt(die.attributes().get("exitCode")));
        assertThat(stopped.finishedAt()).isPresent();
        ContainerState listedStopped = engine.containers(labels, true).get(0);
        assertThat(listedStopped.status()).isEqualTo("exited");
        assertThat(listedStopped.exitCode()).isEqualTo(stopped.exitCode());
        assertThat(listedStopped.health()).isEmpty();
        assertThat(engine.containers(labels, false)).isEmpty();
        engine.stop(id, Duration.ofSeconds(1));

        engine.remove(id, false);
        assertThat(engine.containers(labels, true)).isEmpty();
        engine.removeNetwork(network);
        engine.removeNetwork(name("back"));
        engine.removeVolume(name("data"));
        assertThat(engine.networks(labels)).isEmpty();
    }

    @Test
    void createPassesTheSpecToTheContainer() {
        String id = engine.create(plain(name("probe"), BUSYBOX, List.of("sh", "-c",
                "grep db /etc/hosts; echo $GREETING; id -u; hostname; pwd; ulimit -n; cat /proc/1/comm"), List.of(),
                true)).id();
        engine.start(id);
        awaitEvent(id, "die");
        assertThat(engine.readLogs(id, LogOptions.all())).extracting(LogLine::text)
                .contains("10.0.0.5\tdb", "hi there", "1000", "probe-host", "/tmp", "1024", "docker-init");
    }

    @Test
    void aPlainTcpEndpointIsSpokenToInPlainHttp() throws IOException {
        var local = EngineDiscovery.fromSystem().find();
        Assumptions.assumeTrue(local.host().startsWith("unix://"), "the relay serves a Unix socket");
        try (var relay = EngineRelay.overTcp(Path.of(java.net.URI.create(local.host()).getPath()));
             var overTcp = new DockerEngine(() -> new EngineDiscovery.Endpoint(relay.host(), "test",
                     Optional.empty(), local.configDir()))) {
            assertThat(overTcp.info().apiVersion()).isEqualTo(engine.info().apiVersion());
        }
    }

    @Test
    @org.junit.jupiter.api.Timeout(30) // without a deadline of its own the call would wait for ever
    void aCallAHungEngineLeavesUnansweredFailsAtItsDeadlineAndEveryLaterCallAtOnce() throws IOException {
        var local = EngineDiscovery.fromSystem().find();
        Assumptions.assumeTrue(local.host().startsWith("unix://"), "the relay serves a Unix socket");
        Path socket = Path.of(java.net.URI.create(local.host()).getPath());
        for (var relay : List.of(EngineRelay.overTcp(socket), EngineRelay.overUnix(socket, dir.resolve("e.sock")))) {
            try (relay; var hung = new DockerEngine(() -> new EngineDiscovery.Endpoint(relay.host(), "test",
                    Optional.empty(), local.configDir()), Duration.ofSeconds(10), Duration.ofMillis(800))) {
                assertThat(hung.containers(labels, true)).as("answered before the engine hangs").isEmpty();
                relay.freeze();

                long start = System.nanoTime();
                assertThatThrownBy(() -> hung.networks(labels))
                        .isInstanceOfSatisfying(EngineException.class,
                                e -> assertThat(e.kind()).isEqualTo(EngineException.Kind.SILENT))
                        .hasMessage("list networks: the engine at " + relay.host() + " (test) did not answer within"
                                + " 800ms");
                assertThat(Duration.ofNanos(System.nanoTime() - start)).as("asked once, not once per retry")
                        .isLessThan(Duration.ofMillis(2500));

                long later = System.nanoTime();
                assertThatThrownBy(() -> hung.inspect("anything")).hasMessageContaining("did not answer within 800ms");
                assertThat(Duration.ofNanos(System.nanoTime() - later)).isLessThan(Duration.ofMillis(400));
            }
        }
    }

    @Test
    void aClosedEventStreamDeliversNothingMore() throws IOException {
        List<EngineEvent> closedEarly = new CopyOnWriteArrayList<>();
        engine.events(labels, closedEarly::add).close();
        String id = engine.create(plain(name("quiet"), BUSYBOX, List.of("true"), List.of(), false)).id();
        engine.start(id);
        awaitEvent(id, "die"); // seen by the test's own subscription, opened before and still open
        assertThat(closedEarly).isEmpty();
    }

    @Test
    void aRefusedTreeReadIsDockerJavasExceptionWithTheEnginesStatus() {
        TreeCalls reads = ((DockerEngine) engine).treeReads();
        assertThatThrownBy(() -> reads.get("/containers/mlcompose-test-no-such-container/json"))
                .isInstanceOfSatisfying(DockerException.class, e -> assertThat(e.getHttpStatus()).isEqualTo(404))
                .hasMessageContaining("mlcompose-test-no-such-container");
    }

    @Test
    void anUnknownContainerIsNotFound() {
        assertThatThrownBy(() -> engine.inspect("mlcompose-test-no-such-container"))
                .isInstanceOfSatisfying(EngineException.class,
                        e -> assertThat(e.kind()).isEqualTo(EngineException.Kind.NOT_FOUND))
                .hasMessageContaining("mlcompose-test-no-such-container");
    }

    @Test
    void aMissingImageIsNotFound() {
        assertThatThrownBy(() -> engine.create(plain(name("x"), "mlcompose-test/missing:never", List.of("true"),
                List.of(), true)).id())
                .isInstanceOfSatisfying(EngineException.class,
                        e -> assertThat(e.kind()).isEqualTo(EngineException.Kind.NOT_FOUND))
                .hasMessageContaining("mlcompose-test/missing:never");
        assertThat(engine.imageExists("mlcompose-test/missing:never")).isFalse();
        assertThat(engine.image("mlcompose-test/missing:never")).isEmpty();
    }

    @Test
    void aTakenPortIsAConflictNamingThePort() {
        List<PortBinding> random = List.of(new PortBinding("127.0.0.1", "", 8080, "tcp"));
        String first = engine.create(plain(name("a"), BUSYBOX, List.of("sleep", "30"), random, false)).id();
        engine.start(first);
        String port = engine.inspect(first).ports().get(0).hostPort();

        List<PortBinding> same = List.of(new PortBinding("127.0.0.1", port, 8080, "tcp"));
        String second = engine.create(plain(name("b"), BUSYBOX, List.of("sleep", "30"), same, false)).id();
        assertThatThrownBy(() -> engine.start(second))
                .isInstanceOfSatisfying(EngineException.class,
                        e -> assertThat(e.kind()).isEqualTo(EngineException.Kind.CONFLICT))
                .hasMessageContaining("127.0.0.1:" + port);
    }

    @Test
    void aBuildHonoursDockerignoreAndArgs() throws IOException {
        Files.writeString(dir.resolve("Dockerfile"), """
                FROM mlcompose-test/busybox:1
                ARG GREETING=none
                COPY . /ctx/
                RUN test ! -e /ctx/secret.txt && test -e /ctx/kept.txt && echo "$GREETING" > /greeting
                USER 1000
                CMD ["cat", "/greeting"]
                """);
        Files.writeString(dir.resolve(".dockerignore"), "secret.txt\n");
        Files.writeString(dir.resolve("secret.txt"), "do not send");
        Files.writeString(dir.resolve("kept.txt"), "send");
        String tag = "mlcompose-test/built:" + run;
        List<String> progress = new ArrayList<>();

        engine.build(new BuildSpec(dir, "Dockerfile", Map.of("GREETING", "built"), Optional.empty(), tag, labels),
                progress::add);

        assertThat(progress).anyMatch(l -> l.startsWith("Step 1/"));
        assertThat(engine.imageExists(tag)).isTrue();
        ImageInfo built = engine.image(tag).orElseThrow();
        assertThat(built.id()).startsWith("sha256:");
        assertThat(built.tags()).containsExactly(tag);
        assertThat(built.user()).isEqualTo("1000");
        assertThat(built.size()).isGreaterThan(engine.image(BUSYBOX).orElseThrow().size());
        assertThat(engine.image(BUSYBOX).orElseThrow().user()).isEmpty();
        String id = engine.create(plain(name("built"), tag, null, List.of(), false)).id();
        engine.start(id);
        awaitEvent(id, "die");
        assertThat(engine.readLogs(id, LogOptions.all())).extracting(LogLine::text).containsExactly("built");
    }

    @Test
    void aFailedBuildReportsItsLastOutput() throws IOException {
        Files.writeString(dir.resolve("Dockerfile"), """
                FROM mlcompose-test/busybox:1
                RUN echo boom-output && false
                """);
        BuildSpec spec = new BuildSpec(dir, "Dockerfile", Map.of(), Optional.empty(),
                "mlcompose-test/broken:" + run, labels);
        assertThatThrownBy(() -> engine.build(spec, line -> { }))
                .isInstanceOfSatisfying(EngineException.class,
                        e -> assertThat(e.kind()).isEqualTo(EngineException.Kind.FAILED))
                .hasMessageContaining("boom-output");
    }

    @Test
    void aPullWithoutRegistryIsNotFound() {
        assertThatThrownBy(() -> engine.pull("mlcompose-test/nowhere:1", line -> { }))
                .isInstanceOfSatisfying(EngineException.class,
                        e -> assertThat(e.kind()).isEqualTo(EngineException.Kind.NOT_FOUND))
                .hasMessageContaining("cannot pull image mlcompose-test/nowhere:1 (pull mlcompose-test/nowhere:1: ")
                .hasRootCauseInstanceOf(DockerException.class);
    }

    @Test
    void execWithATerminalRunsOnAPseudoTerminalOfTheGivenSizeReadsStdinAndFollowsNewSizes() throws Exception {
        String id = engine.create(plain(name("tty"), BUSYBOX, List.of("sleep", "30"), List.of(), false)).id();
        engine.start(id);
        var screen = new ByteArrayOutputStream();
        var keys = new PipedOutputStream();
        var window = new java.util.concurrent.atomic.AtomicReference<Terminal.Resizes.Sink>();
        var terminal = new Terminal(shownOn(screen), 30, 100, window::set);
        var request = new ExecRequest(List.of("sh", "-c", TTY_SCRIPT + "; i=0; while [ \"$(stty size)\" != '20 70' ]"
                + " && [ $i -lt 50 ]; do sleep 0.1; i=$((i+1)); done; stty size; exit 3"), Map.of(),
                Optional.empty(), Optional.empty(), Optional.of(new PipedInputStream(keys)), Optional.of(terminal));
        List<LogLine> lines = new CopyOnWriteArrayList<>();

        try (keys) {
            var exec = CompletableFuture.supplyAsync(() -> engine.exec(id, request, lines::add));
            await().atMost(PATIENCE).until(() -> text(screen).contains("/dev/pts/"));
            keys.write("hello\n".getBytes(StandardCharsets.UTF_8));
            keys.flush();
            await().atMost(PATIENCE).until(() -> text(screen).contains("got:hello"));
            window.get().resized(20, 70); // the window was resized

            assertThat(exec.get(PATIENCE.toSeconds(), TimeUnit.SECONDS)).isEqualTo(3);
        }
        assertThat(text(screen)).as("raw bytes: a TTY ends lines with CRLF").containsPattern("/dev/pts/\\d+\r\n")
                .contains("hello\r\n", "30 100\r\n", "got:hello\r\n", "20 70\r\n");
        assertThat(lines).as("nothing as lines").isEmpty();
    }

    @Test
    void aPipedExecGetsStdinToItsEndAndGivesStdoutAndStderrApartByteForByte() throws Exception {
        String id = engine.create(plain(name("piped"), BUSYBOX, List.of("sleep", "30"), List.of(), false)).id();
        engine.start(id);
        byte[] input = new byte[256 * 1024];
        new java.util.Random(7).nextBytes(input);
        var stdout = new ByteArrayOutputStream();
        var stderr = new ByteArrayOutputStream();
        var request = new ExecRequest(List.of("sh", "-c", "cat; echo end-of-input >&2; exit 5"), Map.of(),
                Optional.empty(), Optional.empty(), Optional.of(new java.io.ByteArrayInputStream(input)));

        var exec = CompletableFuture.supplyAsync(() -> engine.execPiped(id, request, stdout, stderr));

        assertThat(exec.get(PATIENCE.toSeconds(), TimeUnit.SECONDS)).as("cat saw the end of its stdin").isEqualTo(5);
        assertThat(stdout.toByteArray()).isEqualTo(input);
        assertThat(stderr.toString(StandardCharsets.UTF_8)).isEqualTo("end-of-input\n");
    }

    @Test
    void aPipedAttachBeforeStartSeesAllOutputAndTheEndOfStdinClosesTheContainersStdin() throws Exception {
        var spec = plain(name("piped-attach"), BUSYBOX, List.of("sh", "-c", "echo first; cat; echo last >&2"),
                List.of(), false);
        String id = engine.create(spec.withProcess(spec.process().withStdinOpen(true).withStdinOnce(true))).id();
        var stdout = new ByteArrayOutputStream();
        var stderr = new ByteArrayOutputStream();
        var stdin = new java.io.ByteArrayInputStream("line one\nline two\n".getBytes(StandardCharsets.UTF_8));

        try (LogStream output = engine.attachPiped(id, Optional.of(stdin), stdout, stderr)) {
            engine.start(id);
            assertThat(output.awaitEnd(PATIENCE)).as("the engine ends the stream when the container stops").isTrue();
        }
        await().atMost(PATIENCE).until(() -> !engine.inspect(id).isRunning());
        assertThat(engine.inspect(id).exitCode()).isZero();
        assertThat(stdout.toString(StandardCharsets.UTF_8)).isEqualTo("first\nline one\nline two\n");
        assertThat(stderr.toString(StandardCharsets.UTF_8)).isEqualTo("last\n");
    }

    @Test
    void aPipedExecInAStoppedContainerIsRefusedWithTheEnginesWords() {
        String id = engine.create(plain(name("piped-stopped"), BUSYBOX, List.of("true"), List.of(), false)).id();
        var request = new ExecRequest(List.of("cat"), Map.of(), Optional.empty(), Optional.empty(), Optional.empty());

        assertThatThrownBy(() -> engine.execPiped(id, request, new ByteArrayOutputStream(), new ByteArrayOutputStream()))
                .isInstanceOf(EngineException.class).hasMessageContaining("is not running");
    }

    @Test
    void aTerminalAttachedBeforeStartSeesAllOutputSendsKeysAndEndsWithTheContainer() throws Exception {
        String id = engine.create(withTty(plain(name("attach"), BUSYBOX, List.of("sh", "-c", TTY_SCRIPT + "; exit 7"),
                List.of(), false), true)).id();
        var screen = new ByteArrayOutputStream();
        var keys = new PipedOutputStream();
        var terminal = new Terminal(shownOn(screen), 30, 100);

        try (keys; LogStream tty = engine.attachTerminal(id, Optional.of(new PipedInputStream(keys)), terminal)) {
            engine.start(id);
            engine.resizeTerminal(id, terminal);
            await().atMost(PATIENCE).until(() -> text(screen).contains("/dev/pts/"));
            keys.write("hello\n".getBytes(StandardCharsets.UTF_8));
            keys.flush();

            assertThat(tty.awaitEnd(PATIENCE)).as("the engine ends the stream when the container stops").isTrue();
        }
        await().atMost(PATIENCE).until(() -> !engine.inspect(id).isRunning());
        assertThat(engine.inspect(id).exitCode()).isEqualTo(7);
        assertThat(text(screen)).as("from its first line, raw").containsPattern("^/dev/pts/\\d+\r\n")
                .contains("30 100\r\n", "got:hello\r\n");
        engine.resizeTerminal(id, terminal); // a stopped container's TTY: nothing to size, and no failure
    }

    /**
     * Prints its TTY, reads a line, and prints the TTY's size and the line; the engine sets the size once the
     * command runs, so the script waits for it before printing it.
     */
    private static final String TTY_SCRIPT = "tty; read line; i=0; while [ \"$(stty size)\" = '0 0' ] && [ $i -lt 50 ];"
            + " do sleep 0.1; i=$((i+1)); done; stty size; echo got:$line";

    /** A terminal's output that lands in {@code screen}, which the test reads while the engine writes. */
    private static java.io.OutputStream shownOn(ByteArrayOutputStream screen) {
        return new java.io.OutputStream() {
            @Override
            public void write(int b) {
                synchronized (screen) {
                    screen.write(b);
                }
            }
        };
    }

    private static String text(ByteArrayOutputStream screen) {
        synchronized (screen) {
            return screen.toString(StandardCharsets.UTF_8);
        }
    }

    private EngineEvent awaitEvent(String id, String action) {
        return await().atMost(PATIENCE).until(
                () -> events.stream().filter(e -> e.containerId().equals(id) && e.action().equals(action))
                        .findFirst(), Optional::isPresent).orElseThrow();
    }

    private String name(String what) {
        return "mlct-" + run + "-" + what;
    }

    /** The test's main container: most of the spec set, so the engine has to accept all of it. */
    private ContainerSpec full(String name, String network) throws IOException {
        Path host = Files.createDirectories(dir.resolve("host"));
        return ContainerSpecBuilder.builder().name(name).image(BUSYBOX).labels(labels)
                .process(ContainerSpecProcessBuilder.builder().command(List.of("sh", "-c", "echo hello; sleep 30"))
                        .environment(Map.of("GREETING", "hi")).hostname("web").user("root").workingDir("/tmp")
                        .init(true).stopSignal("SIGTERM").stopTimeout(Duration.ofSeconds(5)).build())
                .security(ContainerSpecSecurityBuilder.builder().capAdd(List.of("CAP_CHOWN")).capDrop(List.of("net_raw"))
                        .sysctls(Map.of("net.ipv4.ip_unprivileged_port_start", "0")).build())
                .namespaces(ContainerSpecNamespacesBuilder.builder().ipc("private").build())
                .resources(ContainerSpecResourcesBuilder.builder()
                        .cpu(ContainerSpecCpuBuilder.builder().nanoCpus(500_000_000L).shares(512).cpuset("0").build())
                        .memory(ContainerSpecMemoryBuilder.builder().limit(64L << 20).swap(128L << 20)
                                .reservation(32L << 20).shmSize(16L << 20).build())
                        .pidsLimit(100).ulimits(Map.of("nofile", new ContainerSpec.Ulimit(1024, 2048))).build())
                .storage(ContainerSpecStorageBuilder.builder().mounts(List.of(Mount.of("volume", name("data"), "/data", false),
                        Mount.of("bind", host.toString(), "/host", true), Mount.of("tmpfs", "", "/cache", false)))
                        .tmpfs(Map.of("/scratch", "size=1m")).build())
                .networking(ContainerSpecNetworkingBuilder.builder()
                        .endpoints(List.of(ContainerSpecEndpointBuilder.builder().network(network)
                                        .aliases(List.of("web-alias")).build(),
                                ContainerSpecEndpointBuilder.builder().network(name("back")).aliases(List.of("backend"))
                                        .build()))
                        .ports(List.of(new PortBinding("127.0.0.1", "", 8080, "tcp"))).exposedPorts(List.of("8080/tcp"))
                        .extraHosts(List.of("db=10.0.0.5")).dns(List.of("8.8.8.8")).build())
                .healthcheck(new Healthcheck(List.of("CMD-SHELL", "true"), Duration.ofSeconds(1), Duration.ZERO, 0,
                        Duration.ZERO, Duration.ZERO))
                .restart(new ContainerSpec.RestartPolicy("on-failure", 2))
                .logging(new ContainerSpec.Logging("json-file", Map.of("max-size", "1m"))).build();
    }

    private static ContainerSpec withTty(ContainerSpec spec, boolean tty) {
        return spec.withProcess(spec.process().withTty(tty).withStdinOpen(tty));
    }

    /** A small container; {@code command} null keeps the image's. */
    private ContainerSpec plain(String name, String image, List<String> command, List<PortBinding> ports,
                                boolean probe) {
        var process = ContainerSpecProcessBuilder.builder().command(Optional.ofNullable(command))
                .environment(Map.of("GREETING", "hi there")).init(true);
        if (probe) {
            process.hostname("probe-host").user("app").workingDir("/tmp");
        }
        return ContainerSpecBuilder.builder().name(name).image(image).labels(labels).process(process.build())
                .resources(ContainerSpecResourcesBuilder.builder()
                        .ulimits(Map.of("nofile", new ContainerSpec.Ulimit(1024, 1024))).build())
                .networking(ContainerSpecNetworkingBuilder.builder().ports(ports)
                        .exposedPorts(ports.stream().map(p -> p.containerPort() + "/" + p.protocol()).toList())
                        .extraHosts(List.of("db=10.0.0.5")).build())
                .build();
    }
}
