package dev.mlcompose.runner.run;

import dev.mlcompose.schema.model.Project;
import dev.mlcompose.schema.yaml.MapNode;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Valid Compose service keys that mlcompose does not pass to the engine yet. A file may use them (the loader
 * accepts what the Compose Specification accepts, and the config hash includes them, as compose's does), but
 * a container created without them behaves differently, so each one a service uses is a warning, never silence.
 */
final class UnappliedKeys {

    static final List<String> KEYS = List.of("annotations", "blkio_config", "cgroup", "cgroup_parent", "cpu_count",
            "cpu_percent", "cpu_period", "cpu_quota", "cpu_rt_period", "cpu_rt_runtime", "credential_spec",
            "device_cgroup_rules", "devices", "dns_opt", "dns_search", "domainname", "group_add", "isolation",
            "mac_address", "mem_swappiness", "oom_kill_disable", "oom_score_adj", "platform", "post_start", "pre_stop",
            "runtime", "security_opt", "storage_opt", "userns_mode", "uts");

    private UnappliedKeys() {
    }

    static void warn(Project project, Set<String> selected, Consumer<String> warnings) {
        MapNode services = project.document().get("services").map(MapNode.class::cast)
                .orElse(MapNode.empty(project.document().location()));
        for (String name : selected) {
            services.get(name).map(MapNode.class::cast).ifPresent(service -> {
                var used = KEYS.stream().filter(service::has).toList();
                if (!used.isEmpty()) {
                    warnings.accept("service " + name + ": " + String.join(", ", used) + (used.size() == 1 ? " is" : " are")
                            + " not applied by mlcompose yet; the container is created without "
                            + (used.size() == 1 ? "it" : "them"));
                }
            });
        }
    }
}
