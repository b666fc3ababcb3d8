package dev.mlcompose.runner.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mlcompose.runner.cli.output.TabColumns;
import dev.mlcompose.runner.engine.ImageInfo;
import dev.mlcompose.runner.spec.ImageDigests;
import dev.mlcompose.runner.spec.Names;
import dev.mlcompose.schema.config.ConfigHash;
import dev.mlcompose.schema.config.ConfigPrinter;
import dev.mlcompose.schema.interpolate.Variables;
import dev.mlcompose.schema.load.ComposeLoader;
import dev.mlcompose.schema.load.LoadRequest;
import dev.mlcompose.schema.model.Project;
import dev.mlcompose.schema.normalize.Nodes;
import dev.mlcompose.schema.yaml.MapNode;
import dev.mlcompose.schema.yaml.Node;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code mlcompose config}: the resolved project, as {@code docker compose config} prints it. */
@Command(name = "config", mixinStandardHelpOptions = true,
        description = "Parse, resolve and render the Compose file(s) in canonical form.",
        footerHeading = "%nExamples:%n",
        footer = {
            "  mlcompose config --format json",
            "  mlcompose -f compose.yml -f override.yml config --services",
            "  mlcompose config --hash '*'       one 'service hash' line per service",
            "  mlcompose config -q && echo valid",
            "  mlcompose config --variables    what can be set in the environment or .env",
            "  mlcompose config --backend swarm --format json   the Swarm specs that up would send"})
final class ConfigCommand implements Callable<Integer> {

    private static final ObjectMapper JSON = new ObjectMapper();

    @ParentCommand
    MlCompose root;

    @Option(names = "--format", defaultValue = "yaml", paramLabel = "FORMAT", description = "yaml (default) or json.")
    Format format;

    enum Format { yaml, json }

    @Option(names = {"-q", "--quiet"}, description = "Only validate; print nothing.")
    boolean quiet;

    @Option(names = "--services", description = "Print the service names, one per line.")
    boolean services;

    @Option(names = "--volumes", description = "Print the volume names, one per line.")
    boolean volumes;

    @Option(names = "--profiles", description = "Print the profile names, one per line.")
    boolean profiles;

    @Option(names = "--images", description = "Print the image names, one per line.")
    boolean images;

    @Option(names = "--hash", paramLabel = "SERVICES", description = "Print 'service hash' for the services ('*' for all).")
    String hash;

    @Option(names = "--no-interpolate", description = "Do not replace $${VARIABLES} (print them as written).")
    boolean noInterpolate;

