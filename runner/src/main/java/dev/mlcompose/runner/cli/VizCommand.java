package dev.mlcompose.runner.cli;

import dev.mlcompose.runner.graph.GraphPicture;
import dev.mlcompose.runner.spec.ServiceKinds;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code mlcompose viz}: the dependency graph to draw, as compose's {@code alpha viz} (DOT) or as Mermaid. */
@Command(name = "viz", mixinStandardHelpOptions = true,
        description = "The services' dependency graph as a picture's source: Graphviz DOT (compose's alpha viz)"
                + " or Mermaid, with each edge's condition and the jobs drawn round.",
        footerHeading = "%nExamples:%n",
        footer = {"  mlcompose viz | dot -Tpng > pipeline.png      needs Graphviz",
            "  mlcompose viz --format mermaid --image        paste into a README: GitHub draws it",
            "  mlcompose viz --ports --networks --spaces --indentation-size 2",
            "  mlcompose viz --html pipeline.html           one self-contained page (runs show ID --html: with a run)"})
final class VizCommand implements Callable<Integer> {

    @ParentCommand
    MlCompose root;

    @Option(names = "--format", defaultValue = "dot", paramLabel = "FORMAT", description = "dot (default) or mermaid.")
    Format format;

    @Option(names = "--image", description = "Show each service's image.")
    boolean image;

    @Option(names = "--networks", description = "Show each service's networks.")
    boolean networks;

    @Option(names = "--ports", description = "Show each service's ports.")
    boolean ports;

    @Option(names = "--indentation-size", defaultValue = "1", paramLabel = "N",
            description = "Tabs (or spaces) per indentation level of DOT (default 1).")
    int indentationSize;

    @Option(names = "--spaces", description = "Indent DOT with spaces, not tabs.")
    boolean spaces;

    @Option(names = "--html", paramLabel = "FILE", description = "Write the graph as one self-contained HTML page.")
    Path html;

    enum Format { dot, mermaid }

    @Override
    public Integer call() {
        if (indentationSize < 0) {
            throw new CliException(ExitCodes.USAGE, "invalid indentation size: " + indentationSize);
        }
        try (var session = root.session()) {
            var options = new GraphPicture.Options(image, networks, ports, (spaces ? " " : "\t").repeat(indentationSize));
            var project = session.project();
            if (html != null) {
                var deps = new LinkedHashMap<String, List<String>>();
                project.services().values().forEach(s -> deps.put(s.name(), List.copyOf(s.dependsOn().keySet())));
                var picture = new dev.mlcompose.runner.history.RunRecord("", project.name(), "", null, null, deps,
                        List.of(), List.of());
                RunsCommand.writePage(root, html, dev.mlcompose.runner.history.RunPage.html(picture, log -> log));
                return ExitCodes.OK;
            }
            // println, as compose: its DOT ends with an empty line
            root.invocation().out().println(format == Format.dot ? GraphPicture.dot(project, options)
                    : GraphPicture.mermaid(project, options, ServiceKinds::isJob));
            return ExitCodes.OK;
        }
    }
}
