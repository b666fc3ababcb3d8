package dev.mlcompose.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code up} applies the file's limits, reservations, ulimits, shared memory and IPC modes: each check is a
 * value read inside the container (cgroup v1 files, {@code ulimit}, {@code df}), and docker compose v2
 * reads the same values for the same file.
 */
class ResourcesE2ETest extends EngineScenario {

    private static final Path COMPOSE = Cli.ROOT.resolve(".tools/compose-v2/docker-compose");
    private static final String IMAGE = "mlcompose-test/busybox:1";

    /**
     * Prints {@code key=value} lines; busybox's ulimit reports -l and -s in KiB, df -k in KiB. Open files are read
     * from the service's PID 1: some engines give an exec'd shell soft = hard nofile (measured on Engine 20.10
     * and 26.1 alike, with compose v2 too), which is not what the service's own process runs with.
     */
    private static final String PROBE = """
            cg=/sys/fs/cgroup
            for f in memory/memory.limit_in_bytes memory/memory.memsw.limit_in_bytes \\
                     memory/memory.soft_limit_in_bytes cpu/cpu.cfs_quota_us cpu/cpu.cfs_period_us cpu/cpu.shares \\
                     cpuset/cpuset.cpus pids/pids.max; do echo "${f#*/}=$(cat $cg/$f)"; done
            echo "shm_kib=$(df -k /dev/shm | awk 'NR==2 {print $2}')"
            echo "ulimit -l=$(ulimit -l)"; echo "ulimit -Hl=$(ulimit -Hl)"; echo "ulimit -s=$(ulimit -s)"
            echo "ulimit -n=$(awk '/open files/ {print $4}' /proc/1/limits)"
            echo "ulimit -Hn=$(awk '/open files/ {print $5}' /proc/1/limits)"
            echo "ipc=$(readlink /proc/self/ns/ipc)"
            """;

    /** One value a user would read in a service's container, and the line of the file that sets it. */
    private record Expect(String service, String key, String value, String because) {
    }

    private static final List<Expect> EXPECTED = List.of(
            new Expect("trainer", "memory.limit_in_bytes", "67108864", "deploy.resources.limits.memory: 64m"),
            new Expect("trainer", "memory.memsw.limit_in_bytes", "134217728", "memswap_limit: 128m"),
            new Expect("trainer", "memory.soft_limit_in_bytes", "33554432",
                    "deploy.resources.reservations.memory: 32m"),
            new Expect("trainer", "cpu.cfs_quota_us", "50000", "deploy.resources.limits.cpus: 0.5"),
            new Expect("trainer", "cpu.cfs_period_us", "100000", "the period the quota is a share of"),
            new Expect("trainer", "cpu.shares", "512", "cpu_shares: 512 (reservations.cpus adds nothing)"),
            new Expect("trainer", "cpuset.cpus", "0", "cpuset: \"0\""),
            new Expect("trainer", "pids.max", "100", "deploy.resources.limits.pids: 100"),
            new Expect("trainer", "shm_kib", "32768", "shm_size: 32m"),
            new Expect("trainer", "ulimit -l", "64", "ulimits.memlock.soft: 65536 (bytes; ulimit says KiB)"),
            new Expect("trainer", "ulimit -Hl", "128", "ulimits.memlock.hard: 131072"),
            new Expect("trainer", "ulimit -s", "16384", "ulimits.stack: 16777216 (soft = hard)"),
            new Expect("trainer", "ulimit -n", "1024", "ulimits.nofile.soft: 1024"),
            new Expect("trainer", "ulimit -Hn", "2048", "ulimits.nofile.hard: 2048"),
            new Expect("trainer", "ipc", "own", "ipc: shareable is a private namespace others may join"),
            new Expect("loader", "memory.limit_in_bytes", "50331648", "mem_limit: 48m"),
            new Expect("loader", "memory.memsw.limit_in_bytes", "unlimited", "memswap_limit: -1 (else 2 × mem_limit)"),
            new Expect("loader", "memory.soft_limit_in_bytes", "16777216", "mem_reservation: 16m"),
            new Expect("loader", "cpu.cfs_quota_us", "100100", "cpus: 1.001, rounded to NanoCpus, not truncated"),
            new Expect("loader", "pids.max", "50", "pids_limit: 50"),
            new Expect("loader", "ipc", "trainer", "ipc: service:trainer joins the trainer's namespace"),
            new Expect("loader", "shm_kib", "32768", "the trainer's /dev/shm, shared through ipc"),
            new Expect("exporter", "cpu.cfs_quota_us", "-1", "deploy.resources.reservations.cpus sets no quota"),
            new Expect("exporter", "cpu.shares", "1024", "deploy.resources.reservations.cpus sets no shares"),
            new Expect("exporter", "ipc", "host", "ipc: host"));

