package dev.mlcompose.runner.spec;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mlcompose.runner.engine.ContainerSpec;
import dev.mlcompose.runner.engine.DeviceRequest;
import dev.mlcompose.schema.load.ComposeLoader;
import dev.mlcompose.schema.load.LoadRequest;
import dev.mlcompose.schema.model.Project;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A service's settings as the container spec the engine adapter receives: what compose's create.go makes of them. */
class ContainerSpecsTest {

    @TempDir
    Path dir;

    private ContainerSpec spec(String service, String yaml) throws IOException {
        Files.writeString(dir.resolve("compose.yaml"), yaml);
        Project project = ComposeLoader.load(LoadRequest.of(dir, Map.of("HOME", "/tmp")).withProjectName("demo"));
        return ContainerSpecs.of(project, project.service(service).orElseThrow(), 1, "hash");
    }

    private long nanoCpus(String setting) throws IOException {
        return spec("a", "services:\n  a: {image: a, " + setting + "}\n").resources().cpu().nanoCpus();
    }

    @Test
    void cpus_are_rounded_to_nano_cpus_not_truncated() throws IOException {
        // (long) (2.01 * 1e9) is 2009999999: the engine would then set a 200999 µs quota, not 201000
        assertThat(nanoCpus("cpus: 2.01")).isEqualTo(2_010_000_000L);
        assertThat(nanoCpus("cpus: 1.001")).isEqualTo(1_001_000_000L);
        assertThat(nanoCpus("deploy: {resources: {limits: {cpus: \"0.5\"}}}")).isEqualTo(500_000_000L);
    }

    @Test
    void limits_and_reservations_reach_the_spec() throws IOException {
        ContainerSpec.Resources r = spec("a", """
                services:
                  a:
                    image: a
                    deploy:
                      resources:
                        limits: {memory: 64m, pids: 100}
                        reservations: {cpus: "0.25", memory: 32m}
                    memswap_limit: -1
                    shm_size: 32m
                    cpu_shares: 512
                    cpuset: "0"
                    mem_swappiness: 60
                    oom_kill_disable: true
                    oom_score_adj: 200
                    cpu_period: 100000
                    cpu_quota: 50000
                    cpu_rt_runtime: 950
                    cgroup_parent: ml.slice
                """).resources();
        assertThat(r.memory().limit()).isEqualTo(64 << 20);
        assertThat(r.memory().swap()).isEqualTo(-1);
        assertThat(r.memory().reservation()).isEqualTo(32 << 20);
        assertThat(r.memory().shmSize()).isEqualTo(32 << 20);
        assertThat(r.memory().swappiness()).contains(60L);
        assertThat(r.memory().oomKillDisable()).isTrue();
        assertThat(r.memory().oomScoreAdj()).isEqualTo(200);
        assertThat(r.pidsLimit()).isEqualTo(100);
        assertThat(r.cpu().nanoCpus()).as("a reservation is a Swarm hint: no quota").isZero();
        assertThat(r.cpu().shares()).isEqualTo(512);
        assertThat(r.cpu().cpuset()).contains("0");
        assertThat(r.cpu().period()).isEqualTo(100_000);
        assertThat(r.cpu().quota()).isEqualTo(50_000);
        assertThat(r.cpu().realtimeRuntime()).isEqualTo(950);
        assertThat(r.cgroupParent()).contains("ml.slice");
    }

    @Test
    void ulimits_keep_soft_and_hard() throws IOException {
        var ulimits = spec("a", "services:\n  a:\n    image: a\n"
                + "    ulimits: {nofile: {soft: 1024, hard: 2048}, stack: 8388608}\n").resources().ulimits();
        assertThat(ulimits).containsEntry("nofile", new ContainerSpec.Ulimit(1024, 2048))
                .containsEntry("stack", new ContainerSpec.Ulimit(8388608, 8388608));
    }

    @Test
    void the_hostname_defaults_to_the_service_name_only_where_the_container_has_its_own_uts_namespace() throws IOException {
        String yaml = """
                services:
                  trainer: {image: t}
                  sidecar: {image: s, network_mode: "service:trainer"}
                  exporter: {image: e, network_mode: host}
                  clock: {image: c, uts: host}
                  named: {image: n, network_mode: "service:trainer", hostname: sidecar-host}
                """;
        assertThat(spec("trainer", yaml).process().hostname()).contains("trainer");
        // the engine refuses a hostname with these ("conflicting options: hostname and the network mode")
        assertThat(spec("sidecar", yaml).process().hostname()).isEmpty();
        assertThat(spec("exporter", yaml).process().hostname()).isEmpty();
        assertThat(spec("clock", yaml).process().hostname()).isEmpty();
        assertThat(spec("named", yaml).process().hostname()).as("a hostname the file sets is passed on, as compose passes it").contains("sidecar-host");
    }

