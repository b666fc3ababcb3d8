package dev.mlcompose.runner.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mlcompose.runner.gpu.GpuAllocator;
import dev.mlcompose.runner.engine.ContainerState;
import dev.mlcompose.runner.engine.PortBinding;
import dev.mlcompose.runner.run.Labels;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code mlcompose ps}: the project's containers. */
@Command(name = "ps", mixinStandardHelpOptions = true, description = "List the project's containers.",
        footerHeading = "%nExamples:%n",
        footer = {"  mlcompose ps -a", "  mlcompose ps --format json | jq '.[].State'", "  mlcompose ps -q training"})
final class PsCommand implements Callable<Integer> {

    @ParentCommand
    MlCompose root;

    @Mixin
    ServiceArguments services;

    @Option(names = {"-a", "--all"}, description = "Include stopped containers.")
    boolean all;

    @Option(names = {"-q", "--quiet"}, description = "Only container IDs.")
    boolean quiet;

    @Option(names = "--services", description = "Only service names.")
    boolean serviceNames;

    @Option(names = "--format", defaultValue = "table", paramLabel = "FORMAT", description = "table or json (one JSON array).")
    String format;

    @Option(names = "--status", paramLabel = "STATUS", description = "Only containers in this state (running, exited, …).")
    String status;

    @Override
    public Integer call() throws Exception {
        try (var session = root.session()) {
            var containers = session.runner().containers(session.projectName(), all || status != null).stream()
                    .filter(c -> services.includes(c.label(Labels.SERVICE)))
                    .filter(c -> status == null || c.status().equals(status)).toList();
            var out = root.invocation().out();
            if (quiet) {
                containers.forEach(c -> out.println(c.id()));
            } else if (serviceNames) {
                containers.stream().map(c -> c.label(Labels.SERVICE)).distinct().forEach(out::println);
            } else if (format.equals("json")) {
                out.println(new ObjectMapper().writeValueAsString(containers.stream().map(PsCommand::row).toList()));
            } else {
                // the GPUS column only where a container holds GPUs, so that other tables read like compose's
                boolean gpus = containers.stream().anyMatch(c -> !gpus(c).isEmpty());
                String columns = "%-32s %-16s %-14s %-24s " + (gpus ? "%-10s " : "%s") + "%s%n";
                out.printf(columns, "NAME", "SERVICE", "STATUS", "HEALTH", gpus ? "GPUS" : "", "PORTS");
                containers.forEach(c -> out.printf(columns, c.name(), c.label(Labels.SERVICE),
                        c.status() + (c.status().equals("exited") ? " (" + c.exitCode() + ")" : ""),
                        c.health().orElse(""), gpus ? gpus(c) : "", ports(c.ports())));
            }
            return ExitCodes.OK;
        }
    }

    private static Map<String, Object> row(ContainerState c) {
        var row = new LinkedHashMap<String, Object>();
        row.put("ID", c.id());
        row.put("Name", c.name());
        row.put("Service", c.label(Labels.SERVICE));
        row.put("Project", c.label(Labels.PROJECT));
        row.put("Image", c.image());
        row.put("State", c.status());
        row.put("Health", c.health().orElse(""));
        row.put("ExitCode", c.exitCode());
        row.put("Gpus", gpus(c));
        row.put("Publishers", c.ports().stream().map(p -> Map.of("URL", p.hostIp(), "PublishedPort",
                p.hostPort().isEmpty() ? 0 : Integer.parseInt(p.hostPort()), "TargetPort", p.containerPort(),
                "Protocol", p.protocol())).toList());
        return row;
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
