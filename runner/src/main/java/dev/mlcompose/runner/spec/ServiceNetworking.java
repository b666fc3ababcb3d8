package dev.mlcompose.runner.spec;

import dev.mlcompose.runner.engine.ContainerSpec;
import dev.mlcompose.runner.engine.ContainerSpecEndpointBuilder;
import dev.mlcompose.runner.engine.ContainerSpecNetworkingBuilder;
import dev.mlcompose.runner.engine.PortBinding;
import dev.mlcompose.schema.model.ContainerOptions;
import dev.mlcompose.schema.model.Network;
import dev.mlcompose.schema.model.Project;
import dev.mlcompose.schema.model.Service;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;

/**
 * A service's networking as compose sets it up ({@code create.go} {@code defaultNetworkSettings}, {@code getLinks}):
 * a namespace mode, or its networks in priority order with its names and fixed addresses on each; published and
 * exposed ports; name resolution; legacy links.
 */
final class ServiceNetworking {

    private ServiceNetworking() {
    }

    static ContainerSpec.Networking of(Project project, Service service, String containerName, int number) {
        ContainerOptions.Networking n = service.options().networking();
        Optional<String> mode = service.networkMode().map(m -> ContainerSpecs.namespace(project, m))
                .or(() -> project.networks().isEmpty() ? Optional.of("none") : Optional.empty());
        List<ContainerSpec.Endpoint> endpoints = mode.isPresent() ? List.of() : service.networks().stream()
                .map(key -> endpoint(project, service, containerName, key)).toList();
        return ContainerSpecNetworkingBuilder.builder().mode(mode).endpoints(endpoints).ports(ports(service))
                .exposedPorts(exposed(service)).dns(n.dns()).dnsOptions(n.dnsOptions()).dnsSearch(n.dnsSearch())
                .extraHosts(n.extraHosts()).macAddress(n.macAddress()).links(links(project, service, number))
                .build();
    }

    /** The container answers to its own name, its service's, and the file's aliases (compose's order). */
    private static ContainerSpec.Endpoint endpoint(Project project, Service service, String containerName, String key) {
        Service.Attachment a = service.attachments().getOrDefault(key, Service.Attachment.DEFAULT);
        var aliases = new LinkedHashSet<>(List.of(containerName, service.name()));
        aliases.addAll(a.aliases());
        return ContainerSpecEndpointBuilder.builder().network(networkName(project, key)).aliases(List.copyOf(aliases))
                .ipv4Address(a.ipv4Address()).ipv6Address(a.ipv6Address()).linkLocalIps(a.linkLocalIps())
                .macAddress(a.macAddress()).driverOpts(a.driverOpts()).build();
    }

    static String networkName(Project project, String key) {
        return Optional.ofNullable(project.networks().get(key)).map(Network::name).orElse(project.name() + "_" + key);
    }

    private static List<PortBinding> ports(Service service) {
        return service.ports().stream().map(p -> new PortBinding(p.hostIp().orElse(""), p.published().orElse(""),
                p.target(), p.protocol())).toList();
    }

    /** {@code expose} entries as written, then the published ports' targets (compose {@code buildContainerPorts}). */
    private static List<String> exposed(Service service) {
        var ports = new LinkedHashSet<>(service.options().networking().expose());
        service.ports().forEach(p -> ports.add(p.target() + "/" + p.protocol()));
        return List.copyOf(ports);
    }

    /**
     * {@code links: [service[:alias]]} to each container of that service, under the alias, under
     * {@code service-N} and {@code project-service-N} (N: this container's number, as compose writes them), and
     * {@code external_links: [container[:alias]]}.
     */
    private static List<String> links(Project project, Service service, int number) {
        var links = new ArrayList<String>();
        for (String link : service.options().networking().links()) {
            String[] parts = link.split(":", 2);
            String alias = parts.length > 1 ? parts[1] : parts[0];
            project.service(parts[0]).ifPresent(target -> {
                for (int n = 1; n <= Math.max(1, target.replicas()); n++) {
                    String name = Names.container(project, target, n);
                    links.add(name + ":" + alias);
                    links.add(name + ":" + parts[0] + "-" + number);
                    links.add(name + ":" + project.name() + "-" + parts[0] + "-" + number);
                }
            });
        }
        for (String link : service.options().networking().externalLinks()) {
            String[] parts = link.split(":", 2);
            links.add(parts[0] + ":" + (parts.length > 1 ? parts[1] : parts[0]));
        }
        return links;
    }
}
