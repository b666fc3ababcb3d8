package dev.mlcompose.runner.run;

import dev.mlcompose.runner.engine.ApiVersions;
import dev.mlcompose.runner.engine.EngineInfo;
import dev.mlcompose.schema.model.ByteSize;
import dev.mlcompose.schema.model.ContainerOptions;
import dev.mlcompose.schema.model.Project;
import dev.mlcompose.schema.model.Service;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.function.Predicate;

/**
 * What a project asks that this engine cannot give, decided from the engine's own description before anything is
 * created: one rule per key, each a line naming the service, the key and what to do. Pure.
 */
final class EngineFit {

    /** A key's rule: whether a service uses it (then the engine's facts are needed), and its problem if any. */
    private record Rule(String key, Predicate<Service> uses, BiFunction<Service, EngineInfo, Optional<String>> problem) {
    }

    private static final List<Rule> RULES = List.of(
            new Rule("cpu_count", s -> cpu(s).count().isPresent(), (s, e) -> windowsOnly(e,
                    "cpu_count works only on a Windows engine; on Linux use cpus (a CPU quota) or cpuset (pinned CPUs)")),
            new Rule("cpu_percent", s -> cpu(s).percent().isPresent(), (s, e) -> windowsOnly(e,
                    "cpu_percent works only on a Windows engine (Linux engines discard it); use cpus, e.g. cpus: 0.5"
                            + " for half a CPU")),
            new Rule("credential_spec", s -> !s.options().security().credentialSpec().isEmpty(), (s, e) ->
                    windowsOnly(e, "credential_spec (gMSA) works only on a Windows engine; remove it")),
            new Rule("isolation", s -> s.options().security().isolation().filter(i -> !i.equals("default")).isPresent(),
                    (s, e) -> windowsOnly(e, "isolation " + s.options().security().isolation().get()
                            + " works only on a Windows engine; Linux engines take only default")),
            new Rule("annotations", s -> !s.options().annotations().isEmpty(), (s, e) ->
                    ApiVersions.atLeast(e.apiVersion(), "1.43") ? Optional.empty() : Optional.of("annotations need"
                            + " Docker Engine 24 (API 1.43); this engine speaks API " + e.apiVersion()
                            + ", which would drop them")),
            new Rule("runtime", s -> s.options().security().runtime().filter(r -> !r.equals("nvidia")).isPresent(),
                    (s, e) -> e.runtimes().contains(s.options().security().runtime().get()) ? Optional.empty()
                            : Optional.of("runtime " + s.options().security().runtime().get() + " is not installed on"
                            + " the engine (it has " + String.join(", ", e.runtimes()) + ")")),
            new Rule("cpus", s -> cpu(s).cpus().isPresent(), (s, e) -> e.cpus() > 0 && cpu(s).cpus().get() > e.cpus()
                    ? Optional.of("cpus " + number(cpu(s).cpus().get()) + " is more than the engine's " + e.cpus()
                    + " CPUs; lower it, or run on a larger machine") : Optional.empty()),
            new Rule("cpuset", s -> cpu(s).cpuset().isPresent(), EngineFit::cpuset),
            new Rule("mem_limit", s -> memory(s).limit().isPresent(), (s, e) -> moreMemory(e, memory(s).limit(),
                    "mem_limit")),
            new Rule("mem_reservation", s -> memory(s).reservation().isPresent(), (s, e) -> moreMemory(e,
                    memory(s).reservation(), "mem_reservation")),
            new Rule("provider", s -> s.integrations().provider().isPresent(), (s, e) -> Optional.of("provider (type "
                    + s.integrations().provider().get() + ") hands the service to a Compose provider plugin, which"
                    + " mlcompose does not run; start it another way, or leave the service out of the selection")),
            new Rule("models", s -> !s.integrations().models().isEmpty(), (s, e) -> Optional.of("models ("
                    + String.join(", ", s.integrations().models()) + ") need Docker Model Runner, which mlcompose does"
                    + " not drive; serve the model from a service of its own (an inference server image)")));

    private EngineFit() {
    }

    /** Whether any selected service uses a key whose fit depends on the engine (so its description is needed). */
    static boolean asksTheEngine(Project project, Set<String> selected) {
        return selected.stream().map(name -> project.service(name).orElseThrow())
                .anyMatch(s -> RULES.stream().anyMatch(r -> r.uses().test(s)));
    }

    /** Every problem of the selected services on this engine, one line each, in service order. */
    static List<String> problems(Project project, Set<String> selected, EngineInfo engine) {
        var problems = new ArrayList<String>();
        for (Service service : project.services().values()) {
            if (!selected.contains(service.name())) {
                continue;
            }
            for (Rule rule : RULES) {
                if (rule.uses().test(service)) {
                    rule.problem().apply(service, engine)
                            .ifPresent(p -> problems.add("service " + service.name() + ": " + rule.key() + ": " + p));
                }
            }
        }
        problems.addAll(sharedContainerNames(project, selected));
        return problems;
    }

    /** compose accepts two services with one container_name and the engine refuses the second create, half-way. */
    private static List<String> sharedContainerNames(Project project, Set<String> selected) {
        var byName = new LinkedHashMap<String, List<String>>();
        project.services().values().stream().filter(s -> selected.contains(s.name()))
                .forEach(s -> s.containerName().ifPresent(n -> byName.computeIfAbsent(n, k -> new ArrayList<>())
                        .add(s.name())));
        return byName.entrySet().stream().filter(e -> e.getValue().size() > 1)
                .map(e -> "services " + String.join(", ", e.getValue()) + ": container_name: all are named "
                        + e.getKey() + ", and a container name is unique on an engine; give each its own").toList();
    }

    private static Optional<String> windowsOnly(EngineInfo engine, String problem) {
        return engine.os().equalsIgnoreCase("windows") ? Optional.empty() : Optional.of(problem);
    }

    private static Optional<String> moreMemory(EngineInfo engine, Optional<ByteSize> asked, String key) {
        long bytes = asked.map(ByteSize::bytes).orElse(0L);
        return engine.memoryBytes() > 0 && bytes > engine.memoryBytes()
                ? Optional.of(key + " " + asked.get().human() + " is more than the engine's "
                + new ByteSize(engine.memoryBytes()).human() + " of memory") : Optional.empty();
    }

    /** {@code cpuset: 0-3,6}: every CPU named must exist (the engine refuses only at start). */
    private static Optional<String> cpuset(Service service, EngineInfo engine) {
        String set = cpu(service).cpuset().get();
        int highest = -1;
        for (String part : set.split(",")) {
            String[] range = part.strip().split("-");
            try {
                highest = Math.max(highest, Integer.parseInt(range[range.length - 1].strip()));
            } catch (NumberFormatException e) {
                return Optional.of("cpuset \"" + set + "\" is not a CPU list (e.g. 0-3,6)");
            }
        }
        return engine.cpus() > 0 && highest >= engine.cpus()
                ? Optional.of("cpuset " + set + " names CPU " + highest + ", but the engine has CPUs 0-"
                + (engine.cpus() - 1)) : Optional.empty();
    }

    private static ContainerOptions.Cpu cpu(Service service) {
        return service.options().limits().cpu();
    }

    private static ContainerOptions.Memory memory(Service service) {
        return service.options().limits().memory();
    }

    private static String number(double value) {
        return value == Math.rint(value) ? String.valueOf((long) value) : String.valueOf(value);
    }
}