    @BeforeEach
    void requireCgroupV1() {
        Assumptions.assumeTrue(Docker.run("info", "--format", "{{.CgroupVersion}}").strip().equals("1"),
                "the probe reads cgroup v1 files; this engine uses cgroup v2");
    }

    @Test
    void up_applies_limits_reservations_ulimits_and_ipc_as_the_container_sees_them() throws Exception {
        var up = mlcompose("resources", "up", "-d", "--wait");
        assertThat(up.exitCode()).as(up.err()).isZero();

        assertSeen(observed(), "mlcompose");
    }

    @Test
    void docker_compose_v2_gives_the_same_file_the_same_values() throws Exception {
        requireCompose();
        compose("up", "-d", "--wait");

        assertSeen(observed(), "docker compose v2");
    }

    private static void assertSeen(Map<String, Map<String, String>> seen, String tool) {
        var soft = new SoftAssertions();
        for (Expect e : EXPECTED) {
            soft.assertThat(seen.get(e.service()).get(e.key())).as("%s: %s %s, from %s", tool, e.service(), e.key(),
                    e.because()).isEqualTo(e.value());
        }
        soft.assertAll();
    }

    /** What each service's container reads, with the IPC namespace and "no limit" named instead of numbered. */
    private Map<String, Map<String, String>> observed() {
        Map<String, String> host = probe(Docker.run("run", "--rm", "--ipc", "host", IMAGE, "sh", "-c", PROBE));
        var out = new LinkedHashMap<String, Map<String, String>>();
        for (String service : List.of("trainer", "loader", "exporter")) {
            out.put(service, probe(Docker.run("exec", container(service), "sh", "-c", PROBE)));
        }
        String trainerIpc = out.get("trainer").get("ipc");
        out.forEach((service, values) -> {
            String ipc = values.get("ipc");
            values.put("ipc", ipc.equals(host.get("ipc")) ? "host"
                    : ipc.equals(trainerIpc) && !service.equals("trainer") ? "trainer" : "own");
            // the kernel's "no limit" is the largest page-aligned value; read from a container without limits
            values.replaceAll((k, v) -> k.startsWith("memory.") && v.equals(host.get("memory.limit_in_bytes"))
                    ? "unlimited" : v);
        });
        return out;
    }

    private static Map<String, String> probe(String output) {
        var values = new LinkedHashMap<String, String>();
        output.lines().filter(l -> l.contains("=")).forEach(l -> values.put(l.substring(0, l.indexOf('=')),
                l.substring(l.indexOf('=') + 1).strip()));
        return values;
    }

    private void compose(String... args) throws Exception {
        var command = new ArrayList<>(List.of(COMPOSE.toString(), "-f", "compose.yaml", "-p", project));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).directory(SCENARIOS.resolve("resources").toFile())
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as("docker compose %s: %s", String.join(" ", args), out).isZero();
    }

    private static void requireCompose() {
        if (Files.isExecutable(COMPOSE)) {
            return;
        }
        String message = "docker compose v2 is not installed at " + COMPOSE + " (run scripts/install-compose-v2.sh)";
        Prerequisites.missing("ResourcesE2ETest", message);
    }
}