    @Option(names = "--variables",
            description = "Print the variables the files use: whether each is required, its default and alternate value.")
    boolean variables;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "Write to FILE instead of stdout.")
    Path output;

    @Option(names = "--no-path-resolution", description = "Print paths as the files write them, not resolved.")
    boolean noPathResolution;

    @Option(names = "--no-normalize", description = "Print no defaults and no resource names the files do not write.")
    boolean noNormalize;

    @Option(names = "--no-consistency",
            description = "Do not refuse references to undefined services, networks, volumes, secrets or configs.")
    boolean noConsistency;

    @Option(names = "--networks", description = "Print the network names, one per line.")
    boolean networks;

    @Option(names = "--environment", description = "Print the environment used for interpolation, KEY=VALUE lines.")
    boolean environment;

    @Option(names = "--lock-image-digests",
            description = "Print an override file that pins each service's image to its digest (as --resolve-image-digests).")
    boolean lockImageDigests;

    @Option(names = "--resolve-image-digests",
            description = "Pin each image to its registry digest, as this engine knows it (pulled or pushed images).")
    boolean resolveImageDigests;

    @Override
    public Integer call() throws IOException {
        var style = root.style();
        var err = root.invocation().err();
        var request = root.options().request(root.invocation(), !noInterpolate, w -> err.println(style.warning("WARN ") + w))
                .withRendering(new LoadRequest.Rendering(!noPathResolution, !noNormalize, !noConsistency));
        String text;
        if (variables) {
            var found = ComposeLoader.variables(request).values();
            if (quiet) {
                return ExitCodes.OK;
            }
            text = variables(found);
        } else {
            Project project = ErrorReporter.load(request);
            if (quiet) {
                return ExitCodes.OK;
            }
            if (root.options().backend(root.invocation()) == ProjectOptions.Backend.swarm && !listing()) {
                text = swarm(project);
            } else {
                text = lockImageDigests ? lock(pinned(project)) : render(resolveImageDigests ? pinned(project) : project);
            }
        }
        if (output != null) {
            Files.writeString(root.invocation().workingDirectory().resolve(output), text);
        } else {
            root.invocation().out().print(text);
        }
        return ExitCodes.OK;
    }

    /** Whether a list of names was asked for, which is the same on every backend. */
    private boolean listing() {
        return services || networks || volumes || profiles || images || environment || hash != null;
    }

    /**
     * The Swarm objects that {@code up} would make, after what a Swarm cannot run was refused; secrets' and configs'
     * contents are left out (their names carry the content's hash).
     */
    private String swarm(Project project) {
        var spec = SwarmCommands.stack(root, project).toJson();
        return format == Format.json ? spec.toPrettyString() + "\n" : ConfigPrinter.yaml(JSON.convertValue(spec, Map.class));
    }

    /** The project with each service's {@code image} pinned to the digest this engine has for it. */
    private Project pinned(Project project) {
        var services = (MapNode) project.document().get("services").orElseThrow();
        var pinned = new LinkedHashMap<String, Node>();
        try (var session = root.session()) {
            services.entries().forEach((name, node) -> {
                var service = (MapNode) node;
                var image = service.get("image").map(Nodes::textOf);
                if (image.isEmpty()) {
                    pinned.put(name, node);
                    return;
                }
                var digests = session.engine().image(image.get()).map(ImageInfo::repoDigests).orElse(List.of());
                String withDigest = ImageDigests.pinned(image.get(), digests).orElseThrow(() -> new CliException(
                        ExitCodes.FAILURE, "service " + name + ": image " + image.get() + " has no registry digest on"
                        + " this engine (pull it, or push it, first)"));
                pinned.put(name, service.with("image", Nodes.text(withDigest, service.get("image").get())));
            });
        }
        return project.withDocument(project.document().with("services", services.withEntries(pinned)));
    }

    /** An override file of the images alone, pinned: merged over the project's files, it changes nothing else. */
    private String lock(Project pinned) {
        var services = new TreeMap<String, Object>();
        ((MapNode) pinned.document().get("services").orElseThrow()).entries().forEach((name, node) ->
                ((MapNode) node).get("image").map(Nodes::textOf).ifPresent(image -> services.put(name, Map.of("image", image))));
        Map<String, Object> document = Map.of("services", services);
        return format == Format.json ? ConfigPrinter.json(document) : ConfigPrinter.yaml(document);
    }

    private String render(Project project) {
        if (services) {
            return lines(project.services().keySet().stream().sorted().toList());
        }
        if (networks) {
            return lines(project.networks().keySet().stream().sorted().toList());
        }
        if (environment) {
            return lines(project.environment().entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).sorted()
                    .toList());
        }
        if (volumes) {
            return lines(project.volumes().keySet().stream().sorted().toList());
        }
        if (profiles) {
            return lines(project.profiles());
        }
        if (images) {
            return lines(project.services().values().stream().map(s -> Names.image(project, s)).toList());
        }
        if (hash != null) {
            List<String> names = hash.equals("*") ? project.services().keySet().stream().sorted().toList()
                    : List.of(hash.split(","));
            Map<String, String> hashes = ConfigHash.all(project);
            return lines(names.stream().map(String::strip).map(n -> n + " " + Optional.ofNullable(hashes.get(n))
                    .orElseThrow(() -> new IllegalArgumentException("no such service: " + n))).toList());
        }
        boolean escape = !noInterpolate;
        return format == Format.json ? ConfigPrinter.json(project, escape) : ConfigPrinter.yaml(project, escape);
    }


    /** compose's table of the variables, sorted by name (compose's order varies), or with {@code --format json} an array. */
    private String variables(Collection<Variables.Variable> found) {
        if (format == Format.json) {
            var array = JSON.createArrayNode();
            found.forEach(v -> array.addObject().put("name", v.name()).put("required", v.required())
                    .put("defaultValue", v.defaultValue().orElse("")).put("alternateValue", v.alternateValue().orElse("")));
            return array.toPrettyString() + "\n";
        }
        var table = new StringBuilder("NAME\tREQUIRED\tDEFAULT VALUE\tALTERNATE VALUE");
        found.forEach(v -> table.append('\n').append(v.name()).append('\t').append(v.required()).append('\t')
                .append(v.defaultValue().orElse("")).append('\t').append(v.alternateValue().orElse("")));
        return TabColumns.align(table.toString(), 20) + "\n";
    }

    private static String lines(List<String> items) {
        return items.isEmpty() ? "" : String.join("\n", items) + "\n";
    }
}
