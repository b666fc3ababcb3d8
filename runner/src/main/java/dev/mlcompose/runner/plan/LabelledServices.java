package dev.mlcompose.runner.plan;

import dev.mlcompose.runner.engine.ContainerState;
import dev.mlcompose.runner.spec.Labels;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The services of a project as its containers' labels describe them, for the commands that need no Compose file
 * ({@code down}, {@code stop}, {@code start}): each service's containers by name, and who depends on whom from
 * the {@code depends_on} label compose writes ({@code db:service_healthy:true,…}).
 */
final class LabelledServices {

    /** Containers by service, services and containers by name. */
    final Map<String, List<ContainerState>> byService;
    private final Map<String, Set<String>> dependencies = new HashMap<>();

    LabelledServices(List<ContainerState> containers) {
        this.byService = containers.stream().sorted(Comparator.comparing(ContainerState::name))
                .collect(Collectors.groupingBy(c -> c.label(Labels.SERVICE), TreeMap::new, Collectors.toList()));
        byService.forEach((service, cs) -> dependencies.put(service, Arrays.stream(cs.get(0).label(Labels.DEPENDS_ON)
                .split(",")).map(d -> d.split(":")[0]).filter(d -> byService.containsKey(d) && !d.equals(service))
                .collect(Collectors.toSet())));
    }

    /** The services among these that {@code service} depends on. */
    Set<String> dependencies(String service) {
        return dependencies.getOrDefault(service, Set.of());
    }

    /** The services among these that depend on {@code service}. */
    Set<String> dependents(String service) {
        return dependencies.entrySet().stream().filter(e -> e.getValue().contains(service)).map(Map.Entry::getKey)
                .collect(Collectors.toSet());
    }

    /** Dependencies first (for starts), or dependants first (for stops); ties by name. */
    List<String> order(boolean dependenciesFirst) {
        var left = new TreeMap<String, Set<String>>();
        byService.keySet().forEach(s -> left.put(s, new HashSet<>(dependenciesFirst ? dependencies(s) : dependents(s))));
        var order = new ArrayList<String>();
        while (!left.isEmpty()) {
            var ready = left.entrySet().stream().filter(e -> e.getValue().isEmpty()).map(Map.Entry::getKey).toList();
            // labels that name each other in a circle (no loaded project makes them) are taken in name order
            var next = ready.isEmpty() ? List.of(left.firstKey()) : ready;
            next.forEach(s -> {
                left.remove(s);
                left.values().forEach(waiting -> waiting.remove(s));
            });
            order.addAll(next);
        }
        return order;
    }
}
