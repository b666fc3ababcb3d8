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
 * service; a failed job fails {@code up} with its exit code and output, and is retried as its policy says; four
 * one-GPU jobs get four distinct (node, GPU) pairs, which {@code ps} shows; a refused key makes nothing;
 * {@code docker stack ps/rm} see and remove what mlcompose made, and {@code down} leaves nothing. Nodes 2 and 3
 * advertise two fake GPUs each.
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
                secrets: [motd]
                depends_on: {migrate: {condition: service_completed_successfully}}
                deploy: {endpoint_mode: dnsrr}
            secrets:
              motd: {file: ./motd.txt}
            """;

    private static String manager;

    @TempDir
    Path dir;

    @BeforeAll
    static void startCluster() throws Exception {
        var start = script("start", CLUSTER.toString(), "3", "--gpus", "2=2", "--gpus", "3=2");
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
        String worker = host(2);
        var workerVolumes = List.of(DOCKER.toString(), "-H", worker, "volume", "ls", "-q");
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(60))
                .untilAsserted(() -> assertThat(run(workerVolumes, null, Map.of()).out()).contains("ours_data"));
        var down = mlcompose(Map.of("WEB_PORT", "1", "UDP_PORT", "2"), "-p", "ours", "down", "-v");
        assertThat(down.exitCode()).as(down.err()).isZero();
        assertThat(down.err()).as("db's replicas ran on the workers, whose volumes the manager cannot remove")
                .contains("WARN the volumes of ours on mlc-n2, mlc-n3 stay: a manager cannot remove another node's volumes");
        assertThat(run(workerVolumes, null, Map.of()).out()).contains("ours_data");
        assertThat(docker("stack", "rm", "ref").code()).isZero();
        awaitNothingLeft("ours");
    }

    @Test
    @Order(2)
    void a_service_starts_only_once_its_dependencies_conditions_hold_and_a_second_up_changes_nothing() throws Exception {
        writeDag();
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
        assertThat(again.err()).contains("Service dag_migrate  Skipped: unchanged since its last run completed");

        var dryRun = mlcompose(Map.of("GREETING", "bonjour"), "-p", "dag", "up", "-d", "--dry-run");
        assertThat(dryRun.exitCode()).as(dryRun.err()).isZero();
        assertThat(dryRun.out()).contains("keep service dag_db (unchanged)",
                "skip service dag_migrate (unchanged since its last run completed)",
                "update service dag_web (spec changed)");
        assertThat(versions()).as("a dry run changes nothing").isEqualTo(versions);

        var changed = mlcompose(Map.of("GREETING", "bonjour"), "-p", "dag", "up", "-d");
        assertThat(changed.exitCode()).as(changed.err()).isZero();
        var after = versions();
        assertThat(after.get("dag_web")).as("the changed service is updated").isNotEqualTo(versions.get("dag_web"));
        assertThat(after.get("dag_db")).isEqualTo(versions.get("dag_db"));
        assertThat(after.get("dag_migrate")).isEqualTo(versions.get("dag_migrate"));

        String secret = secretOf("dag_web");
        Files.writeString(dir.resolve("motd.txt"), "changed\n");
        var newSecret = mlcompose(Map.of("GREETING", "bonjour"), "-p", "dag", "up", "-d");
        assertThat(newSecret.exitCode()).as(newSecret.err()).isZero();
        assertThat(secretOf("dag_web")).as("a changed secret is a new one").matches("dag_motd_[0-9a-f]{12}")
                .isNotEqualTo(secret);
        assertThat(secret).matches("dag_motd_[0-9a-f]{12}");
        assertThat(versions().get("dag_db")).isEqualTo(versions.get("dag_db"));

        assertThat(docker("stack", "ps", "dag", "--format", "{{.Name}}").out()).contains("dag_db.1", "dag_web.1");

        Files.writeString(dir.resolve("compose.yaml"), DAG.substring(0, DAG.indexOf("  web:"))
                + DAG.substring(DAG.indexOf("secrets:\n  motd")));
        var warned = mlcompose(Map.of("GREETING", "bonjour"), "-p", "dag", "up", "-d", "db");
        assertThat(warned.err()).contains("WARN orphan services (dag_web) are no longer in the file");
        var orphans = mlcompose(Map.of("GREETING", "bonjour"), "-p", "dag", "up", "-d", "--remove-orphans", "db");
        assertThat(orphans.exitCode()).as(orphans.err()).isZero();
        assertThat(orphans.err()).contains("Service dag_web  Removed: no longer in the file");
        assertThat(docker("service", "ls", "--format", "{{.Name}}").out()).contains("dag_db").doesNotContain("dag_web");
        assertThat(docker("service", "inspect", "--format", "{{.Version.Index}}", "dag_db").out()).as("the rest is kept")
                .isEqualTo(versions.get("dag_db"));
        assertThat(docker("stack", "rm", "dag").code()).isZero();
        awaitNothingLeft("dag");
    }

    @Test
    @Order(3)
    void a_failed_job_fails_up_with_its_exit_code_and_output_and_its_dependant_is_never_made() throws Exception {
        writeDag();
        var up = mlcompose(Map.of("MIGRATE_EXIT", "3"), "-p", "fails", "up", "-d");
        assertThat(up.exitCode()).isEqualTo(1);
        assertThat(up.err()).contains("error: service migrate: task: non-zero exit (3)", "migrated")
                .doesNotContain("Exception");
        assertThat(docker("service", "ls", "--format", "{{.Name}}").out()).contains("fails_migrate")
                .doesNotContain("fails_web");
        var dryDown = mlcompose(Map.of(), "-p", "fails", "--dry-run", "down");
        assertThat(dryDown.exitCode()).as(dryDown.err()).isZero();
        assertThat(dryDown.out()).contains("remove service fails_db", "remove service fails_migrate",
                "remove network fails_default");
        assertThat(docker("service", "ls", "--format", "{{.Name}}").out()).as("a dry run removes nothing")
                .contains("fails_db", "fails_migrate");
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

    @Test
    @Order(5)
    void four_one_gpu_jobs_get_four_distinct_node_gpu_pairs_and_a_fifth_fails_or_waits_per_the_gpu_policy()
            throws Exception {
        Path holders = Files.createDirectories(dir.resolve("holders"));
        Files.writeString(holders.resolve("compose.yaml"), gpuJobs(4));
        var up = Cli.run(holders, swarm(Map.of()), "-p", "gpus", "up", "--wait");
        assertThat(up.exitCode()).as(up.err()).isZero();
        var pairs = new java.util.HashSet<String>();
        for (JsonNode row : rows(holders, "gpus")) {
            assertThat(row.path("State").asText()).isEqualTo("complete");
            pairs.add(row.path("Node").asText() + " " + row.path("GPUs").asText());
        }
        assertThat(pairs).as("4 jobs on 4 distinct (node, GPU) pairs").containsExactlyInAnyOrder(
                "mlc-n2 GPU-n2-0", "mlc-n2 GPU-n2-1", "mlc-n3 GPU-n3-0", "mlc-n3 GPU-n3-1");
        var logs = Cli.run(holders, swarm(Map.of()), "-p", "gpus", "logs", "--no-color", "gpu0");
        assertThat(logs.out()).matches("(?s)gpu0 +\\| got GPU-n[23]-[01]\\s*");
        assertThat(Cli.run(holders, swarm(Map.of()), "-p", "gpus", "down").exitCode()).isZero();

        // four that hold every GPU a while, and a fifth
        Files.writeString(holders.resolve("compose.yaml"), gpuJobs(4).replace("sleep 4", "sleep 10"));
        assertThat(Cli.run(holders, swarm(Map.of()), "-p", "hold", "up", "-d").exitCode()).isZero();
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(60)).until(() ->
                rows(holders, "hold").stream().filter(r -> r.path("State").asText().equals("running")).count() == 4);
        Files.writeString(dir.resolve("compose.yaml"), """
                services:
                  fifth:
                    image: mlcompose-test/busybox:1
                    command: ["echo", "had to wait"]
                    gpus: [{count: 1}]
                    x-mlcompose: {role: job}
                """);
        var refused = mlcompose(Map.of(), "-p", "fifth", "up", "--wait");
        assertThat(refused.exitCode()).as(refused.err()).isEqualTo(1);
        assertThat(refused.err()).contains("error: service fifth: no node has its 1 GPU free (the most free on one"
                + " node: 0); --gpu-policy wait waits until other tasks release them");
        assertNothingLeft("fifth");
        var waited = mlcompose(Map.of(), "-p", "fifth", "up", "--wait", "--gpu-policy", "wait");
        assertThat(waited.err()).containsSubsequence("Service fifth_fifth  Waiting for 1 free GPU",
                "Service fifth_fifth  Created");
        assertThat(rows(holders, "hold")).as("made once a holder had ended")
                .anyMatch(r -> !r.path("State").asText().equals("running"));
        // not asserted: how the fifth and the holders end. Swarm 26.1 then rejects a running GPU task ("assigned node
        // no longer meets constraints") in most runs here, the fifth's or a holder's: its accounting of GPUs is off
        // once a GPU job has ended beside others (README, "From one machine to a cluster")
        assertThat(mlcompose(Map.of(), "-p", "fifth", "down").exitCode()).isZero();
        assertThat(Cli.run(holders, swarm(Map.of()), "-p", "hold", "down").exitCode()).isZero();

        Files.writeString(dir.resolve("compose.yaml"), """
                services:
                  big:
                    image: mlcompose-test/busybox:1
                    gpus: [{count: 3}]
                """);
        var big = mlcompose(Map.of(), "-p", "gpus", "up", "-d");
        assertThat(big.exitCode()).isEqualTo(1);
        assertThat(big.err()).contains("error: service big reserves 3 GPUs, and the most any ready node advertises is 2");
        for (String project : List.of("gpus", "hold", "fifth")) {
            assertNothingLeft(project);
        }
    }

    @Test
    @Order(6)
    void a_failed_attempt_of_a_job_is_run_again_as_its_retry_policy_says() throws Exception {
        Path marks = Files.createDirectories(dir.resolve("marks"));
        Files.writeString(dir.resolve("compose.yaml"), """
                services:
                  flaky:
                    image: mlcompose-test/busybox:1
                    command: ["sh", "-c", "if [ -f /marks/first ]; then echo second; exit 0; fi; touch /marks/first; echo first; exit 3"]
                    volumes: ["%s:/marks"]
                    x-mlcompose: {role: job, retry: {attempts: 2, backoff: {initial: 1s}}}
                """.formatted(marks));
        var up = mlcompose(Map.of(), "-p", "flaky", "up", "--wait");
        assertThat(up.exitCode()).as(up.err()).isZero();
        assertThat(up.err()).contains("Service flaky  Retrying: attempt 1/2 failed (task: non-zero exit (3)); attempt 2 in");
        assertThat(docker("service", "logs", "--raw", "flaky_flaky").out()).contains("first", "second");
        assertThat(mlcompose(Map.of(), "-p", "flaky", "down").exitCode()).isZero();
        assertNothingLeft("flaky");
    }

    @Test
    @Order(10)
    void an_attempt_past_its_deadline_is_stopped_and_retried_and_a_last_one_fails_up_and_leaves_no_task()
            throws Exception {
        Path marks = Files.createDirectories(dir.resolve("marks"));
        Files.writeString(dir.resolve("compose.yaml"), """
                services:
                  slow:
                    image: mlcompose-test/busybox:1
                    command: ["sh", "-c", "if [ -f /marks/first ]; then echo second; exit 0; fi; touch /marks/first; echo first; sleep 600"]
                    volumes: ["%s:/marks", "scratch:/scratch"]
                    deploy: {placement: {constraints: [node.role == manager]}}
                    x-mlcompose: {role: job, deadline: 2s, retry: {attempts: 2, backoff: {initial: 1s}}}
                  stuck:
                    image: mlcompose-test/busybox:1
                    command: ["sh", "-c", "echo stuck; sleep 600"]
                    profiles: [stuck]
                    x-mlcompose: {role: job, deadline: 2s}
                volumes:
                  scratch:
                """.formatted(marks));
        var up = mlcompose(Map.of(), "-p", "slow", "up", "--wait");
        assertThat(up.exitCode()).as(up.err()).isZero();
        assertThat(up.err()).contains("Service slow  Retrying: attempt 1/2 failed (exceeded its deadline of 2s); attempt 2 in");
        assertThat(docker("service", "logs", "--raw", "slow_slow").out()).contains("second");
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(docker("service", "ps", "--format", "{{.CurrentState}}", "slow_slow").out())
                        .as("the first attempt's task is stopped").doesNotContain("Running"));

        var stuck = mlcompose(Map.of(), "-p", "slow", "--profile", "stuck", "up", "--wait", "stuck");
        assertThat(stuck.exitCode()).isEqualTo(1);
        assertThat(stuck.err()).contains("error: service stuck: exceeded its deadline of 2s; its service was removed,"
                + " which stops its task", "stuck").doesNotContain("Exception");
        assertThat(docker("service", "ls", "--format", "{{.Name}}").out()).doesNotContain("slow_stuck");
        assertThat(mlcompose(Map.of(), "-p", "slow", "down").exitCode()).isZero();
        assertThat(docker("volume", "ls", "-q").out()).as("down keeps named volumes").contains("slow_scratch");
        var down = mlcompose(Map.of(), "-p", "slow", "down", "-v");
        assertThat(down.exitCode()).as(down.err()).isZero();
        assertThat(down.err()).contains("Volume slow_scratch  Removed").doesNotContain("WARN");
        assertThat(docker("volume", "ls", "-q").out()).doesNotContain("slow_scratch");
        awaitNothingLeft("slow");
    }

    @Test
    @Order(11)
    void an_unhealthy_dependency_fails_up_with_the_swarms_reason_and_its_output_and_its_dependant_is_never_made()
            throws Exception {
        Files.writeString(dir.resolve("compose.yaml"), """
                services:
                  db:
                    image: mlcompose-test/busybox:1
                    command: ["sh", "-c", "echo db is up but not ready; sleep 600"]
                    healthcheck: {test: ["CMD", "test", "-f", "/tmp/never"], interval: 1s, timeout: 1s, retries: 2}
                    deploy: {endpoint_mode: dnsrr}
                  api:
                    image: mlcompose-test/busybox:1
                    command: ["sleep", "600"]
                    depends_on: {db: {condition: service_healthy}}
                """);
        var up = mlcompose(Map.of(), "-p", "sick", "up", "--wait");
        assertThat(up.exitCode()).isEqualTo(1);
        assertThat(up.err()).contains("error: service db: ", "unhealthy", "db is up but not ready")
                .doesNotContain("Exception");
        assertThat(docker("service", "ls", "--format", "{{.Name}}").out()).contains("sick_db").doesNotContain("sick_api");
        assertThat(mlcompose(Map.of(), "-p", "sick", "down").exitCode()).isZero();
        awaitNothingLeft("sick");
    }

    @Test
    @Order(7)
    void placement_constraints_spread_and_the_per_node_cap_are_honoured() throws Exception {
        // zone a has two nodes, zone b one: spread by zone puts half the tasks on mlc-n3, spread by node a third
        assertThat(docker("node", "update", "--label-add", "zone=a", "mlc-n1").code()).isZero();
        assertThat(docker("node", "update", "--label-add", "zone=a", "mlc-n2").code()).isZero();
        assertThat(docker("node", "update", "--label-add", "zone=b", "mlc-n3").code()).isZero();
        Files.writeString(dir.resolve("compose.yaml"), """
                services:
                  capped:
                    image: mlcompose-test/busybox:1
                    command: ["sleep", "3600"]
                    deploy:
                      replicas: 2
                      placement: {constraints: [node.role == worker], max_replicas_per_node: 1}
                  spread:
                    image: mlcompose-test/busybox:1
                    command: ["sleep", "3600"]
                    deploy:
                      replicas: 4
                      placement: {preferences: [{spread: node.labels.zone}]}
                """);
        var up = mlcompose(Map.of(), "-p", "placed", "up", "--wait");
        assertThat(up.exitCode()).as(up.err()).isZero();
        var nodes = new java.util.HashMap<String, List<String>>();
        for (JsonNode row : rows(dir, "placed")) {
            nodes.computeIfAbsent(row.path("Service").asText(), k -> new ArrayList<>()).add(row.path("Node").asText());
        }
        assertThat(nodes.get("capped")).as("one per worker").containsExactlyInAnyOrder("mlc-n2", "mlc-n3");
        assertThat(nodes.get("spread")).as("two per zone").hasSize(4)
                .filteredOn("mlc-n3"::equals).hasSize(2);
        assertThat(mlcompose(Map.of(), "-p", "placed", "down").exitCode()).isZero();
        assertNothingLeft("placed");
    }

    @Test
    @Order(8)
    void train_runs_the_training_job_and_its_dependencies_reruns_it_and_then_brings_up_the_rest() throws Exception {
        Files.writeString(dir.resolve("compose.yaml"), """
                services:
                  prepare:
                    image: mlcompose-test/busybox:1
                    command: ["echo", "prepared"]
                    x-mlcompose: {role: job}
                  train:
                    image: mlcompose-test/busybox:1
                    command: ["echo", "trained"]
                    depends_on: {prepare: {condition: service_completed_successfully}}
                    x-mlcompose: {role: train}
                  serve:
                    image: mlcompose-test/busybox:1
                    command: ["sleep", "3600"]
                    depends_on: {train: {condition: service_completed_successfully}}
                """);
        var train = mlcompose(Map.of(), "-p", "tr", "train");
        assertThat(train.exitCode()).as(train.err()).isZero();
        assertThat(train.err()).contains("Service tr_train  Completed");
        assertThat(docker("service", "ls", "--format", "{{.Name}}").out()).contains("tr_prepare", "tr_train")
                .doesNotContain("tr_serve");

        var rerun = mlcompose(Map.of(), "-p", "tr", "train", "--rerun");
        assertThat(rerun.exitCode()).as(rerun.err()).isZero();
        assertThat(rerun.err()).contains("Service tr_prepare  Skipped: unchanged since its last run completed",
                "Service tr_train  Rerun");
        assertThat(docker("service", "logs", "--raw", "tr_train").out().lines().filter("trained"::equals)).hasSize(2);
        assertThat(docker("service", "logs", "--raw", "tr_prepare").out().lines().filter("prepared"::equals)).hasSize(1);

        var thenUp = mlcompose(Map.of(), "-p", "tr", "train", "--then-up");
        assertThat(thenUp.exitCode()).as(thenUp.err()).isZero();
        assertThat(thenUp.err()).contains("Service tr_serve  Created", "Service tr_serve  Running");
        assertThat(mlcompose(Map.of(), "-p", "tr", "down").exitCode()).isZero();
        assertNothingLeft("tr");
    }

    @Test
    @Order(9)
    void run_waits_for_the_dependencies_and_prints_the_one_offs_output_and_exits_with_its_code() throws Exception {
        writeDag();
        var run = mlcompose(Map.of(), "-p", "once", "run", "--rm", "-e", "WHO=swarm", "migrate", "sh", "-c",
                "nslookup db >/dev/null && echo hello $WHO; exit 5");
        assertThat(run.exitCode()).as(run.err()).isEqualTo(5);
        assertThat(run.out()).isEqualTo("hello swarm\n");
        assertThat(docker("service", "ls", "--format", "{{.Name}}").out().lines().toList()).as("db up, the one-off gone")
                .contains("once_db").noneMatch(n -> n.startsWith("once_migrate"));
        var refused = mlcompose(Map.of(), "-p", "once", "run", "-d", "migrate");
        assertThat(refused.exitCode()).isEqualTo(2);
        assertThat(refused.err()).contains("--detach: not available for run on the swarm backend");
        assertThat(mlcompose(Map.of(), "-p", "once", "down").exitCode()).isZero();
        assertNothingLeft("once");
    }

    @Test
    @Order(12)
    void the_example_pipeline_trains_on_a_gpu_node_then_serves_a_prediction_there() throws Exception {
        Path example = Cli.ROOT.resolve("examples/ml-pipeline.yml");
        Path onSwarm = Cli.ROOT.resolve("examples/ml-pipeline.swarm.yml");
        var build = Cli.run(dir, Map.of(), "-f", example.toString(), "build"); // on the main engine; cached after once
        assertThat(build.exitCode()).as(build.err()).isZero();
        String images = "mlcompose-example/postgres:15 mlcompose-example/training:2 mlcompose-example/inference:2"
                + " mlcompose-example/prometheus:1";
        var load = run(List.of("bash", "-c", "docker save " + images + " | " + DOCKER + " -H " + host(2) + " load"),
                null, Map.of());
        assertThat(load.code()).as(load.out()).isZero();
        assertThat(docker("node", "update", "--label-add", "ml-pipeline=yes", "mlc-n2").code()).isZero();

        var ports = Map.of("INFERENCE_PORT", "18000", "PROMETHEUS_PORT", "19090");
        var train = mlcompose(ports, "-f", example.toString(), "-f", onSwarm.toString(), "-p", "mlp", "train",
                "--then-up");
        assertThat(train.exitCode()).as(train.err()).isZero();
        assertThat(train.err()).contains("Service mlp_training  Completed", "Service mlp_inference  Running",
                "Service mlp_monitoring  Running");
        assertThat(docker("service", "logs", "--raw", "mlp_training").out()).contains("final model: held-out accuracy");
        assertThat(rows(dir, "mlp")).filteredOn(r -> r.path("Service").asText().equals("training"))
                .singleElement().satisfies(r -> {
                    assertThat(r.path("Node").asText()).isEqualTo("mlc-n2");
                    assertThat(r.path("GPUs").asText()).startsWith("GPU-n2-");
                });

        String zero = "[0,0,5,13,9,1,0,0,0,0,13,15,10,15,5,0,0,3,15,2,0,11,8,0,0,4,12,0,0,8,8,0,0,5,8,0,0,9,8,0,0,4,11,0,"
                + "1,12,7,0,0,2,14,5,10,12,0,0,0,0,6,13,10,0,0,0]";
        String pid = Files.readString(CLUSTER.resolve("n2/run/docker.pid")).strip();
        var predicted = run(List.of("nsenter", "-t", pid, "-n", "curl", "-s", "--max-time", "10", "-XPOST", "-H",
                "Content-Type: application/json", "127.0.0.1:18000/predict", "-d", "{\"instances\": [" + zero + "]}"),
                null, Map.of());
        assertThat(predicted.code()).as(predicted.out()).isZero();
        assertThat(JSON.readTree(predicted.out()).path("predictions").path(0).asInt(-1)).as(predicted.out()).isZero();

        var down = mlcompose(ports, "-f", example.toString(), "-f", onSwarm.toString(), "-p", "mlp", "down", "-v");
        assertThat(down.exitCode()).as(down.err()).isZero();
        assertThat(down.err()).contains("WARN the volumes of mlp on mlc-n2 stay");
        awaitNothingLeft("mlp");
    }

    @Test
    @Order(13)
    void an_attached_up_follows_the_output_until_ctrl_c_which_stops_the_stack_and_keeps_its_volumes() throws Exception {
        Files.writeString(dir.resolve("compose.yaml"), """
                services:
                  greeter:
                    image: mlcompose-test/busybox:1
                    command: ["sh", "-c", "echo hello from the swarm; sleep 600"]
                    volumes: ["notes:/notes"]
                    deploy: {placement: {constraints: [node.role == manager]}}
                volumes:
                  notes:
                """);
        Path log = dir.resolve("attached.log");
        Process up = Cli.start(dir, swarm(Map.of()), log, "-p", "attached", "up", "--no-color");
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(60))
                .until(() -> Files.readString(log).contains("greeter | hello from the swarm"));
        new ProcessBuilder("kill", "-INT", String.valueOf(up.pid())).start().waitFor();
        assertThat(up.waitFor(60, TimeUnit.SECONDS)).as(Files.readString(log)).isTrue();
        assertThat(up.exitValue()).as(Files.readString(log)).isEqualTo(130);
        assertThat(Files.readString(log)).contains("Gracefully stopping", "Service attached_greeter  Removed",
                "canceled").doesNotContain("Exception");
        assertNothingLeft("attached");
        assertThat(docker("volume", "ls", "-q").out()).as("the volume stays").contains("attached_notes");
        assertThat(mlcompose(Map.of(), "-p", "attached", "down", "-v").exitCode()).isZero();
    }

    /** The DOCKER_HOST of node {@code n}. */
    private static String host(int n) throws Exception {
        return script("host", CLUSTER.toString(), String.valueOf(n)).out().lines().reduce((a, b) -> b).orElse("")
                .substring("DOCKER_HOST=".length());
    }

    /** Last: the cluster keeps a dead node after it. */
    @Test
    @Order(99)
    void a_nodes_death_reschedules_its_services_and_its_job_is_reported_and_retried_elsewhere() throws Exception {
        Path marks = Files.createDirectories(dir.resolve("marks"));
        Files.writeString(dir.resolve("compose.yaml"), """
                services:
                  keeper:
                    image: mlcompose-test/busybox:1
                    command: ["sleep", "3600"]
                    deploy: {placement: {constraints: [node.labels.keep == yes]}}
                  long:
                    image: mlcompose-test/busybox:1
                    command: ["sh", "-c", "if [ -f /marks/first ]; then echo second; exit 0; fi; touch /marks/first; sleep 120"]
                    volumes: ["%s:/marks"]
                    deploy: {placement: {constraints: [node.labels.pick == yes]}}
                    x-mlcompose: {role: job, retry: {attempts: 2, backoff: {initial: 1s}}}
                """.formatted(marks));
        for (String label : List.of("keep=yes", "pick=yes")) {
            assertThat(docker("node", "update", "--label-add", label, "mlc-n3").code()).isZero();
        }
        Path log = dir.resolve("up.log");
        Process up = Cli.start(dir, swarm(Map.of()), log, "-p", "dies", "up", "--wait");
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(60)).until(() -> {
            var rows = mlcompose(Map.of(), "-p", "dies", "ps", "--format", "json").out();
            return rows.lines().filter(l -> l.contains("\"Node\":\"mlc-n3\"") && l.contains("\"State\":\"running\""))
                    .count() == 2;
        });

        String pid = Files.readString(CLUSTER.resolve("n3/run/docker.pid")).strip();
        assertThat(new ProcessBuilder("kill", "-9", pid).start().waitFor()).isZero();
        for (String label : List.of("keep=yes", "pick=yes")) {
            assertThat(docker("node", "update", "--label-add", label, "mlc-n2").code()).isZero();
        }

        assertThat(up.waitFor(150, TimeUnit.SECONDS)).as(Files.readString(log)).isTrue();
        assertThat(up.exitValue()).as(Files.readString(log)).isZero();
        assertThat(Files.readString(log)).contains("Service long  Retrying: attempt 1/2 failed (its node mlc-n3 went"
                + " down while it ran)");
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(rows(dir, "dies")).as("keeper rescheduled").anyMatch(r -> r.path("Service").asText()
                        .equals("keeper") && r.path("Node").asText().equals("mlc-n2")
                        && r.path("State").asText().equals("running")));
        var all = mlcompose(Map.of(), "-p", "dies", "ps", "-a").out();
        assertThat(all).as("ps shows the node down").contains("mlc-n3 (down)");
        assertThat(docker("service", "logs", "--raw", "dies_long").out()).contains("second");
        var down = mlcompose(Map.of(), "-p", "dies", "down");
        assertThat(down.exitCode()).as(down.err()).isZero();
        assertThat(docker("service", "ls", "-q", "--filter", "label=com.docker.stack.namespace=dies").out()).isEmpty();
    }

    /** {@code n} one-GPU jobs that print their GPU and hold it 4 s. */
    private static String gpuJobs(int n) {
        var file = new StringBuilder("services:\n");
        for (int i = 0; i < n; i++) { // each holds its GPU a while, so that no two could share one
            file.append("  gpu").append(i).append(":\n")
                    .append("    image: mlcompose-test/busybox:1\n")
                    .append("    command: [\"sh\", \"-c\", \"echo got $$DOCKER_RESOURCE_GPU; sleep 4\"]\n")
                    .append("    gpus: [{count: 1}]\n")
                    .append("    x-mlcompose: {role: job}\n");
        }
        return file.toString();
    }

    /** {@code ps --format json} of a project, a row per task. */
    private List<JsonNode> rows(Path in, String project) throws Exception {
        var ps = Cli.run(in, swarm(Map.of()), "-p", project, "ps", "--format", "json");
        assertThat(ps.exitCode()).as(ps.err()).isZero();
        var rows = new ArrayList<JsonNode>();
        for (String line : ps.out().lines().toList()) {
            rows.add(JSON.readTree(line));
        }
        return rows;
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

    private void writeDag() throws IOException {
        Files.writeString(dir.resolve("compose.yaml"), DAG);
        Files.writeString(dir.resolve("motd.txt"), "welcome\n");
    }

    /** The name of the one secret a service's spec refers to. */
    private String secretOf(String service) throws Exception {
        return docker("service", "inspect", "--format", "{{range .Spec.TaskTemplate.ContainerSpec.Secrets}}"
                + "{{.SecretName}}{{end}}", service).out();
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
        return Cli.run(dir, swarm(env), args);
    }

    /** {@code env}, with the backend and the manager. */
    private static Map<String, String> swarm(Map<String, String> env) {
        var all = new java.util.HashMap<>(env);
        all.put("DOCKER_HOST", manager);
        all.put("MLCOMPOSE_BACKEND", "swarm");
        return all;
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
