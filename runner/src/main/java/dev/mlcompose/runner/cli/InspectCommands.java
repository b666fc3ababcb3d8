package dev.mlcompose.runner.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mlcompose.runner.cli.output.Sizes;
import dev.mlcompose.runner.cli.output.TabColumns;
import dev.mlcompose.runner.run.ProjectInspector;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** Read-only views of the running project: {@code top} and {@code images}. */
final class InspectCommands {

    private InspectCommands() {
    }

    /** {@code mlcompose top}. */
    @Command(name = "top", mixinStandardHelpOptions = true, description = "Show the processes of running containers.")
    static final class Top implements Callable<Integer> {
        @ParentCommand
        MlCompose root;

        @Mixin
        ServiceArguments services;

        @Override
        public Integer call() {
            try (var session = root.session()) {
                var out = root.invocation().out();
                session.inspector().top(session.projectName(), services.set()).forEach((name, p) -> {
                    out.println(name);
                    out.println(String.join("\t", p.titles()));
                    p.rows().forEach(row -> out.println(String.join("\t", row)));
                    out.println();
                });
                return ExitCodes.OK;
            }
        }
    }

    /** {@code mlcompose images}: as compose prints it (the table, {@code --format json}, {@code -q}). */
    @Command(name = "images", mixinStandardHelpOptions = true, description = "List the images the containers use.",
            footerHeading = "%nExamples:%n",
            footer = {"  mlcompose images", "  mlcompose images --format json | jq -r '.[].ID'", "  mlcompose images -q"})
    static final class Images implements Callable<Integer> {
        @ParentCommand
        MlCompose root;

        @Mixin
        ServiceArguments services;

        @Option(names = "--format", defaultValue = "table", paramLabel = "FORMAT", description = "table (default) or json.")
        LifecycleCommands.TableOrJson format;

        @Option(names = {"-q", "--quiet"}, description = "Only the image IDs.")
        boolean quiet;

        @Override
        public Integer call() throws Exception {
            try (var session = root.session()) {
                var out = root.invocation().out();
                var images = session.inspector().images(session.projectName(), services.set()).stream()
                        .sorted(Comparator.comparing(ProjectInspector.ContainerImage::container)).toList();
                if (quiet) {
                    images.stream().flatMap(c -> c.info().stream()).map(i -> i.id().replaceFirst("^sha256:", ""))
                            .distinct().forEach(out::println);
                } else if (format == LifecycleCommands.TableOrJson.json) {
                    var rows = new ArrayList<Map<String, Object>>();
                    images.forEach(c -> c.info().ifPresent(i -> {
                        String[] repoTag = repositoryAndTag(c.image(), i.tags());
                        var row = new LinkedHashMap<String, Object>(); // compose's field order
                        row.put("ID", i.id());
                        row.put("ContainerName", c.container());
                        row.put("Repository", repoTag[0]);
                        row.put("Tag", repoTag[1]);
                        row.put("Size", i.size());
                        rows.add(row);
                    }));
                    out.println(new ObjectMapper().writeValueAsString(rows));
                } else {
                    var table = new StringBuilder("CONTAINER\tREPOSITORY\tTAG\tIMAGE ID\tSIZE\n");
                    images.forEach(c -> {
                        String[] repoTag = c.info().map(i -> repositoryAndTag(c.image(), i.tags()))
                                .orElse(new String[] {c.image(), "(missing)"});
                        table.append(String.join("\t", c.container(), repoTag[0], repoTag[1],
                                c.info().map(i -> i.id().replace("sha256:", "").substring(0, 12)).orElse(""),
                                c.info().map(i -> Sizes.decimal(i.size())).orElse(""))).append('\n');
                    });
                    out.print(TabColumns.align(table.toString(), 20));
                }
                return ExitCodes.OK;
            }
        }

        /** The tag the container names if the image has it, else its first; "&lt;none&gt;" for an untagged one. */
        static String[] repositoryAndTag(String reference, List<String> tags) {
            String tag = tags.contains(reference) ? reference : tags.isEmpty() ? "<none>:<none>" : tags.get(0);
            int colon = tag.lastIndexOf(':');
            return colon > tag.lastIndexOf('/') ? new String[] {tag.substring(0, colon), tag.substring(colon + 1)}
                    : new String[] {tag, "latest"};
        }

    }
}
