package dev.mlcompose.runner.graph;

import dev.mlcompose.schema.model.Project;
import dev.mlcompose.schema.model.Service;
import dev.mlcompose.schema.model.Service.Dependency;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.jgrapht.Graph;
import org.jgrapht.alg.cycle.CycleDetector;
import org.jgrapht.graph.DefaultDirectedGraph;

/**
 * The dependency DAG of a project: an edge {@code a -> b} means a depends on b, with b's condition.
 * depends_on, links, volumes_from and {@code service:} modes are already folded into depends_on by the
 * loader (as compose does), so the model's dependencies are the whole story.
 */
public final class ServiceGraph {

    /** An edge: how the dependant waits for its dependency. */
    public record Edge(String from, String to, Dependency dependency) {
    }

    private final Graph<String, Edge> graph = new DefaultDirectedGraph<>(null, null, false);

    private ServiceGraph() {
    }

    public static ServiceGraph of(Project project) {
        var g = new ServiceGraph();
        project.services().keySet().forEach(g.graph::addVertex);
        for (Service service : project.services().values()) {
            service.dependsOn().forEach((target, dep) -> {
                if (g.graph.containsVertex(target)) {
                    g.graph.addEdge(service.name(), target, new Edge(service.name(), target, dep));
                }
            });
        }
        var cycles = new CycleDetector<>(g.graph);
        if (cycles.detectCycles()) {
            throw new IllegalStateException("dependency cycle among " + cycles.findCycles());
        }
        return g;
    }

    public Set<String> services() {
        return Set.copyOf(graph.vertexSet());
    }

    /** The direct dependencies of a service and how it waits for each. */
    public Map<String, Dependency> dependencies(String service) {
        return graph.outgoingEdgesOf(service).stream().collect(Collectors.toMap(Edge::to, Edge::dependency));
    }

    /** The services that depend directly on {@code service}. */
    public Set<String> dependents(String service) {
        return graph.incomingEdgesOf(service).stream().map(Edge::from).collect(Collectors.toSet());
    }

    /** The given services and everything they depend on, transitively. */
    public Set<String> withDependencies(Set<String> selected) {
        return closure(selected, this::dependencyNames);
    }

    /** The given services and everything that depends on them, transitively. */
    public Set<String> withDependents(Set<String> selected) {
        return closure(selected, this::dependents);
    }

    private Set<String> dependencyNames(String service) {
        return dependencies(service).keySet();
    }

    private static Set<String> closure(Set<String> start, Function<String, Set<String>> next) {
        var seen = new LinkedHashSet<String>();
        var todo = new ArrayDeque<>(start);
        while (!todo.isEmpty()) {
            String s = todo.pop();
            if (seen.add(s)) {
                todo.addAll(next.apply(s));
            }
        }
        return seen;
    }

    /** Services in an order where each comes after its dependencies (for messages and tests). */
    public List<String> startOrder() {
        var order = new ArrayList<String>();
        new org.jgrapht.traverse.TopologicalOrderIterator<>(graph).forEachRemaining(order::add);
        Collections.reverse(order);
        return order;
    }
}