    @Test
    void a_service_ipc_or_pid_mode_names_that_services_first_container() throws IOException {
        String yaml = """
                services:
                  trainer: {image: t, ipc: shareable}
                  loader: {image: l, ipc: "service:trainer", pid: "service:trainer"}
                  exporter: {image: e, ipc: host, pid: host, uts: host, userns_mode: host, cgroup: private}
                """;
        assertThat(spec("loader", yaml).namespaces().ipc()).contains("container:demo-trainer-1");
        assertThat(spec("loader", yaml).namespaces().pid()).contains("container:demo-trainer-1");
        ContainerSpec.Namespaces exporter = spec("exporter", yaml).namespaces();
        assertThat(List.of(exporter.ipc(), exporter.pid(), exporter.uts(), exporter.userns(), exporter.cgroup()))
                .extracting(o -> o.orElse("")).containsExactly("host", "host", "host", "host", "private");
        assertThat(spec("trainer", yaml).namespaces().ipc()).contains("shareable");
    }

    @Test
    void amd_and_intel_gpu_files_get_their_devices_groups_and_security_options() throws IOException {
        ContainerSpec rocm = spec("rocm", """
                services:
                  rocm:
                    image: rocm/pytorch
                    devices: [/dev/kfd, "/dev/dri:/dev/dri:rw", "/dev/null:/dev/xnull:r"]
                    group_add: [video, render]
                    security_opt: [seccomp=unconfined, "label:disable"]
                    device_cgroup_rules: ["c 226:* rmw"]
                    ipc: host
                    cap_add: [SYS_PTRACE]
                """);
        assertThat(rocm.devices().mappings()).containsExactly(
                new ContainerSpec.DeviceMapping("/dev/kfd", "/dev/kfd", "rwm"),
                new ContainerSpec.DeviceMapping("/dev/dri", "/dev/dri", "rw"),
                new ContainerSpec.DeviceMapping("/dev/null", "/dev/xnull", "r"));
        assertThat(rocm.devices().cgroupRules()).containsExactly("c 226:* rmw");
        assertThat(rocm.process().groupAdd()).containsExactly("video", "render");
        assertThat(rocm.security().securityOpt()).containsExactly("seccomp=unconfined", "label:disable");
    }

    @Test
    void cdi_device_names_become_one_cdi_request_and_gpu_reservations_default_to_all() throws IOException {
        ContainerSpec spec = spec("a", """
                services:
                  a:
                    image: a
                    devices: [nvidia.com/gpu=all, /dev/fuse]
                    deploy: {resources: {reservations: {devices: [{driver: nvidia, capabilities: [gpu]}]}}}
                """);
        assertThat(spec.devices().mappings()).extracting(ContainerSpec.DeviceMapping::hostPath).containsExactly("/dev/fuse");
        assertThat(spec.devices().requests()).containsExactly(
                new DeviceRequest("nvidia", -1, List.of(), List.of("gpu"), Map.of()),
                new DeviceRequest("cdi", 0, List.of("nvidia.com/gpu=all"), List.of(), Map.of()));
    }

    @Test
    void a_seccomp_profile_file_is_sent_as_its_compact_json_and_systempaths_unconfined_unmasks() throws IOException {
        Files.writeString(dir.resolve("profile.json"), "{\n  \"defaultAction\": \"SCMP_ACT_ALLOW\"\n}\n");
        ContainerSpec.Security s = spec("a", """
                services:
                  a: {image: a, security_opt: [seccomp=profile.json, systempaths=unconfined, no-new-privileges]}
                """).security();
        assertThat(s.securityOpt()).containsExactly("seccomp={\"defaultAction\":\"SCMP_ACT_ALLOW\"}", "no-new-privileges");
        assertThat(s.unconfinedPaths()).isTrue();
    }

    @Test
    void networks_are_joined_highest_priority_first_then_by_name_with_addresses_and_compose_aliases() throws IOException {
        ContainerSpec spec = spec("a", """
                services:
                  a:
                    image: a
                    networks:
                      zeta:
                      alpha: {aliases: [api]}
                      back: {priority: 10, ipv4_address: 172.28.0.10, mac_address: "02:42:ac:11:65:44"}
                networks:
                  zeta: {}
                  alpha: {}
                  back: {ipam: {config: [{subnet: 172.28.0.0/16}]}}
                """);
        assertThat(spec.networking().endpoints()).extracting(ContainerSpec.Endpoint::network)
                .containsExactly("demo_back", "demo_alpha", "demo_zeta");
        ContainerSpec.Endpoint back = spec.networking().endpoints().get(0);
        assertThat(back.ipv4Address()).contains("172.28.0.10");
        assertThat(back.macAddress()).contains("02:42:ac:11:65:44");
        assertThat(spec.networking().endpoints().get(1).aliases()).containsExactly("demo-a-1", "a", "api");
    }

    @Test
    void links_expose_and_volumes_from_name_the_linked_containers() throws IOException {
        String yaml = """
                services:
                  db: {image: d}
                  app:
                    image: a
                    links: ["db:database"]
                    external_links: [shared-cache]
                    volumes_from: ["db:ro", "container:legacy"]
                    expose: ["3000", "4000-4001/udp"]
                    ports: ["8080:80"]
                """;
        ContainerSpec app = spec("app", yaml);
        assertThat(app.networking().links()).containsExactly("demo-db-1:database", "demo-db-1:db-1", "demo-db-1:demo-db-1",
                "shared-cache:shared-cache");
        assertThat(app.networking().exposedPorts()).containsExactly("3000", "4000-4001/udp", "80/tcp");
        assertThat(app.storage().volumesFrom()).containsExactly("demo-db-1:ro", "legacy");
    }
}
