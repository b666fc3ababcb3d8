package dev.mlcompose.runner.run;

import dev.mlcompose.runner.spec.ContainerSpecs;
import dev.mlcompose.runner.spec.Labels;
import dev.mlcompose.runner.engine.ContainerSpec;
import dev.mlcompose.runner.engine.ContainerSpecNetworkingBuilder;
import dev.mlcompose.runner.engine.ContainerSpecStorageBuilder;
import dev.mlcompose.runner.engine.Engine;
import dev.mlcompose.runner.gpu.GpuRequest;
import dev.mlcompose.schema.model.ContainerOptions;
import dev.mlcompose.schema.model.Project;
import dev.mlcompose.schema.model.Service;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.regex.Pattern;

/**
 * Start probes for the services whose settings the engine checks only when a container starts (host devices,
 * groups, security options, CDI names, cgroup values, runtimes): each such service's container, less what needs
 * the rest of the project (mounts, networks, ports, links, shared namespaces, GPU requests in any form, which the GPU
 * checks own), is created and started with an entrypoint that does not exist, so nothing runs (see
 * {@link Engine#startRefusal}). compose finds these at the service's own start, after its dependencies are up.
 */
final class StartChecks {

    /** The engine's words in a refusal, and the key a user then has to look at. */
    private static final List<Map.Entry<Pattern, String>> KEYS = List.of(
            Map.entry(Pattern.compile("(?i)cdi|device driver"), "devices (CDI)"),
            Map.entry(Pattern.compile("(?i)device"), "devices"),
            Map.entry(Pattern.compile("(?i)\\bgroup\\b"), "group_add"),
            Map.entry(Pattern.compile("(?i)runtime specified|unknown runtime"), "runtime"),
            Map.entry(Pattern.compile("(?i)seccomp|apparmor|selinux|security"), "security_opt"),
            Map.entry(Pattern.compile("(?i)storage-opt"), "storage_opt"),
            Map.entry(Pattern.compile("(?i)sysctl"), "sysctls"),
            Map.entry(Pattern.compile("(?i)log driver|logger"), "logging"),
            Map.entry(Pattern.compile("(?i)platform"), "platform"));

    private final Engine engine;

    StartChecks(Engine engine) {
        this.engine = engine;
    }

    /** Whether the engine could refuse a service's settings only at its start. */
    static boolean checkedAtStart(Service service) {
        ContainerOptions o = service.options();
        return !o.devices().mappings().isEmpty() || !o.devices().cgroupRules().isEmpty()
                || !o.process().groupAdd().isEmpty() || !o.security().securityOpt().isEmpty()
                || !o.storage().storageOpt().isEmpty() || o.security().runtime().filter(r -> !r.equals("nvidia")).isPresent()
                || o.security().isolation().isPresent() || !o.sysctls().isEmpty() || o.limits().blkio().isPresent()
                || o.limits().cpu().rtPeriod().isPresent() || o.limits().cpu().rtRuntime().isPresent()
                || o.limits().cgroupParent().isPresent() || o.namespaces().cgroup().isPresent()
                || o.namespaces().userns().isPresent() || o.platform().isPresent() || o.logging().driver().isPresent();
    }

    /** Each refusal, one line naming the service, the key and the engine's reason; probes run four at a time. */
    List<String> refusals(Project project, List<Service> services) {
        if (services.isEmpty()) {
            return List.of();
        }
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(4, services.size()),
                Background.daemon("mlcompose-probes"));
        try {
            var probes = services.stream().map(s -> CompletableFuture.supplyAsync(() -> engine.startRefusal(
                    probe(project, s)).map(reason -> line(s, reason)), pool)).toList();
            return probes.stream().map(CompletableFuture::join).flatMap(Optional::stream).toList();
        } finally {
            pool.shutdownNow();
        }
    }

    private static String line(Service service, String reason) {
        String key = KEYS.stream().filter(e -> e.getKey().matcher(reason).find()).map(Map.Entry::getValue)
                .findFirst().orElse("its settings");
        return "service " + service.name() + ": the engine refuses " + key + ": " + reason;
    }

    /** The service's container as a probe: its own settings only, labelled with the project so down removes it. */
    static ContainerSpec probe(Project project, Service service) {
        ContainerSpec spec = GpuRequest.dropAll(ContainerSpecs.of(project, service, 1, ""));
        var namespaces = spec.namespaces().withIpc(spec.namespaces().ipc().filter(m -> !m.startsWith("container:")))
                .withPid(spec.namespaces().pid().filter(m -> !m.startsWith("container:")));
        return spec.withName("mlcompose-probe-" + service.name() + "-" + UUID.randomUUID().toString().substring(0, 8))
                .withLabels(Map.of(Labels.PROJECT, project.name(), Labels.SERVICE, service.name(), Labels.ONEOFF, "True"))
                .withStorage(ContainerSpecStorageBuilder.builder().tmpfs(spec.storage().tmpfs())
                        .storageOpt(spec.storage().storageOpt()).build())
                .withNetworking(ContainerSpecNetworkingBuilder.builder().mode("none").build())
                .withNamespaces(namespaces).withHealthcheck(Optional.empty())
                .withRestart(ContainerSpec.RestartPolicy.NONE);
    }
}
