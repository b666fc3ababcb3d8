package dev.mlcompose.schema.validate;

import dev.mlcompose.schema.Problems;
import dev.mlcompose.schema.normalize.Nodes;
import dev.mlcompose.schema.path.KeyPath;
import dev.mlcompose.schema.yaml.MapNode;
import dev.mlcompose.schema.yaml.Node;
import dev.mlcompose.schema.yaml.SeqNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Finds dependency cycles through depends_on, links, volumes_from and {@code service:} modes, and prints
 * each cycle as a path ({@code a -> b -> a}). A plain depth-first search: this module has no graph library
 * on purpose (the runner's JGraphT DAG is built from the already-checked model).
 */
final class DependencyCycles {

    private final Problems problems;

    DependencyCycles(Problems problems) {
        this.problems = problems;
    }

    void check(MapNode services) {
        Map<String, List<String>> edges = new LinkedHashMap<>();
        services.entries().forEach((name, node) -> edges.put(name, dependencies((MapNode) node, services)));
        var done = new LinkedHashSet<String>();
        for (String start : edges.keySet()) {
            visit(start, edges, new ArrayList<>(), done, services);
        }
    }

    private void visit(String service, Map<String, List<String>> edges, List<String> stack, Set<String> done,
                       MapNode services) {
        if (done.contains(service)) {
            return;
        }
        int at = stack.indexOf(service);
        if (at >= 0) {
            var cycle = new ArrayList<>(stack.subList(at, stack.size()));
            cycle.add(service);
            Node node = services.get(stack.get(stack.size() - 1)).orElseThrow();
            problems.add(node, KeyPath.of("services").key(stack.get(stack.size() - 1)),
                    "dependency cycle: " + String.join(" -> ", cycle));
            return;
        }
        stack.add(service);
        for (String dependency : edges.getOrDefault(service, List.of())) {
            visit(dependency, edges, stack, done, services);
        }
        stack.remove(stack.size() - 1);
        done.add(service);
    }

    static List<String> dependencies(MapNode service, MapNode services) {
        var out = new LinkedHashSet<String>();
        service.get("depends_on").filter(MapNode.class::isInstance)
                .ifPresent(d -> out.addAll(((MapNode) d).entries().keySet()));
        for (String key : List.of("links", "volumes_from")) {
            service.get(key).filter(SeqNode.class::isInstance).ifPresent(s -> ((SeqNode) s).items()
                    .forEach(i -> out.add(Nodes.textOf(i).split(":")[0])));
        }
        for (String key : List.of("network_mode", "ipc", "pid")) {
            service.get(key).map(Nodes::textOf).filter(v -> v.startsWith("service:"))
                    .ifPresent(v -> out.add(v.substring("service:".length())));
        }
        out.removeIf(s -> !services.has(s));
        return List.copyOf(out);
    }
}
