package dev.mlcompose.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --backend swarm} on a real 3-node Swarm ({@code scripts/swarm-cluster.sh}, Engine 26.1): the specs it
 * sends are those {@code docker stack deploy} makes of the same file, read back from the manager; the DAG is
 * honoured, read from task timestamps; a second {@code up} changes nothing and a changed variable updates one
 * service; a failed job fails {@code up} with its exit code and output; a refused key makes nothing; {@code docker
 * stack ps/rm} see and remove what mlcompose made, and {@code down} leaves nothing.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SwarmBackendE2ETest {

    private static final Path SCRIPT = Cli.ROOT.resolve("scripts/swarm-cluster.sh");
    private static final Path DOCKER = Cli.ROOT.resolve(".tools/engine-26/bin/docker");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path CLUSTER = Path.of("/tmp", "mlc-sb-" + UUID.randomUUID().toString().substring(0, 6));

    /** Every key stack deploy maps that this backend maps too, with the one-engine keys it shares. */
    private static final String FIDELITY = """
            services:
              db:
                image: mlcompose-test/busybox:1
                command: ["sh", "-c", "sleep 3600"]
                environment: {B: "2", A: "1"}
                labels: {tier: data}
                healthcheck: {test: ["CMD", "true"], interval: 2s, timeout: 1s, retries: 3, start_period: 1s}
                volumes:
                  - data:/data
                  - {type: bind, source: /tmp, target: /host-tmp, read_only: true}
                working_dir: /data
                user: "1000"
                stop_grace_period: 3s
                networks:
                  back: {aliases: [database]}
                secrets: [{source: token, target: /run/secrets/tok, mode: 0400}]
                deploy:
                  replicas: 2
                  endpoint_mode: dnsrr
                  labels: {owner: ml}
                  resources:
                    limits: {cpus: "0.5", memory: 64M, pids: 100}
                    reservations:
                      cpus: "0.1"
                      memory: 16M
                      generic_resources: [{discrete_resource_spec: {kind: gpu, value: 1}}]
                  restart_policy: {condition: on-failure, delay: 2s, max_attempts: 3, window: 10s}
                  placement:
                    constraints: [node.role == worker]
                    preferences: [{spread: node.labels.zone}]
                    max_replicas_per_node: 1
                  update_config: {parallelism: 1, delay: 1s, failure_action: rollback, monitor: 5s,
                                  max_failure_ratio: 0.5, order: start-first}
                  rollback_config: {parallelism: 2, order: stop-first}
              web:
                image: mlcompose-test/busybox:1
                entrypoint: ["sh"]
                command: ["-c", "httpd -f -p 8080"]
                ports:
                  - {target: 8080, published: "${WEB_PORT}", mode: host}
                  - {target: 9090, published: "${UDP_PORT}", protocol: udp, mode: host}
                restart: on-failure:2
                networks: [back, default]
                deploy: {mode: global}
            networks:
              back: {driver_opts: {encrypted: ""}, labels: {net: "1"}}
            volumes:
              data: {labels: {v: "1"}}
            secrets:
              token: {file: ./secret.txt}
            """;

    private static final String DAG = """
            services:
              db:
                image: mlcompose-test/busybox:1
                command: ["sh", "-c", "sleep 3; touch /tmp/ready; sleep 3600"]
                healthcheck: {test: ["CMD", "test", "-f", "/tmp/ready"], interval: 1s, retries: 30}
                deploy: {endpoint_mode: dnsrr, placement: {constraints: [node.hostname == mlc-n2]}}
              migrate:
                image: mlcompose-test/busybox:1
                command: ["sh", "-c", "nslookup db >/dev/null && echo migrated; exit ${MIGRATE_EXIT:-0}"]
                depends_on: {db: {condition: service_healthy}}
                deploy: {placement: {constraints: [node.hostname == mlc-n3]}}
                x-mlcompose: {role: job}
              web:
                image: mlcompose-test/busybox:1
                command: ["sh", "-c", "httpd -f -p 8080"]
                environment: {GREETING: "${GREETING:-hello}"}
                depends_on: {migrate: {condition: service_completed_successfully}}
                deploy: {endpoint_mode: dnsrr}
            """;

    private static String manager;

    @TempDir
    Path dir;

    @BeforeAll
    static void startCluster() throws Exception {
        var start = script("start", CLUSTER.toString(), "3");
        String last = start.out().lines().reduce((a, b) -> b).orElse("");
        if (start.code() != 0 || !last.startsWith("DOCKER_HOST=")) {
            script("stop", CLUSTER.toString());
            Prerequisites.missing("SwarmBackendE2ETest", "the cluster did not start (scripts/swarm-cluster.sh needs"
                    + " root and the main engine's images): " + start.out());
        }
        manager = last.substring("DOCKER_HOST=".length());
    }

    @AfterAll
    static void stopCluster() throws Exception {
        if (manager != null) {
            var stop = script("stop", CLUSTER.toString());
            assertThat(stop.code()).as(stop.out()).isZero();
        }
    }

    @Test
    @Order(1)
    void the_specs_sent_are_those_docker_stack_deploy_makes_of_the_same_file() throws Exception {
        Files.writeString(dir.resolve("compose.yaml"), FIDELITY);
        Files.writeString(dir.resolve("secret.txt"), "s3cret\n");
        var stack = runIn(dir, Map.of("WEB_PORT", "18080", "UDP_PORT", "19090"), DOCKER.toString(), "-H", manager,
                "stack", "deploy", "--resolve-image", "never", "--detach=true", "-c", "compose.yaml", "ref");
        assertThat(stack.code()).as(stack.out()).isZero();
        var ours = mlcompose(Map.of("WEB_PORT", "18081", "UDP_PORT", "19091"), "-p", "ours", "up", "-d");
        assertThat(ours.exitCode()).as(ours.err()).isZero();

        for (String service : List.of("db", "web")) {
            JsonNode reference = comparable(spec("ref_" + service), "ref");
            JsonNode mine = comparable(spec("ours_" + service), "ours");
            if (service.equals("web")) { // the one intended difference: each project its own host ports
                assertThat(mine.at("/EndpointSpec/Ports/0/PublishedPort").asInt()).isEqualTo(18081);
                ((ObjectNode) mine.at("/EndpointSpec/Ports/0")).put("PublishedPort", 18080);
                ((ObjectNode) mine.at("/EndpointSpec/Ports/1")).put("PublishedPort", 19090);
            }
            assertThat(mine.toPrettyString()).as(service).isEqualTo(reference.toPrettyString());
        }
        assertThat(mlcompose(Map.of("WEB_PORT", "1", "UDP_PORT", "2"), "-p", "ours", "down").exitCode()).isZero();
        assertThat(docker("stack", "rm", "ref").code()).isZero();
        awaitNothingLeft("ours");
    }

    @Test
    @Order(2)
    void a_service_starts_only_once_its_dependencies_conditions_hold_and_a_second_up_changes_nothing() throws Exception {
        Files.writeString(dir.resolve("compose.yaml"), DAG);
        var up = mlcompose(Map.of(), "-p", "dag", "up", "--wait");
        assertThat(up.exitCode()).as(up.err()).isZero();

        Instant dbHealthy = taskTime("dag_db", "running");
        Instant migrateDone = taskTime("dag_migrate", "complete");
        assertThat(created("dag_migrate")).as("migrate made once db was healthy").isAfterOrEqualTo(dbHealthy);
        assertThat(created("dag_web")).as("web made once migrate had completed").isAfterOrEqualTo(migrateDone);
        assertThat(docker("service", "logs", "--raw", "dag_migrate").out()).contains("migrated");

        var versions = versions();
        var again = mlcompose(Map.of(), "-p", "dag", "up", "-d");
        assertThat(again.exitCode()).as(again.err()).isZero();
        assertThat(versions()).as("a second up changes no service").isEqualTo(versions);

        var changed = mlcompose(Map.of("GREETING", "bonjour"), "-p", "dag", "up", "-d");
        assertThat(changed.exitCode()).as(changed.err()).isZero();
        var after = versions();
        assertThat(after.get("dag_web")).as("the changed service is updated").isNotEqualTo(versions.get("dag_web"));
        assertThat(after.get("dag_db")).isEqualTo(versions.get("dag_db"));
        assertThat(after.get("dag_migrate")).isEqualTo(versions.get("dag_migrate"));

        assertThat(docker("stack", "ps", "dag", "--format", "{{.Name}}").out()).contains("dag_db.1", "dag_web.1");
        assertThat(docker("stack", "rm", "dag").code()).isZero();
        awaitNothingLeft("dag");
    }

    @Test
    @Order(3)
    void a_failed_job_fails_up_with_its_exit_code_and_output_and_its_dependant_is_never_made() throws Exception {
        Files.writeString(dir.resolve("compose.yaml"), DAG);
        var up = mlcompose(Map.of("MIGRATE_EXIT", "3"), "-p", "fails", "up", "-d");
        assertThat(up.exitCode()).isEqualTo(1);
        assertThat(up.err()).contains("error: service migrate: task: non-zero exit (3)", "migrated")
                .doesNotContain("Exception");
        assertThat(docker("service", "ls", "--format", "{{.Name}}").out()).contains("fails_migrate")
                .doesNotContain("fails_web");
        var down = mlcompose(Map.of(), "-p", "fails", "down");
        assertThat(down.exitCode()).as(down.err()).isZero();
        assertNothingLeft("fails");
    }

    @Test
    @Order(4)
    void what_a_swarm_cannot_run_is_refused_at_its_key_and_nothing_is_made() throws Exception {
        Files.writeString(dir.resolve("compose.yaml"), """
                services:
                  a:
                    image: mlcompose-test/busybox:1
                    privileged: true
                    gpus: all
                  b:
                    build: .
                """);
        var up = mlcompose(Map.of(), "-p", "refused", "up", "-d");
        assertThat(up.exitCode()).isEqualTo(3);
        assertThat(up.err().replace(dir + "/", "").lines().filter(l -> l.startsWith("error: ")).toList()).containsExactly(
                "error: compose.yaml:4:5: services.a.privileged: a Swarm runs no privileged tasks; add the capabilities"
                        + " the task needs with cap_add",
                "error: compose.yaml:5:5: services.a.gpus: a Swarm cannot reserve all of a node's GPUs: give count: N",
                "error: compose.yaml:7:5: services.b.build: a Swarm cannot build: build and push the image, then name"
                        + " it in image:");
        assertNothingLeft("refused");
    }

    /** A service's spec as the manager has it, with what differs by nature between two stacks made alike. */
    private JsonNode comparable(JsonNode spec, String namespace) throws Exception {
        var tree = (ObjectNode) JSON.readTree(spec.toString().replace("\"" + namespace + "_", "\"NS_")
                .replace("\"" + namespace + "\"", "\"NS\""));
        ((ObjectNode) tree.get("Labels")).remove("dev.mlcompose.spec-hash");
        var container = (ObjectNode) tree.at("/TaskTemplate/ContainerSpec");
        container.remove("Privileges"); // stack deploy sends an empty one, which changes nothing
        container.path("Secrets").forEach(s -> ((ObjectNode) s).put("SecretID", "ID")
                .put("SecretName", s.path("SecretName").asText().replaceAll("_[0-9a-f]{12}$", "")));
        for (JsonNode network : tree.at("/TaskTemplate/Networks")) {
            String id = network.path("Target").asText();
            ((ObjectNode) network).put("Target", docker("network", "inspect", "--format", "{{.Name}}", id).out()
                    .replace(namespace + "_", "NS_"));
        }
        return tree;
    }

    private JsonNode spec(String service) throws Exception {
        return JSON.readTree(docker("service", "inspect", "--format", "{{json .Spec}}", service).out());
    }

    private Map<String, String> versions() throws Exception {
        var out = new java.util.TreeMap<String, String>();
        for (String s : List.of("dag_db", "dag_migrate", "dag_web")) {
            out.put(s, docker("service", "inspect", "--format", "{{.Version.Index}}", s).out());
        }
        return out;
    }

    private Instant created(String service) throws Exception {
        return Instant.parse(docker("service", "inspect", "--format", "{{json .CreatedAt}}", service).out()
                .replace("\"", ""));
    }

    /** When the service's first task reached {@code state} (a task's status holds the time of its last change). */
    private Instant taskTime(String service, String state) throws Exception {
        String ids = docker("service", "ps", "-q", "--no-trunc", service).out();
        for (String id : ids.lines().toList()) {
            JsonNode status = JSON.readTree(docker("inspect", "--format", "{{json .Status}}", id).out());
            if (status.path("State").asText().equals(state)) {
                return Instant.parse(status.path("Timestamp").asText());
            }
        }
        throw new AssertionError(service + " has no " + state + " task: " + ids);
    }

    private void awaitNothingLeft(String namespace) throws Exception {
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(60)).pollInterval(java.time.Duration.ofSeconds(1))
                .untilAsserted(() -> assertNothingLeft(namespace));
    }

    private void assertNothingLeft(String namespace) throws Exception {
        String label = "label=com.docker.stack.namespace=" + namespace;
        for (String kind : List.of("service", "network", "secret", "config")) {
            assertThat(docker(kind, "ls", "-q", "--filter", label).out()).as(kind + "s of " + namespace).isEmpty();
        }
    }

    private Cli.Result mlcompose(Map<String, String> env, String... args) throws Exception {
        var all = new java.util.HashMap<>(env);
        all.put("DOCKER_HOST", manager);
        all.put("MLCOMPOSE_BACKEND", "swarm");
        return Cli.run(dir, all, args);
    }

    private Result docker(String... args) throws Exception {
        var command = new ArrayList<>(List.of(DOCKER.toString(), "-H", manager));
        command.addAll(List.of(args));
        return run(command, null, Map.of());
    }

    private static Result script(String... args) throws Exception {
        var command = new ArrayList<>(List.of("bash", SCRIPT.toString()));
        command.addAll(List.of(args));
        return run(command, null, Map.of());
    }

    private static Result runIn(Path dir, Map<String, String> env, String... command) throws Exception {
        return run(List.of(command), dir, env);
    }

    private record Result(int code, String out) {
    }

    private static Result run(List<String> command, Path dir, Map<String, String> env) throws IOException,
            InterruptedException {
        var builder = new ProcessBuilder(command).redirectErrorStream(true);
        if (dir != null) {
            builder.directory(dir.toFile());
        }
        builder.environment().putAll(env);
        var process = builder.start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(180, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            return new Result(-1, out);
        }
        return new Result(process.exitValue(), out.strip());
    }
}
