package dev.mlcompose.runner.swarm;

import dev.mlcompose.schema.InvalidProjectException;
import dev.mlcompose.schema.Problem;
import dev.mlcompose.schema.model.Project;
import dev.mlcompose.schema.model.Service;
import dev.mlcompose.schema.yaml.MapNode;
import dev.mlcompose.schema.yaml.ScalarNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * What a Swarm cannot run, found before anything is made: one located line per key, saying what to write instead.
 * {@code docker stack deploy} ignores most of these keys with a warning, or silently, and the stack then behaves
 * otherwise than on one engine; mlcompose refuses them. Keys a Swarm has no use for but that change nothing a task
 * does ({@code container_name}, {@code links}) are warnings.
 */
public record SwarmRefusals(List<Problem> refused, List<Problem> warnings) {

    public SwarmRefusals {
        refused = List.copyOf(refused);
        warnings = List.copyOf(warnings);
    }

    private static final String CGROUPS = "Swarm sets only cpus, memory and pids: use deploy.resources.limits";
    private static final String NAMESPACES = "a Swarm task cannot share the host's or another container's namespaces";

    /** Service keys that a Swarm cannot honour, and what to do instead. */
    private static final Map<String, String> REFUSED = refusedKeys();

    private static Map<String, String> refusedKeys() {
        var m = new LinkedHashMap<String, String>();
        m.put("devices", "a Swarm maps no host devices; reserve GPUs with deploy.resources.reservations.devices"
                + " (count: N), other devices as generic_resources that the nodes advertise");
        m.put("privileged", "a Swarm runs no privileged tasks; add the capabilities the task needs with cap_add");
        m.put("network_mode", "Swarm services join networks: list them under networks:"
                + " (the host's network is an external network named host)");
        m.put("shm_size", "a Swarm cannot size /dev/shm; mount a tmpfs there instead"
                + " (volumes: [{type: tmpfs, target: /dev/shm, tmpfs: {size: …}}])");
        m.put("security_opt", "a Swarm sets no security options");
        m.put("volumes_from", "a Swarm task cannot mount another's volumes; mount the same named volume in both");
        m.put("mac_address", "a Swarm assigns addresses itself");
        m.put("domainname", "a Swarm sets no domain name");
        for (String key : List.of("ipc", "pid", "uts", "userns_mode", "cgroup")) {
            m.put(key, NAMESPACES);
        }
        for (String key : List.of("cgroup_parent", "cpu_shares", "cpuset", "cpu_quota", "cpu_period", "cpu_rt_period",
                "cpu_rt_runtime", "cpu_count", "cpu_percent", "mem_swappiness", "memswap_limit", "oom_kill_disable",
                "oom_score_adj", "blkio_config", "device_cgroup_rules", "storage_opt")) {
            m.put(key, CGROUPS);
        }
        m.put("runtime", "a Swarm task runs with its node's default runtime (set default-runtime in the nodes'"
                + " daemon.json)");
        for (String key : List.of("pre_start", "post_start", "pre_stop")) {
            m.put(key, "lifecycle hooks run beside containers that mlcompose starts itself; not on a Swarm");
        }
        m.put("use_api_socket", "a Swarm task cannot be given the engine's socket this way;"
                + " bind-mount /var/run/docker.sock on the nodes that should allow it");
        m.put("provider", "providers run on one engine only");
        m.put("models", "Docker Model Runner models are served on one engine only");
        return m;
    }

    /** mlcompose's own settings that need one engine, for now. */
    private static final Map<String, String> MLCOMPOSE_REFUSED = Map.of(
            "matrix", "sweeps run on one engine only, for now",
            "outputs", "a job's outputs are copied out of its container on one engine only, for now;"
                    + " write them to a volume the nodes share",
            "inputs-from", "another job's outputs are handed over on one engine only, for now;"
                    + " read them from a volume the nodes share");

    /** mlcompose's own settings that a Swarm has no use for. */
    private static final Map<String, String> MLCOMPOSE_IGNORED = Map.of(
            "cpu-fallback", "a Swarm places a task only on a node that has the GPUs it reserves",
            "share-gpus", "a Swarm gives each task GPUs of its own");

