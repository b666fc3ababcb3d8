package dev.mlcompose.runner.graph;

import dev.mlcompose.runner.spec.Names;
import dev.mlcompose.schema.model.Project;
import dev.mlcompose.schema.model.Service;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiPredicate;

/**
 * The project's dependency graph as a picture's source: Graphviz DOT as compose's {@code alpha viz} writes it
 * (each service a node, an edge from each service to each of its dependencies; nodes and edges in file order,
 * where compose's come in a random order), or Mermaid, which GitHub and most wikis draw in place, with each
 * edge labelled by its condition and jobs drawn round, so the picture also says what waits for what.
 */
public final class GraphPicture {

    /** What the nodes show beside the name, and how DOT is indented. */
    public record Options(boolean image, boolean networks, boolean ports, String indentation) {
    }

    private GraphPicture() {
    }

    public static String dot(Project project, Options options) {
        String in = options.indentation();
        var out = new StringBuilder("digraph \"").append(project.name()).append("\" {\n");
        out.append(in).append("layout=dot;\n");
        for (Service s : project.services().values()) {
            out.append(in).append('"').append(s.name()).append("\" [style=\"filled\" label=<<font point-size=\"15\">")
                    .append(s.name()).append("</font>");
            details(project, s, options).forEach((title, lines) -> out.append("<font point-size=\"10\"><br/><br/><b>")
                    .append(title).append(":</b>").append(title.equals("Image") ? "<br/>" : "")
                    .append(String.join("", lines.stream().map(l -> title.equals("Image") ? l : "<br/>" + l).toList()))
                    .append("</font>"));
            out.append(">];\n");
        }
        out.append('\n');
        for (Service s : project.services().values()) {
            s.dependsOn().keySet().forEach(d -> out.append(in).append('"').append(s.name()).append("\" -> \"")
                    .append(d).append("\";\n"));
        }
        return out.append("}\n").toString();
    }

    /** {@code isJob} says which services run to completion (drawn round). */
    public static String mermaid(Project project, Options options, BiPredicate<Project, Service> isJob) {
        Map<String, String> ids = new HashMap<>();
        project.services().keySet().forEach(name -> ids.put(name, "s" + ids.size())); // "end" would end the chart
        var out = new StringBuilder("---\ntitle: ").append(project.name()).append("\n---\nflowchart TD\n");
        for (Service s : project.services().values()) {
            var label = new StringBuilder("<b>").append(escape(s.name())).append("</b>");
            details(project, s, options).forEach((title, lines) -> label.append("<br/>").append(title).append(": ")
                    .append(escape(String.join(", ", lines))));
            boolean job = isJob.test(project, s);
            out.append("    ").append(ids.get(s.name())).append(job ? "([\"" : "[\"").append(label)
                    .append(job ? "\"])" : "\"]").append('\n');
        }
        for (Service s : project.services().values()) {
            s.dependsOn().forEach((d, dependency) -> out.append("    ").append(ids.get(s.name())).append(" -->|")
                    .append(dependency.condition().replaceFirst("^service_", "").replace("completed_successfully",
                            "completed")).append("| ").append(ids.getOrDefault(d, escape(d))).append('\n'));
        }
        return out.toString();
    }

    /** The asked-for details of a service: its image, its networks (by priority, as compose), its ports. */
    private static Map<String, List<String>> details(Project project, Service s, Options options) {
        Map<String, List<String>> details = new LinkedHashMap<>();
        if (options.networks() && !s.networks().isEmpty()) {
            details.put("Networks", s.networks().stream().sorted(Comparator.comparingInt((String n) -> -priority(s, n))
                    .thenComparing(Comparator.naturalOrder())).toList());
        }
        if (options.ports() && !s.ports().isEmpty()) {
            List<String> ports = new ArrayList<>();
            s.ports().forEach(p -> ports.add(p.hostIp().map(ip -> ip + ":").orElse("") + p.published().orElse("")
                    + ":" + p.target() + " (" + p.protocol() + ", ingress)"));
            details.put("Ports", ports);
        }
        if (options.image()) {
            details.put("Image", List.of(Names.image(project, s)));
        }
        return details;
    }

    private static int priority(Service s, String network) {
        var attachment = s.attachments().get(network);
        return attachment == null ? 0 : attachment.priority();
    }

    private static String escape(String text) {
        return text.replace("\"", "#quot;").replace("<", "#lt;").replace(">", "#gt;");
    }
}
