package dev.mlcompose.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The cluster that issue 17's Swarm backend runs on, {@code scripts/swarm-cluster.sh}: real Engine 26.1 nodes on
 * this one machine, joined into one Swarm. Asserted with the docker CLI, as its facts are what the backend will
 * rely on: the nodes are Ready under hostnames of their own, a worker's fake GPUs are generic resources that jobs
 * get one each, a service on one node reaches one on another by name over an overlay ({@code dnsrr}: this kernel
 * has no IPVS), and {@code stop} leaves nothing.
 */
class SwarmClusterE2ETest {

    private static final Path SCRIPT = Cli.ROOT.resolve("scripts/swarm-cluster.sh");
    private static final Path DOCKER = Cli.ROOT.resolve(".tools/engine-26/bin/docker");
    private static final String IMAGE = "mlcompose-test/busybox:1";

    private String manager;

    @Test
    void three_nodes_form_one_swarm_whose_jobs_get_a_workers_gpu_each_and_whose_services_meet_across_nodes()
            throws Exception {
        Path dir = Path.of("/tmp", "mlc-sw-" + UUID.randomUUID().toString().substring(0, 6));
        var start = script("start", dir.toString(), "3", "--gpus", "2=2", "--gpus", "3=2");
        if (start.code() != 0 || !start.out().startsWith("DOCKER_HOST=")) {
            Prerequisites.missing("SwarmClusterE2ETest", "the cluster did not start (scripts/swarm-cluster.sh needs"
                    + " root and the main engine's images): " + start.out());
        }
        manager = start.out().substring("DOCKER_HOST=".length());
        try {
            assertThat(docker("node", "ls", "--format", "{{.Hostname}} {{.Status}} {{.ManagerStatus}}").lines()
                    .map(String::strip)).containsExactlyInAnyOrder("mlc-n1 Ready Leader", "mlc-n2 Ready", "mlc-n3 Ready");

            var jobs = List.of("gpu-0", "gpu-1", "gpu-2", "gpu-3");
            for (String job : jobs) { // each holds its GPU for a while, so that no two could share one
                docker("service", "create", "-d", "--name", job, "--mode", "replicated-job", "--restart-condition",
                        "none", "--no-resolve-image", "--generic-resource", "gpu=1", IMAGE, "sh", "-c",
                        "echo $DOCKER_RESOURCE_GPU; sleep 5");
            }
            Set<String> pairs = new HashSet<>();
            for (String job : jobs) {
                String state = completed(job);
                assertThat(state).as(job).startsWith("mlc-n").contains(" Complete");
                pairs.add(state.split(" ")[0] + " " + docker("service", "logs", "--raw", job).strip());
            }
            assertThat(pairs).as("4 jobs on 4 distinct (node, GPU) pairs").containsExactlyInAnyOrder(
                    "mlc-n2 GPU-n2-0", "mlc-n2 GPU-n2-1", "mlc-n3 GPU-n3-0", "mlc-n3 GPU-n3-1");

            docker("network", "create", "-d", "overlay", "--attachable", "mesh");
            docker("service", "create", "-d", "--name", "web", "--network", "mesh", "--endpoint-mode", "dnsrr",
                    "--no-resolve-image", "--constraint", "node.hostname==mlc-n3", IMAGE, "sh", "-c",
                    "mkdir -p /w && echo served-by-$(hostname) > /w/index.html && httpd -f -p 8080 -h /w");
            docker("service", "create", "-d", "--name", "probe", "--mode", "replicated-job", "--restart-condition",
                    "none", "--network", "mesh", "--no-resolve-image", "--constraint", "node.hostname==mlc-n2", IMAGE,
                    "sh", "-c", "for i in $(seq 20); do wget -q -O- http://web:8080/ && exit 0; sleep 1; done; exit 3");
            assertThat(completed("probe")).startsWith("mlc-n2 Complete");
            assertThat(docker("service", "logs", "--raw", "probe")).startsWith("served-by-");
        } finally {
            var stop = script("stop", dir.toString());
            assertThat(stop.code()).as(stop.out()).isZero();
            assertThat(dir).doesNotExist();
            assertThat(dockerds(dir)).as("no node's dockerd is left").isEmpty();
        }
    }

    /** {@code NODE STATE} of a job's task once it has ended. */
    private String completed(String job) {
        var state = new String[1];
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(300)).until(() -> {
            state[0] = docker("service", "ps", job, "--format", "{{.Node}} {{.CurrentState}}").strip();
            return state[0].contains(" Complete") || state[0].contains(" Failed") || state[0].contains(" Rejected");
        });
        return state[0];
    }

    private String docker(String... args) throws IOException, InterruptedException {
        var command = new ArrayList<>(List.of(DOCKER.toString(), "-H", manager));
        command.addAll(List.of(args));
        var result = run(command);
        assertThat(result.code()).as(String.join(" ", args) + ": " + result.out()).isZero();
        return result.out();
    }

    private static Result script(String... args) throws IOException, InterruptedException {
        var command = new ArrayList<>(List.of("bash", SCRIPT.toString()));
        command.addAll(List.of(args));
        return run(command);
    }

    private record Result(int code, String out) {
    }

    private static Result run(List<String> command) throws IOException, InterruptedException {
        var process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(180, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            return new Result(-1, out);
        }
        return new Result(process.exitValue(), out.strip());
    }

    /** The pids of dockerds whose command line names {@code dir}. */
    private static List<String> dockerds(Path dir) throws IOException {
        var found = new ArrayList<String>();
        try (var procs = Files.list(Path.of("/proc"))) {
            for (Path p : procs.filter(p -> p.getFileName().toString().matches("\\d+")).toList()) {
                try {
                    String cmdline = Files.readString(p.resolve("cmdline")).replace('\0', ' ');
                    if (cmdline.contains("dockerd") && cmdline.contains(dir.toString())) {
                        found.add(p.getFileName().toString());
                    }
                } catch (IOException gone) {
                    // ended meanwhile
                }
            }
        }
        return found;
    }
}