    /** Checks every service of {@code project}. */
    public static SwarmRefusals of(Project project) {
        var refused = new ArrayList<Problem>();
        var warnings = new ArrayList<Problem>();
        var services = (MapNode) project.document().get("services").orElseThrow();
        project.services().values().forEach(service -> {
            var written = (MapNode) services.get(service.name()).orElseThrow();
            var check = new Check(project, service, refused, warnings);
            REFUSED.forEach((key, why) -> written.get(key).filter(SwarmRefusals::isSet)
                    .ifPresent(v -> check.refuse(why, key)));
            if (service.build().isPresent()) {
                if (service.image().isEmpty()) {
                    check.refuse("a Swarm cannot build: build and push the image, then name it in image:", "build");
                } else {
                    check.warn("ignored: the nodes run the image " + service.image().get() + " as its registry has it"
                            + " (mlcompose build && mlcompose push first)", "build");
                }
            }
            if (service.containerName().isPresent()) {
                check.warn("ignored: a Swarm names its tasks itself", "container_name");
            }
            for (String key : List.of("links", "external_links")) {
                if (written.has(key)) {
                    check.warn("ignored: Swarm services find each other by name on their networks", key);
                }
            }
            MLCOMPOSE_REFUSED.forEach((key, why) -> {
                if (service.mlcompose().containsKey(key)) {
                    check.refuse(why, "x-mlcompose", key);
                }
            });
            MLCOMPOSE_IGNORED.forEach((key, why) -> {
                if (service.mlcompose().containsKey(key)) {
                    check.warn("ignored: " + why, "x-mlcompose", key);
                }
            });
            ports(service, check);
            gpus(service, written.has("gpus") ? new String[] {"gpus"}
                    : new String[] {"deploy", "resources", "reservations", "devices"}, check);
            for (int i = 0; i < service.volumes().size(); i++) {
                if (service.volumes().get(i).options().subpath().isPresent()) {
                    check.refuse("a Swarm mounts whole volumes only", "volumes", Integer.toString(i), "volume", "subpath");
                }
            }
        });
        refused.sort(null);
        warnings.sort(null);
        return new SwarmRefusals(refused, warnings);
    }

    /** Refuses the project unless nothing was refused. */
    public void throwIfAny() {
        if (!refused.isEmpty()) {
            throw new InvalidProjectException(refused);
        }
    }

    private static void ports(Service service, Check check) {
        for (int i = 0; i < service.ports().size(); i++) {
            var port = service.ports().get(i);
            if (port.hostIp().isPresent()) {
                check.refuse("a Swarm publishes on every address of a node; remove host_ip", "ports",
                        Integer.toString(i), "host_ip");
            }
            if (port.published().filter(p -> !p.matches("[0-9]{1,5}")).isPresent()) {
                check.refuse("a Swarm publishes one port per target; write one entry per port", "ports",
                        Integer.toString(i), "published");
            }
        }
    }

    /** Device reservations, located at {@code at} ({@code gpus:} or {@code deploy}'s devices). */
    private static void gpus(Service service, String[] at, Check check) {
        for (var d : service.resources().map(Service.Resources::devices).orElse(List.of())) {
            if (!GpuReservations.isGpu(d)) {
                check.refuse("a Swarm reserves no devices but GPUs; declare others as generic resources on the nodes"
                        + " and reserve them with generic_resources", at);
            } else if (!d.deviceIds().isEmpty()) {
                check.refuse("a Swarm picks the GPUs itself: reserve count: N instead of device_ids", at);
            } else if (d.count().filter(c -> c > 0).isEmpty()) {
                check.refuse("a Swarm cannot reserve all of a node's GPUs: give count: N", at);
            }
        }
    }

    private static boolean isSet(dev.mlcompose.schema.yaml.Node value) {
        return !(value instanceof ScalarNode s) || !(s.value() instanceof Boolean b) || b;
    }

    /** Problems about one service, located at their keys. */
    private record Check(Project project, Service service, List<Problem> refused, List<Problem> warnings) {
        void refuse(String why, String... keys) {
            refused.add(problem(why, keys));
        }

        void warn(String why, String... keys) {
            warnings.add(problem(why, keys));
        }

        private Problem problem(String why, String... keys) {
            var path = Stream.concat(Stream.of("services", service.name()), Stream.of(keys)).toArray(String[]::new);
            return new Problem(project.locate(path), String.join(".", path), why);
        }
    }
}
