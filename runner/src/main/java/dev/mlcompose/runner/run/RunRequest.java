package dev.mlcompose.runner.run;

import dev.mlcompose.runner.engine.Buildable;
import dev.mlcompose.runner.engine.PortBinding;
import dev.mlcompose.runner.plan.PullPolicy;
import dev.mlcompose.schema.model.Service;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A one-off run of a service: an optional command and entrypoint (each replaces the service's), extra
 * environment, {@code --rm}, {@code --no-deps}; with {@code tty} its container gets a pseudo-terminal; with
 * {@code interactive} its stdin is open for the input the run attaches (the terminal's keys, or piped stdin). As
 * compose's {@code run} flags: a container {@code name}, {@code user}, {@code workdir}, extra {@code labels} and
 * capabilities, {@code useAliases} (the service's network aliases too), {@code servicePorts} (the service's
 * published ports), {@code detach} (started, not attached), {@code rebuild} (the service's image built first, its
 * dependencies' when missing, as {@code up} does), {@code quietPull} (no pull progress), {@code publish} (ports
 * published instead of none or the service's: {@code -p}) and {@code volumes} (mounts over the service's, by target:
 * {@code -v}; a relative bind source is the project directory's), {@code removeOrphans} (containers of services the file no
 * longer has are removed first), {@code pull} ({@code --pull}: over the services' {@code pull_policy}). Made by name:
 * {@link #of} and its withers, or {@code RunRequestBuilder}.
 */
@Buildable
public record RunRequest(String service, Optional<List<String>> command, Optional<List<String>> entrypoint,
                         Map<String, String> environment, boolean remove, boolean noDeps, boolean tty,
                         boolean interactive, Optional<String> name, Optional<String> user, Optional<String> workdir,
                         Map<String, String> labels, List<String> capAdd, List<String> capDrop, boolean useAliases,
                         boolean servicePorts, boolean detach, boolean rebuild, boolean quietPull,
                         List<PortBinding> publish, List<Service.Mount> volumes, boolean removeOrphans,
                         PullPolicy pull) implements RunRequestBuilder.With {

    public RunRequest {
        command = command.map(List::copyOf);
        entrypoint = entrypoint.map(List::copyOf);
        environment = Map.copyOf(environment);
        labels = Map.copyOf(labels);
        capAdd = List.copyOf(capAdd);
        capDrop = List.copyOf(capDrop);
        publish = List.copyOf(publish);
        volumes = List.copyOf(volumes);
    }

    /**
     * A run of {@code service} as compose's {@code run} does it without flags: its own command and entrypoint, attached
     * without a terminal, its dependencies started, the container kept; change it with the withers
     * ({@code RunRequest.of("train").withRemove(true)}).
     */
    public static RunRequest of(String service) {
        return RunRequestBuilder.builder().service(service).command(Optional.empty()).entrypoint(Optional.empty())
                .environment(Map.of()).name(Optional.empty()).user(Optional.empty()).workdir(Optional.empty())
                .labels(Map.of()).capAdd(List.of()).capDrop(List.of()).publish(List.of()).volumes(List.of())
                .pull(PullPolicy.POLICY).build();
    }
}
