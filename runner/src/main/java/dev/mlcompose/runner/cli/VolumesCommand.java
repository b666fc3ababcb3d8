package dev.mlcompose.runner.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mlcompose.runner.cli.output.TabColumns;
import dev.mlcompose.runner.engine.VolumeInfo;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code mlcompose volumes}: the project's volumes, as later compose versions list them (the docker CLI's forms). */
@Command(name = "volumes", mixinStandardHelpOptions = true, description = "List the project's volumes.",
        footerHeading = "%nExamples:%n",
        footer = {"  mlcompose volumes", "  mlcompose volumes training --format json | jq -r .Mountpoint",
            "  mlcompose volumes -q"})
final class VolumesCommand implements Callable<Integer> {

    @ParentCommand
    MlCompose root;

    @Mixin
    ServiceArguments services;

    @Option(names = "--format", defaultValue = "table", paramLabel = "FORMAT",
            description = "table (default), or json: one object per line.")
    LifecycleCommands.TableOrJson format;

    @Option(names = {"-q", "--quiet"}, description = "Only the volume names.")
    boolean quiet;

    @Override
    public Integer call() throws Exception {
        try (var session = root.session()) {
            var out = root.invocation().out();
            var volumes = session.inspector().volumes(session.projectName(), services.set());
            if (quiet) {
                volumes.forEach(v -> out.println(v.name()));
            } else if (format == LifecycleCommands.TableOrJson.json) {
                var mapper = new ObjectMapper();
                for (VolumeInfo v : volumes) {
                    out.println(mapper.writeValueAsString(fields(v)));
                }
            } else {
                var table = new StringBuilder("DRIVER\tVOLUME NAME\n");
                volumes.forEach(v -> table.append(v.driver()).append('\t').append(v.name()).append('\n'));
                out.print(TabColumns.align(table.toString(), 10));
            }
            out.flush();
            return ExitCodes.OK;
        }
    }

    /** The docker CLI's fields of a volume, in its order; what a list does not know is "N/A", as there. */
    private static Map<String, String> fields(VolumeInfo v) {
        var row = new LinkedHashMap<String, String>();
        row.put("Availability", "N/A");
        row.put("Driver", v.driver());
        row.put("Group", "N/A");
        row.put("Labels", new TreeMap<>(v.labels()).entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                .collect(Collectors.joining(",")));
        row.put("Links", "N/A");
        row.put("Mountpoint", v.mountpoint());
        row.put("Name", v.name());
        row.put("Scope", v.scope());
        row.put("Size", "N/A");
        row.put("Status", "N/A");
        return row;
    }
}
