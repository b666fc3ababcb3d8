package dev.mlcompose.runner.run;

import dev.mlcompose.runner.engine.ContainerState;
import dev.mlcompose.runner.engine.Engine;
import dev.mlcompose.runner.engine.EngineException;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.stream.Collectors;

/**
 * Stops containers in reverse dependency order, in parallel where the graph allows: a service stops once
 * every service that depends on it has stopped. The order comes from the containers' own
 * {@code depends_on} labels, so {@code down} needs no Compose file.
 */
final class Shutdown {

    private final Engine engine;
    private final ProgressListener progress;

    Shutdown(Engine engine, ProgressListener progress) {
        this.engine = engine;
        this.progress = progress;
    }

    void stopAndRemove(List<ContainerState> containers, Duration timeout, boolean remove) {
        Map<String, List<ContainerState>> byService = containers.stream()
                .collect(Collectors.groupingBy(c -> c.label(Labels.SERVICE)));
        var dependents = new HashMap<String, Set<String>>();
        byService.forEach((service, cs) -> dependencies(cs.get(0)).forEach(dep ->
                dependents.computeIfAbsent(dep, k -> new java.util.HashSet<>()).add(service)));
        var pool = Executors.newFixedThreadPool(Math.max(2, byService.size()), ProjectRunner.daemon("mlcompose-stop"));
        var done = new HashMap<String, CompletableFuture<Void>>();
        try {
            byService.keySet().forEach(s -> future(s, byService, dependents, done, timeout, pool));
            // order matters only for stopping: each service's containers are removed as soon as they stopped,
            // while its dependencies stop
            var removed = !remove ? List.<CompletableFuture<Void>>of() : byService.entrySet().stream()
                    .map(e -> done.get(e.getKey()).thenRunAsync(() -> e.getValue().forEach(this::remove), pool))
                    .toList();
            CompletableFuture.allOf(done.values().toArray(CompletableFuture[]::new)).join();
            CompletableFuture.allOf(removed.toArray(CompletableFuture[]::new)).join();
        } finally {
            pool.shutdownNow();
        }
    }

    private CompletableFuture<Void> future(String service, Map<String, List<ContainerState>> byService,
                                           Map<String, Set<String>> dependents, Map<String, CompletableFuture<Void>> done,
                                           Duration timeout, java.util.concurrent.ExecutorService pool) {
        if (done.containsKey(service)) {
            return done.get(service);
        }
        done.put(service, null); // marks the visit; cycles cannot occur in a loaded project
        var before = dependents.getOrDefault(service, Set.of()).stream().filter(byService::containsKey)
                .map(d -> future(d, byService, dependents, done, timeout, pool))
                .filter(java.util.Objects::nonNull).toArray(CompletableFuture[]::new);
        var f = CompletableFuture.allOf(before).thenRunAsync(() -> byService.getOrDefault(service, List.of())
                .forEach(c -> stop(c, timeout)), pool);
        done.put(service, f);
        return f;
    }

    private void stop(ContainerState c, Duration timeout) {
        if (c.isRunning()) {
            progress.on("Container", c.name(), "Stopping", "");
            engine.stop(c.id(), timeout);
            progress.on("Container", c.name(), "Stopped", "");
        }
    }

    private void remove(ContainerState c) {
        try {
            engine.remove(c.id(), true);
        } catch (EngineException e) {
            if (e.kind() != EngineException.Kind.NOT_FOUND) {
                throw e;
            }
        }
        progress.on("Container", c.name(), "Removed", "");
    }

    private static List<String> dependencies(ContainerState c) {
        String label = c.label(Labels.DEPENDS_ON);
        return label.isEmpty() ? List.of() : Arrays.stream(label.split(",")).map(d -> d.split(":")[0]).toList();
    }
}
