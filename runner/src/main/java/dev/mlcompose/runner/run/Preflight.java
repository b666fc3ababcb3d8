package dev.mlcompose.runner.run;

import dev.mlcompose.runner.engine.ApiVersions;
import dev.mlcompose.runner.engine.Engine;
import dev.mlcompose.runner.engine.EngineInfo;
import dev.mlcompose.runner.spec.ServiceFailure;
import dev.mlcompose.schema.model.Project;
import dev.mlcompose.schema.model.Service;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The checks before anything of a run is created, so that it never fails half-way on what could be known at its
 * start (compose creates the database, then learns the engine refuses the next service): what the engine's
 * description rules out ({@link EngineFit}), then what only a start would show ({@link StartChecks}). Every problem
 * is reported at once, one line each; the GPU checks are {@link GpuScheduling}'s.
 */
final class Preflight {

    /** healthcheck.start_interval reaches the engine from this API version (Engine 25). */
    static final String START_INTERVAL_API = "1.44";

    private final Engine engine;
    private final Consumer<String> warnings;

    Preflight(Engine engine, Consumer<String> warnings) {
        this.engine = engine;
        this.warnings = warnings;
    }

    /** What the run needs to do itself: the services whose start_interval this engine cannot take. */
    record Outcome(Set<String> emulatedStartIntervals) {
    }

    Outcome check(Project project, Set<String> selected) {
        return check(project, selected, Map.of());
    }

    /** {@code scale}: the replicas {@code --scale} asks for, by service. */
    Outcome check(Project project, Set<String> selected, Map<String, Integer> scale) {
        List<Service> services = project.services().values().stream().filter(s -> selected.contains(s.name())).toList();
        List<Service> withStartInterval = services.stream().filter(Preflight::hasStartInterval).toList();
        EngineInfo info = EngineFit.asksTheEngine(project, selected) || !withStartInterval.isEmpty() ? engine.info() : null;
        var problems = new ArrayList<String>(info == null ? List.of() : EngineFit.problems(project, selected, info));
        services.forEach(s -> FixedPorts.ofReplicas(s, scale.getOrDefault(s.name(), s.replicas()))
                .forEach(p -> problems.add("service " + s.name() + ": ports: " + p)));
        services.stream().filter(s -> s.ml().sweep().isPresent() && scale.containsKey(s.name()))
                .forEach(s -> problems.add("service " + s.name() + ": --scale: a sweep runs one container per cell of its"
                        + " matrix; change x-mlcompose.matrix instead"));
        problems.addAll(InjectedFiles.problems(project, services, engine));
        problems.addAll(new StartChecks(engine).refusals(project,
                services.stream().filter(StartChecks::checkedAtStart).toList()));
        if (!problems.isEmpty()) {
            throw new ServiceFailure(String.join(",", services(problems, services)), String.join("\n", problems));
        }
        if (withStartInterval.isEmpty() || ApiVersions.atLeast(info.apiVersion(), START_INTERVAL_API)) {
            return new Outcome(Set.of());
        }
        var names = withStartInterval.stream().map(Service::name).toList();
        warnings.accept("healthcheck.start_interval needs Docker Engine 25 (API " + START_INTERVAL_API + "); this engine"
                + " speaks API " + info.apiVersion() + ", so mlcompose runs the healthcheck of " + String.join(", ", names)
                + " itself every start_interval during start_period, and a passing run counts as healthy");
        return new Outcome(Set.copyOf(names));
    }

    private static boolean hasStartInterval(Service service) {
        return service.healthcheck().filter(h -> !h.disabled()).flatMap(Service.Healthcheck::startInterval).isPresent();
    }

    private static List<String> services(List<String> problems, List<Service> services) {
        return services.stream().map(Service::name).filter(n -> problems.stream().anyMatch(p ->
                p.startsWith("service " + n + ":") || p.startsWith("services ") && p.contains(n))).toList();
    }
}
