package dev.mlcompose.runner.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mlcompose.runner.cli.output.GoTemplate;
import dev.mlcompose.runner.engine.ContainerState;
import dev.mlcompose.runner.engine.PortBinding;
import dev.mlcompose.runner.gpu.GpuAllocator;
import dev.mlcompose.runner.spec.Labels;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code mlcompose ps}: the project's containers, in mlcompose's table (with HEALTH and, where a container holds
 * GPUs, GPUS), or as compose 2.26 prints them for scripts: {@code --format json} one JSON object per line with
 * compose's fields, or a Go template ({@code --format '{{.Name}} {{.State}}'}, {@code 'table {{.Name}}\t…'}).
 */
@Command(name = "ps", mixinStandardHelpOptions = true, description = "List the project's containers.",
        footerHeading = "%nExamples:%n",
        footer = {"  mlcompose ps -a", "  mlcompose ps --format json | jq -r 'select(.State == \"running\") | .Name'",
            "  mlcompose ps --format '{{.Name}}\\t{{.Status}}\\t{{.Ports}}'", "  mlcompose ps --filter status=exited -q",
            "  mlcompose ps -q training"})
final class PsCommand implements Callable<Integer> {

    private static final ObjectMapper JSON = new ObjectMapper();

    @ParentCommand
    MlCompose root;

    @Spec
    CommandSpec spec;

    @Mixin
    ServiceArguments services;

    @Option(names = {"-a", "--all"}, description = "Include stopped containers.")
    boolean all;

    @Option(names = {"-q", "--quiet"}, description = "Only container IDs.")
    boolean quiet;

    @Option(names = "--services", description = "Only service names.")
    boolean serviceNames;

    @Option(names = "--format", defaultValue = "table", paramLabel = "FORMAT",
            description = "table (default), json (one object per line, compose's fields), or a Go template.")
    String format;

    @Option(names = "--status", paramLabel = "STATUS", description = "Only containers in this state (repeatable):"
            + " created, restarting, running, removing, paused, exited, dead.")
    List<String> status = new ArrayList<>();

    @Option(names = "--filter", paramLabel = "KEY=VALUE", description = "Filter by a property; supported: status=STATE.")
    String filter;

    @Option(names = "--no-trunc", description = "Do not shorten IDs, commands, images and mounts (json, templates).")
    boolean noTrunc;

    @Option(names = "--orphans", arity = "0..1", defaultValue = "true", fallbackValue = "true", paramLabel = "BOOL",
            description = "Include containers of services the file no longer has (default; --orphans=false does not).")
    boolean orphans;

    @Override
    public Integer call() throws Exception {
        if (SwarmCommands.on(root)) {
            SwarmCommands.refuseUnhonoured(root, spec, "--all", "--quiet", "--format");
            if (!format.equals("table") && !format.equals("json")) {
                throw new CliException(ExitCodes.USAGE, "--format " + format + ": the swarm backend prints table or json");
            }
            return SwarmOutput.ps(root, services, all, quiet, format.equals("json"));
        }
        Set<String> wanted = wantedStatus();
        GoTemplate template = template();
        try (var session = root.session()) {
            Set<String> declared = orphans ? null : session.project().services().keySet();
            var containers = session.inspector().containers(session.projectName(), all || !wanted.isEmpty()).stream()
                    .filter(c -> services.includes(c.label(Labels.SERVICE)))
                    .filter(c -> declared == null || declared.contains(c.label(Labels.SERVICE)))
                    .filter(c -> wanted.isEmpty() || wanted.contains(c.status())).toList();
            var out = root.invocation().out();
            if (quiet) {
                containers.forEach(c -> out.println(c.id()));
            } else if (serviceNames) {
                containers.stream().map(c -> c.label(Labels.SERVICE)).distinct().forEach(out::println);
            } else if (format.equals("json")) {
                for (var c : containers) {
                    out.println(JSON.writeValueAsString(PsFields.json(fields(c))));
                }
            } else if (template != null) {
                out.print(TemplateFormat.render(template, containers.stream().map(this::fields).toList(), PsFields.HEADERS));
            } else {
                // GPUS and CELL only where a container holds GPUs or is a sweep's cell, so that other tables read
                // like compose's
                boolean gpus = containers.stream().anyMatch(c -> !gpus(c).isEmpty());
                int cell = containers.stream().mapToInt(c -> c.label(Labels.CELL).length()).max().orElse(0);
                String columns = "%-32s %-16s %-14s %-24s " + (gpus ? "%-10s " : "%s")
                        + (cell > 0 ? "%-" + Math.max(cell + 1, 10) + "s " : "%s") + "%s%n";
                out.printf(columns, "NAME", "SERVICE", "STATUS", "HEALTH", gpus ? "GPUS" : "", cell > 0 ? "CELL" : "",
                        "PORTS");
                containers.forEach(c -> out.printf(columns, c.name(), c.label(Labels.SERVICE),
                        c.status() + (c.status().equals("exited") ? " (" + c.exitCode() + ")" : ""),
                        c.health().orElse(""), gpus ? gpus(c) : "", c.label(Labels.CELL), ports(c.ports())));
            }
            return ExitCodes.OK;
        }
    }

    private GoTemplate.MapSubject fields(ContainerState c) {
        return PsFields.of(c, !noTrunc, Instant.now(), ZoneId.systemDefault());
    }

    /** A template, or null for the two named formats; a broken one is a usage error before the engine is asked. */
    private GoTemplate template() {
        return format.equals("table") || format.equals("json") ? null : TemplateFormat.parse(format);
    }

    /** The states of {@code --status} and {@code --filter status=…} (compose's only filter); none: any state. */
    private Set<String> wantedStatus() {
        var wanted = new HashSet<>(status);
        if (filter != null) {
            int eq = filter.indexOf('=');
            if (eq < 0 || !filter.substring(0, eq).equals("status")) {
                throw new CliException(ExitCodes.USAGE, "--filter " + filter + ": the only filter is status=STATE");
            }
            wanted.add(filter.substring(eq + 1));
        }
        return wanted;
    }

    /** The GPUs a container holds ("0,1"), "cpu" when it runs on CPU fallback, else "". */
    static String gpus(ContainerState c) {
        String held = c.label(GpuAllocator.LABEL);
        return held.isEmpty() ? c.label(GpuAllocator.FALLBACK_LABEL) : held;
    }

    private static String ports(List<PortBinding> ports) {
        return ports.stream().map(p -> (p.hostIp().isEmpty() ? "" : p.hostIp() + ":") + p.hostPort() + "->"
                + p.containerPort() + "/" + p.protocol()).collect(Collectors.joining(", "));
    }
}
