package dev.mlcompose.schema.model;

import static dev.mlcompose.schema.model.Values.bool;
import static dev.mlcompose.schema.model.Values.bytes;
import static dev.mlcompose.schema.model.Values.decimal;
import static dev.mlcompose.schema.model.Values.map;
import static dev.mlcompose.schema.model.Values.maps;
import static dev.mlcompose.schema.model.Values.number;
import static dev.mlcompose.schema.model.Values.strings;
import static dev.mlcompose.schema.model.Values.text;
import static dev.mlcompose.schema.model.Values.texts;

import dev.mlcompose.schema.model.ContainerOptions.Blkio;
import dev.mlcompose.schema.model.ContainerOptions.Throttle;
import dev.mlcompose.schema.yaml.MapNode;
import dev.mlcompose.schema.yaml.ScalarNode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Binds a service's per-container settings, with {@code deploy.resources} limits folded in. */
final class OptionsBinder {

    private OptionsBinder() {
    }

    static ContainerOptions options(MapNode s) {
        MapNode resources = map(map(s, "deploy"), "resources");
        MapNode logging = map(s, "logging");
        return new ContainerOptions(process(s), security(s), namespaces(s), limits(s, resources), networking(s),
                storage(s), devices(s), new ContainerOptions.Logging(text(logging, "driver"),
                strings(map(logging, "options"))), strings(map(s, "sysctls")), strings(map(s, "annotations")),
                text(s, "platform"), text(s, "pull_policy"));
    }

    private static ContainerOptions.Process process(MapNode s) {
        return new ContainerOptions.Process(text(s, "hostname"), text(s, "domainname"), bool(s, "init"), bool(s, "tty"),
                bool(s, "stdin_open"), text(s, "stop_signal"), texts(s, "group_add"));
    }

    private static ContainerOptions.Security security(MapNode s) {
        return new ContainerOptions.Security(bool(s, "privileged"), bool(s, "read_only"), texts(s, "cap_add"),
                texts(s, "cap_drop"), texts(s, "security_opt"), text(s, "runtime"), text(s, "isolation"),
                strings(map(s, "credential_spec")));
    }

    private static ContainerOptions.Namespaces namespaces(MapNode s) {
        return new ContainerOptions.Namespaces(text(s, "ipc"), text(s, "pid"), text(s, "uts"), text(s, "cgroup"),
                text(s, "userns_mode"));
    }

    private static ContainerOptions.Limits limits(MapNode s, MapNode resources) {
        MapNode limits = map(resources, "limits");
        MapNode reservations = map(resources, "reservations");
        var cpu = new ContainerOptions.Cpu(decimal(s, "cpus").or(() -> decimal(limits, "cpus")), number(s, "cpu_shares"),
                text(s, "cpuset"), number(s, "cpu_count"), decimal(s, "cpu_percent"), number(s, "cpu_period"),
                number(s, "cpu_quota"), number(s, "cpu_rt_period"), number(s, "cpu_rt_runtime"));
        var memory = new ContainerOptions.Memory(bytes(s, "mem_limit").or(() -> bytes(limits, "memory")),
                bytes(s, "memswap_limit"), bytes(s, "mem_reservation").or(() -> bytes(reservations, "memory")),
                number(s, "mem_swappiness"), bool(s, "oom_kill_disable"), number(s, "oom_score_adj"),
                bytes(s, "shm_size"));
        return new ContainerOptions.Limits(cpu, memory, number(s, "pids_limit").or(() -> number(limits, "pids")),
                ulimits(map(s, "ulimits")), s.get("blkio_config").map(b -> blkio((MapNode) b)),
                text(s, "cgroup_parent"));
    }

    private static Map<String, ContainerOptions.Ulimit> ulimits(MapNode node) {
        var out = new LinkedHashMap<String, ContainerOptions.Ulimit>();
        node.entries().forEach((name, u) -> out.put(name, u instanceof MapNode m
                ? new ContainerOptions.Ulimit(number(m, "soft").orElse(0L), number(m, "hard").orElse(0L))
                : new ContainerOptions.Ulimit(((Number) ((ScalarNode) u).value()).longValue(),
                        ((Number) ((ScalarNode) u).value()).longValue())));
        return out;
    }

    private static Blkio blkio(MapNode b) {
        return new Blkio(number(b, "weight").map(Long::intValue), throttles(b, "weight_device", "weight"),
                throttles(b, "device_read_bps", "rate"), throttles(b, "device_write_bps", "rate"),
                throttles(b, "device_read_iops", "rate"), throttles(b, "device_write_iops", "rate"));
    }

    private static List<Throttle> throttles(MapNode b, String key, String value) {
        return maps(b, key).stream().map(t -> new Throttle(text(t, "path").orElse(""), number(t, value).orElse(0L)))
                .toList();
    }

    private static ContainerOptions.Networking networking(MapNode s) {
        return new ContainerOptions.Networking(texts(s, "dns"), texts(s, "dns_opt"), texts(s, "dns_search"),
                texts(s, "extra_hosts"), texts(s, "expose"), texts(s, "links"), texts(s, "external_links"),
                text(s, "mac_address"));
    }

    private static ContainerOptions.Storage storage(MapNode s) {
        return new ContainerOptions.Storage(texts(s, "tmpfs"), strings(map(s, "storage_opt")), texts(s, "volumes_from"),
                text(s, "volume_driver"));
    }

    private static ContainerOptions.Devices devices(MapNode s) {
        return new ContainerOptions.Devices(maps(s, "devices").stream().map(d -> new ContainerOptions.DeviceMapping(
                text(d, "source").orElse(""), text(d, "target").or(() -> text(d, "source")).orElse(""),
                text(d, "permissions").orElse("rwm"))).toList(), texts(s, "device_cgroup_rules"));
    }
}
