package dev.mlcompose.runner.run;

import dev.mlcompose.runner.engine.ContainerState;
import dev.mlcompose.runner.engine.Engine;
import dev.mlcompose.runner.engine.EngineException;
import dev.mlcompose.runner.engine.MountPoint;
import dev.mlcompose.runner.engine.NetworkInfo;
import dev.mlcompose.runner.engine.NetworkSpec;
import dev.mlcompose.runner.engine.NetworkSpecBuilder;
import dev.mlcompose.runner.engine.VolumeInfo;
import dev.mlcompose.runner.engine.VolumeSpec;
import dev.mlcompose.runner.plan.ObservedState;
import dev.mlcompose.runner.plan.Operation;
import dev.mlcompose.runner.plan.ResourcePlanner;
import dev.mlcompose.runner.run.ProgressEvent.Status;
import dev.mlcompose.runner.spec.Labels;
import dev.mlcompose.schema.model.Network;
import dev.mlcompose.schema.model.Project;
import dev.mlcompose.schema.model.Resource;
import dev.mlcompose.schema.model.Volume;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The project's networks and named volumes on the engine: read for the plan, created as its steps say (labelled as
 * compose labels them), removed by {@code down}. What to create is {@link ResourcePlanner}'s to decide.
 */
final class ProjectResources {

    private final Engine engine;
    private final ProgressListener progress;

    ProjectResources(Engine engine, ProgressListener progress) {
        this.engine = engine;
        this.progress = progress;
    }

    /** The networks and volumes the engine has now, for the plan. */
    ObservedState.Resources observe() {
        return new ObservedState.Resources(
                engine.networks(Map.of()).stream().map(NetworkInfo::name).collect(Collectors.toSet()),
                engine.volumes(Map.of()).stream().map(VolumeInfo::name).collect(Collectors.toSet()));
    }

    /** What the project lacks, made at once: what a one-off ({@code run}) needs when no plan runs before it. */
    void ensure(Project project) {
        ResourcePlanner.plan(project, observe()).forEach(make -> create(project, make));
    }

    /** Carries out one of {@link ResourcePlanner}'s steps. */
    void create(Project project, Operation make) {
        if (make instanceof Operation.CreateNetwork network) {
            create(project, network);
        } else if (make instanceof Operation.CreateVolume volume) {
            create(project, volume);
        } else {
            throw new IllegalArgumentException("not a network or volume to make: " + make);
        }
    }

    /**
     * Creates a network the plan found missing. What another run of the project created meanwhile is used as if it
     * had been there; on one machine the lock keeps two runs from creating it together.
     */
    void create(Project project, Operation.CreateNetwork step) {
        Network network = project.networks().get(step.key());
        try {
            ProjectLock.around(project.name(), () -> {
                engine.createNetwork(spec(network, labels(project, network, Labels.NETWORK)));
                return null;
            });
        } catch (EngineException e) {
            if (e.kind() == EngineException.Kind.CONFLICT) {
                return; // created by another up of this project since the plan's list
            }
            throw e;
        }
        if (alone(project, network)) {
            progress.on(ProgressEvent.network(network.name(), Status.CREATED));
        }
    }

    /**
     * Engine 20.10 checks a new network's name apart from creating it, so two runs at once (on two machines, say)
     * can each create one. Every run keeps the one created first and removes the others, still empty then.
     * Whether the network this run just created had no twin (a run that found one does not call it created).
     */
    private boolean alone(Project project, Network network) {
        var same = engine.networks(Map.of(Labels.PROJECT, project.name(), Labels.NETWORK, network.key())).stream()
                .filter(n -> n.name().equals(network.name()))
                .sorted(Comparator.comparing(NetworkInfo::created).thenComparing(NetworkInfo::id)).toList();
        same.stream().skip(1).forEach(later -> quietly(() -> engine.removeNetwork(later.id())));
        return same.size() <= 1;
    }

    /** Creates a named volume the plan found missing (the engine answers a second create of one with it). */
    void create(Project project, Operation.CreateVolume step) {
        Volume volume = project.volumes().get(step.key());
        engine.createVolume(new VolumeSpec(volume.name(), volume.driver().orElse(""), volume.driverOpts(),
                labels(project, volume, Labels.VOLUME)));
        progress.on(ProgressEvent.volume(volume.name(), Status.CREATED));
    }

    /** A network as compose creates it: driver, options, internal, attachable, IPv6 and IPAM from the file. */
    static NetworkSpec spec(Network network, Map<String, String> labels) {
        return NetworkSpecBuilder.builder().name(network.name()).driver(network.driver().orElse(""))
                .driverOpts(network.driverOpts()).internal(network.internal()).attachable(network.attachable())
                .enableIpv6(network.enableIpv6()).ipam(network.ipam().map(i -> new NetworkSpec.Ipam(i.driver(),
                        i.pools().stream().map(p -> new NetworkSpec.Pool(p.subnet(), p.ipRange(), p.gateway(),
                                p.auxAddresses())).toList(), i.options())))
                .labels(labels).build();
    }

    private static void quietly(Runnable removal) {
        try {
            removal.run();
        } catch (RuntimeException e) {
            // left for down, which removes the project's networks and volumes by label
        }
    }

    private static Map<String, String> labels(Project project, Resource resource, String kindLabel) {
        var labels = new LinkedHashMap<>(resource.labels());
        labels.put(Labels.PROJECT, project.name());
        labels.put(kindLabel, resource.key());
        labels.put(Labels.VERSION, Labels.COMPOSE_VERSION);
        return labels;
    }

    /**
     * Removes the anonymous volumes {@code removed} (containers already gone) had. compose removes containers with
     * {@code RemoveVolumes}, but the engine keeps a volume mounted by name, which is how a recreated container
     * took over its predecessor's: removed here by name, so that none is left behind. One still in use by another
     * container stays, as the engine keeps it.
     */
    void removeAnonymous(List<ContainerState> removed) {
        removed.stream().flatMap(c -> c.mounts().stream()).filter(MountPoint::anonymousVolume).map(MountPoint::name)
                .distinct().forEach(name -> {
                    try {
                        engine.removeVolume(name);
                    } catch (EngineException e) {
                        if (e.kind() != EngineException.Kind.NOT_FOUND && e.kind() != EngineException.Kind.CONFLICT) {
                            throw e;
                        }
                    }
                });
    }

    /** Removes the project's networks (and volumes when asked); named volumes stay unless asked. */
    void remove(String project, boolean volumes) {
        for (NetworkInfo network : engine.networks(Map.of(Labels.PROJECT, project))) {
            // by ID: two networks of one name (compose's race) are not ambiguous
            EngineException.unlessGone(() -> engine.removeNetwork(network.id()));
            progress.on(ProgressEvent.network(network.name(), Status.REMOVED));
        }
        if (volumes) {
            for (VolumeInfo volume : engine.volumes(Map.of(Labels.PROJECT, project))) {
                EngineException.unlessGone(() -> engine.removeVolume(volume.name()));
                progress.on(ProgressEvent.volume(volume.name(), Status.REMOVED));
            }
        }
    }
}
