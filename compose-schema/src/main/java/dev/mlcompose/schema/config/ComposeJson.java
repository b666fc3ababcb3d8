package dev.mlcompose.schema.config;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A service written as Go's {@code json.Marshal} writes compose-go's {@code types.ServiceConfig} (compose-go
 * v2.4.8, the one in Debian's docker compose 2.26.1): struct fields in declaration order, map keys sorted,
 * {@code x-} extensions left out, strings escaped the Go way. docker compose hashes exactly these bytes for its
 * {@code com.docker.compose.config-hash} label; producing the same bytes lets both tools converge on each
 * other's containers.
 */
final class ComposeJson {

    /** A Go struct: its JSON fields in order, with the type of each field that is itself structured. */
    private record Struct(List<String> fields, Map<String, String> types) {
    }

    private static final Map<String, Struct> STRUCTS = new LinkedHashMap<>();

    private static void struct(String name, String fields, String... typed) {
        var types = new LinkedHashMap<String, String>();
        for (String t : typed) {
            String[] kv = t.split("=");
            types.put(kv[0], kv[1]);
        }
        STRUCTS.put(name, new Struct(Arrays.asList(fields.split(" ")), types));
    }

    // Field types: a struct name, "list:T" (a slice of T), "map:T" (a Go map of T); unnamed fields are plain.
    static {
        struct("Service", "profiles annotations attach build develop blkio_config cap_add cap_drop cgroup_parent cgroup "
                        + "cpu_count cpu_percent cpu_period cpu_quota cpu_rt_period cpu_rt_runtime cpus cpuset cpu_shares "
                        + "command configs container_name credential_spec depends_on deploy device_cgroup_rules devices dns "
                        + "dns_opt dns_search dockerfile domainname entrypoint environment env_file expose extends "
                        + "external_links extra_hosts group_add gpus hostname healthcheck image init ipc isolation labels "
                        + "label_file links logging log_driver log_opt mem_limit mem_reservation memswap_limit "
                        + "mem_swappiness mac_address net network_mode networks oom_kill_disable oom_score_adj pid "
                        + "pids_limit platform ports privileged pull_policy read_only restart runtime scale secrets "
                        + "security_opt shm_size stdin_open stop_grace_period stop_signal storage_opt sysctls tmpfs tty "
                        + "ulimits user userns_mode uts volume_driver volumes volumes_from working_dir post_start pre_stop",
                "annotations=map:", "develop=Develop", "blkio_config=Blkio", "configs=list:FileRef",
                "credential_spec=CredentialSpec", "depends_on=map:Dependency", "deploy=Deploy", "devices=list:DeviceMapping",
                "environment=map:", "env_file=list:EnvFile", "extends=Extends", "gpus=list:DeviceRequest",
                "healthcheck=Healthcheck", "labels=map:", "logging=Logging", "log_opt=map:", "networks=map:ServiceNetwork",
                "ports=list:Port", "secrets=list:FileRef", "storage_opt=map:", "sysctls=map:", "ulimits=map:Ulimit",
                "volumes=list:Volume", "post_start=list:Hook", "pre_stop=list:Hook");
        struct("Deploy", "mode replicas labels update_config rollback_config resources restart_policy placement endpoint_mode",
                "labels=map:", "update_config=Update", "rollback_config=Update", "resources=Resources",
                "placement=Placement", "restart_policy=RestartPolicy");
        struct("Resources", "limits reservations", "limits=Resource", "reservations=Resource");
        struct("Resource", "cpus memory pids devices generic_resources", "devices=list:DeviceRequest",
                "generic_resources=list:GenericResource");
        struct("GenericResource", "discrete_resource_spec", "discrete_resource_spec=DiscreteResource");
        struct("DiscreteResource", "kind value");
        struct("DeviceRequest", "capabilities driver count device_ids options", "options=map:");
        struct("RestartPolicy", "condition delay max_attempts window");
        struct("Update", "parallelism delay failure_action monitor max_failure_ratio order");
        struct("Placement", "constraints preferences max_replicas_per_node", "preferences=list:Spread");
        struct("Spread", "spread");
        struct("Healthcheck", "test timeout interval retries start_period start_interval disable");
        struct("Port", "name mode host_ip target published protocol app_protocol");
        struct("Volume", "type source target read_only consistency bind volume tmpfs", "bind=Bind", "volume=VolumeOptions",
                "tmpfs=Tmpfs");
        struct("Bind", "selinux propagation create_host_path recursive");
        struct("VolumeOptions", "nocopy subpath");
        struct("Tmpfs", "size mode");
        struct("ServiceNetwork", "priority gw_priority aliases ipv4_address ipv6_address link_local_ips mac_address "
                + "driver_opts", "driver_opts=map:");
        struct("Dependency", "condition restart required");
        struct("FileRef", "source target uid gid mode");
        struct("Logging", "driver options", "options=map:");
        struct("Ulimit", "single soft hard");
        struct("DeviceMapping", "source target permissions");
        struct("EnvFile", "path required format");
        struct("Extends", "file service");
        struct("CredentialSpec", "config file registry");
        struct("Hook", "command user privileged working_dir environment", "environment=map:");
        struct("Develop", "watch", "watch=list:Trigger");
        struct("Trigger", "path action target exec ignore", "exec=Hook");
        // compose-go's WeightDevice and ThrottleDevice have no json tags: Go writes their Go field names
        struct("Blkio", "weight weight_device device_read_bps device_read_iops device_write_bps device_write_iops",
                "weight_device=list:WeightDevice", "device_read_bps=list:ThrottleDevice",
                "device_read_iops=list:ThrottleDevice", "device_write_bps=list:ThrottleDevice",
                "device_write_iops=list:ThrottleDevice");
        struct("WeightDevice", "path weight");
        struct("ThrottleDevice", "path rate");
    }

    private static final Map<String, String> GO_FIELD_NAMES = Map.of("path", "Path", "weight", "Weight", "rate", "Rate");

    private ComposeJson() {
    }

    /** {@code service}: the service as {@code config --format json} prints it (without $$ escaping). */
    static String service(Map<?, ?> service) {
        var out = new StringBuilder();
        write(out, service, "Service");
        return out.toString();
    }

    private static void write(StringBuilder out, Object value, String type) {
        if (value instanceof Map<?, ?> map) {
            if (type.startsWith("map:")) {
                writeMap(out, new TreeMap<>(stringKeys(map)), type.substring(4));
            } else {
                writeStruct(out, stringKeys(map), type);
            }
        } else if (value instanceof List<?> list) {
            String item = type.startsWith("list:") ? type.substring(5) : "";
            out.append('[');
            for (int i = 0; i < list.size(); i++) {
                out.append(i == 0 ? "" : ",");
                write(out, list.get(i), item);
            }
            out.append(']');
        } else {
            scalar(out, value);
        }
    }

    private static void writeStruct(StringBuilder out, Map<String, Object> map, String type) {
        Struct struct = STRUCTS.get(type);
        var order = new ArrayList<String>(struct == null ? List.of() : struct.fields());
        map.keySet().stream().filter(k -> !order.contains(k)).sorted().forEach(order::add);
        out.append('{');
        boolean first = true;
        for (String key : order) {
            if (!map.containsKey(key) || key.startsWith("x-")) {
                continue; // compose-go keeps extensions out of its JSON (json:"-")
            }
            out.append(first ? "" : ",");
            first = false;
            String name = type.endsWith("Device") ? GO_FIELD_NAMES.getOrDefault(key, key) : key;
            string(out, name);
            out.append(':');
            Object value = map.get(key);
            if (type.equals("ThrottleDevice") && key.equals("rate") && value instanceof Number n) {
                value = String.valueOf(n.longValue()); // UnitBytes: Go writes it quoted
            }
            write(out, value, struct == null ? "" : struct.types().getOrDefault(key, ""));
        }
        out.append('}');
    }

    private static void writeMap(StringBuilder out, Map<String, Object> map, String valueType) {
        out.append('{');
        boolean first = true;
        for (var e : map.entrySet()) {
            out.append(first ? "" : ",");
            first = false;
            string(out, e.getKey());
            out.append(':');
            write(out, e.getValue(), valueType);
        }
        out.append('}');
    }

    private static Map<String, Object> stringKeys(Map<?, ?> map) {
        var out = new LinkedHashMap<String, Object>();
        map.forEach((k, v) -> out.put(String.valueOf(k), v));
        return out;
    }

    private static void scalar(StringBuilder out, Object value) {
        if (value == null) {
            out.append("null");
        } else if (value instanceof String s) {
            string(out, s);
        } else if (value instanceof Double || value instanceof Float) {
            double d = ((Number) value).doubleValue();
            out.append(d == Math.rint(d) && Math.abs(d) < 1e15 ? String.valueOf((long) d) : String.valueOf(value));
        } else {
            out.append(value); // integers and booleans read the same in Go
        }
    }

    /** Go's encoding/json string escaping, HTML-safe characters included. */
    private static void string(StringBuilder out, String s) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                case '<', '>', '&', '\u2028', '\u2029' -> out.append(String.format("\\u%04x", (int) c));
                default -> out.append(c < 0x20 ? String.format("\\u%04x", (int) c) : String.valueOf(c));
            }
        }
        out.append('"');
    }
}
