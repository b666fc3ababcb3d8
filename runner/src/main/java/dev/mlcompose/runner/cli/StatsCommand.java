package dev.mlcompose.runner.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mlcompose.runner.cli.output.GoTemplate;
import dev.mlcompose.runner.cli.output.Sizes;
import dev.mlcompose.runner.engine.ContainerState;
import dev.mlcompose.runner.engine.ContainerStats;
import dev.mlcompose.runner.engine.Engine;
import dev.mlcompose.runner.spec.Labels;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * {@code mlcompose stats}: the containers' CPU, memory, network and disk use as compose shows it (the docker
 * CLI's columns and arithmetic), once with {@code --no-stream}, else refreshed about every second until
 * interrupted; {@code --format json} (one object per line) and Go templates as {@code ps} takes them.
 */
@Command(name = "stats", mixinStandardHelpOptions = true,
        description = "Show the containers' resource use (CPU, memory, network, disk, processes).",
        footerHeading = "%nExamples:%n",
        footer = {"  mlcompose stats                                   live, until Ctrl-C",
            "  mlcompose stats --no-stream training",
            "  mlcompose stats --no-stream --format json | jq -r '.Name + \" \" + .MemUsage'"})
final class StatsCommand implements Callable<Integer> {

    private static final String TABLE = "table {{.ID}}\\t{{.Name}}\\t{{.CPUPerc}}\\t{{.MemUsage}}\\t{{.MemPerc}}\\t{{.NetIO}}"
            + "\\t{{.BlockIO}}\\t{{.PIDs}}";
    private static final Map<String, String> HEADERS = Map.of("ID", "CONTAINER ID", "Container", "CONTAINER",
            "Name", "NAME", "CPUPerc", "CPU %", "MemUsage", "MEM USAGE / LIMIT", "MemPerc", "MEM %", "NetIO", "NET I/O",
            "BlockIO", "BLOCK I/O", "PIDs", "PIDS");
    private static final ObjectMapper JSON = new ObjectMapper();

    @ParentCommand
    MlCompose root;

    @Mixin
    ServiceArguments services;

    @Option(names = {"-a", "--all"}, description = "Also stopped containers.")
    boolean all;

    @Option(names = "--no-stream", description = "One sample, then exit.")
    boolean noStream;

    @Option(names = "--no-trunc", description = "Full container IDs.")
    boolean noTrunc;

    @Option(names = "--format", defaultValue = "table", paramLabel = "FORMAT",
            description = "table (default), json (one object per line), or a Go template.")
    String format;

    @Override
    public Integer call() throws Exception {
        GoTemplate template = format.equals("json") ? null : TemplateFormat.parse(format.equals("table") ? TABLE : format);
        var out = root.invocation().out();
        boolean redraw = !noStream && root.invocation().console();
        try (var session = root.session()) {
            Engine engine = session.engine();
            while (true) {
                var containers = session.inspector().containers(session.projectName(), all).stream()
                        .filter(c -> services.includes(c.label(Labels.SERVICE))).toList();
                var rows = sample(engine, containers);
                var text = new StringBuilder(redraw ? "\u001b[2J\u001b[H" : "");
                if (template == null) {
                    for (var row : rows) {
                        text.append(JSON.writeValueAsString(row.fields())).append('\n');
                    }
                } else {
                    text.append(TemplateFormat.render(template, rows, HEADERS));
                }
                out.print(text);
                out.flush();
                if (noStream) {
                    return ExitCodes.OK;
                }
                Thread.sleep(500); // the sample itself takes the engine about a second
            }
        }
    }

    /** All containers at once: the engine spends about a second on each sample. */
    private List<GoTemplate.MapSubject> sample(Engine engine, List<ContainerState> containers) {
        var samples = containers.stream().map(c -> CompletableFuture.supplyAsync(() -> fields(c,
                c.isRunning() ? engine.stats(c.id()) : new ContainerStats(0, 0, 0, 0, 0, 0, 0, 0, 0, 0)),
                task -> {
                    Thread thread = new Thread(task, "mlcompose-stats");
                    thread.setDaemon(true);
                    thread.start();
                })).toList();
        return samples.stream().map(CompletableFuture::join).toList();
    }

    /** The docker CLI's fields of one sample, sorted by name as compose's JSON has them. */
    GoTemplate.MapSubject fields(ContainerState c, ContainerStats s) {
        Map<String, Object> f = new TreeMap<>();
        String id = noTrunc ? c.id() : c.id().substring(0, Math.min(12, c.id().length()));
        f.put("BlockIO", Sizes.decimal(s.blockRead()) + " / " + Sizes.decimal(s.blockWritten()));
        f.put("CPUPerc", percent(s.cpuPercent()));
        f.put("Container", id);
        f.put("ID", id);
        f.put("MemPerc", percent(s.memoryPercent()));
        f.put("MemUsage", Sizes.binary(s.memoryUsage()) + " / " + Sizes.binary(s.memoryLimit()));
        f.put("Name", c.name());
        f.put("NetIO", Sizes.decimal(s.networkReceived()) + " / " + Sizes.decimal(s.networkSent()));
        f.put("PIDs", String.valueOf(s.pids()));
        return new GoTemplate.MapSubject(f, c.labels());
    }

    private static String percent(double value) {
        return String.format(Locale.ROOT, "%.2f%%", value);
    }
}
