package dev.mlcompose.runner.swarm;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mlcompose.runner.plan.StackTarget;
import dev.mlcompose.schema.InvalidProjectException;
import dev.mlcompose.schema.Problem;
import dev.mlcompose.schema.model.FileObject;
import dev.mlcompose.schema.model.Network;
import dev.mlcompose.schema.model.Project;
import dev.mlcompose.schema.model.Service;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * A project as the Swarm objects that run it, in the Engine API's own JSON: the overlay networks its services use,
 * its secrets and configs (named by their content's hash: Swarm's are immutable, so a changed one is a new object
 * that the updated services point to), and one service spec per Compose service. Pure: file contents come from the
 * {@code read} function given. External networks, secrets and configs are referred to, never made.
 *
 * @param services by Compose service name, in the file's order
 */
public record StackSpec(String project, List<ObjectNode> networks, List<FileSpec> secrets, List<FileSpec> configs,
                        Map<String, ServiceSpec> services) {

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    public StackSpec {
        networks = List.copyOf(networks);
        secrets = List.copyOf(secrets);
        configs = List.copyOf(configs);
        services = Collections.unmodifiableMap(new LinkedHashMap<>(services));
    }

    /** A secret or config: its spec ({@code Data} holds the content, base64) and the content's hash. */
    public record FileSpec(String key, ObjectNode spec) {
        public String name() {
            return spec.path("Name").asText();
        }
    }

    /** One service's spec, with its {@link StackNames#SPEC_HASH} label set, and whether it runs to completion. */
    public record ServiceSpec(String service, boolean job, ObjectNode spec) {
        public String name() {
            return spec.path("Name").asText();
        }

        public String hash() {
            return spec.path("Labels").path(StackNames.SPEC_HASH).asText();
        }

        /** How many tasks a run of the job must complete (1 for a service). */
        int completions() {
            return spec.path("Mode").path("ReplicatedJob").path("TotalCompletions").asInt(1);
        }
    }

    /**
     * The project's Swarm objects; {@code read} gives a file secret's or config's content, {@code inputs} the key of
     * a job's {@code x-mlcompose.inputs} as the files are now (empty without inputs): a job's spec hash has it, so
     * that changed inputs run the job again, as the skip cache does on one engine.
     */
    public static StackSpec of(Project project, Function<Path, byte[]> read, Function<Service, String> inputs) {
        var secrets = files(project, "secrets", project.secrets(), read);
        var configs = files(project, "configs", project.configs(), read);
        var specs = new ServiceSpecs(project, names(project.secrets(), secrets), names(project.configs(), configs));
        var services = new LinkedHashMap<String, ServiceSpec>();
        project.services().values().forEach(s -> {
            ObjectNode spec = specs.of(s);
            String key = specs.isJob(s) && s.ml().cache() ? inputs.apply(s) : "";
            if (!key.isEmpty()) {
                ((ObjectNode) spec.get("Labels")).put(StackNames.INPUTS_HASH, key);
            }
            String hash = StackNames.sha256(spec.toString());
            ((ObjectNode) spec.get("Labels")).put(StackNames.SPEC_HASH, hash);
            services.put(s.name(), new ServiceSpec(s.name(), specs.isJob(s), spec));
        });
        var used = project.services().values().stream().flatMap(s -> s.networks().stream()).distinct().toList();
        var networks = project.networks().values().stream().filter(n -> used.contains(n.key()) && !n.external())
                .map(n -> network(project, n)).toList();
        return new StackSpec(project.name(), networks, secrets, configs, services);
    }

    /** What the planner needs of the stack: its objects' names, and each service's name, hash and kind. */
    public StackTarget target() {
        var targets = new LinkedHashMap<String, StackTarget.Service>();
        services.forEach((name, s) -> targets.put(name, new StackTarget.Service(s.name(), s.hash(), s.job())));
        return new StackTarget(networks.stream().map(n -> n.path("Name").asText()).toList(),
                secrets.stream().map(FileSpec::name).toList(), configs.stream().map(FileSpec::name).toList(), targets);
    }

    /** The spec of the network named {@code name}. */
    ObjectNode network(String name) {
        return networks.stream().filter(n -> n.path("Name").asText().equals(name)).findFirst().orElseThrow();
    }

    /** What {@code config --backend swarm --format json} prints: every spec, the contents left out. */
    public ObjectNode toJson() {
        var out = JSON.objectNode();
        out.put("project", project);
        networks.forEach(out.putArray("networks")::add);
        secrets.forEach(s -> out.withArray("secrets").add(s.spec().deepCopy().without("Data")));
        configs.forEach(s -> out.withArray("configs").add(s.spec().deepCopy().without("Data")));
        services.values().forEach(s -> out.withArray("services").add(s.spec()));
        return out;
    }

    private static Map<String, String> names(Map<String, FileObject> declared, List<FileSpec> made) {
        var names = new TreeMap<String, String>();
        declared.values().stream().filter(FileObject::external).forEach(f -> names.put(f.key(), f.name()));
        made.forEach(f -> names.put(f.key(), f.name()));
        return names;
    }

    private static List<FileSpec> files(Project project, String kind, Map<String, FileObject> declared,
                                        Function<Path, byte[]> read) {
        return declared.values().stream().filter(f -> !f.external()).map(f -> {
            byte[] content = f.file().map(p -> located(project, kind, f.key(), () -> read.apply(project.workingDir().resolve(p))))
                    .or(() -> f.environment().map(v -> project.environment().getOrDefault(v, ""))
                            .map(v -> v.getBytes(StandardCharsets.UTF_8)))
                    .orElseGet(() -> f.content().orElse("").getBytes(StandardCharsets.UTF_8));
            var labels = new TreeMap<>(f.labels());
            labels.put(StackNames.NAMESPACE, project.name());
            labels.put(StackNames.CONTENT_HASH, StackNames.sha256(content));
            var spec = JSON.objectNode().put("Name", StackNames.versioned(project.name(), f.key(), content));
            spec.set("Labels", Trees.strings(labels));
            spec.put("Data", Base64.getEncoder().encodeToString(content));
            return new FileSpec(f.key(), spec);
        }).toList();
    }

    /** The content read, or the reason it cannot be, at the file's key ({@code secrets.NAME.file}). */
    private static byte[] located(Project project, String kind, String key, Supplier<byte[]> read) {
        try {
            return read.get();
        } catch (SwarmFiles.Unreadable e) {
            throw new InvalidProjectException(new Problem(project.locate(kind, key, "file"),
                    String.join(".", kind, key, "file"), e.getMessage()));
        }
    }

    /** An overlay network, unless the file names another driver; labelled as stack deploy labels it. */
    private static ObjectNode network(Project project, Network n) {
        var spec = JSON.objectNode().put("Name", n.name());
        var labels = new TreeMap<>(n.labels());
        labels.put(StackNames.NAMESPACE, project.name());
        spec.set("Labels", Trees.strings(labels));
        spec.put("Driver", n.driver().orElse("overlay"));
        spec.put("Scope", "swarm");
        if (!n.driverOpts().isEmpty()) {
            spec.set("Options", Trees.strings(n.driverOpts()));
        }
        if (n.attachable()) {
            spec.put("Attachable", true);
        }
        if (n.internal()) {
            spec.put("Internal", true);
        }
        n.enableIpv6().ifPresent(v -> spec.put("EnableIPv6", v));
        n.ipam().filter(i -> i.driver().isPresent() || !i.pools().isEmpty() || !i.options().isEmpty()).ifPresent(ipam -> {
            var out = spec.putObject("IPAM");
            ipam.driver().ifPresent(d -> out.put("Driver", d));
            var pools = out.putArray("Config");
            ipam.pools().forEach(p -> {
                var pool = pools.addObject();
                p.subnet().ifPresent(v -> pool.put("Subnet", v));
                p.ipRange().ifPresent(v -> pool.put("IPRange", v));
                p.gateway().ifPresent(v -> pool.put("Gateway", v));
                if (!p.auxAddresses().isEmpty()) {
                    pool.set("AuxiliaryAddresses", Trees.strings(p.auxAddresses()));
                }
            });
            if (!ipam.options().isEmpty()) {
                out.set("Options", Trees.strings(ipam.options()));
            }
        });
        return spec;
    }
}
