package dev.mlcompose.runner.engine.docker;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mlcompose.runner.engine.ApiVersions;
import dev.mlcompose.runner.engine.ContainerSpec;
import dev.mlcompose.runner.engine.ContainerSpec.Endpoint;
import dev.mlcompose.runner.engine.DeviceRequest;
import dev.mlcompose.runner.engine.Healthcheck;
import dev.mlcompose.runner.engine.Mount;
import dev.mlcompose.runner.engine.NetworkSpec;
import dev.mlcompose.runner.engine.PortBinding;
import dev.mlcompose.runner.engine.VolumeSpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The Engine API bodies of a container create and a network create, built from the specs: the one place where a
 * spec meets the API's field names. Empty values are left out (as Go's {@code omitempty} leaves them out of
 * compose's requests), except where compose sends them anyway ({@code OomKillDisable}). {@code api} is the
 * version the body is sent at: from 1.44 a container joins all its networks at create, and a service-level MAC
 * address belongs to its first network.
 */
final class CreateRequests {

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private CreateRequests() {
    }

    static ObjectNode container(ContainerSpec s, String api) {
        ObjectNode body = JSON.objectNode();
        process(body, s.process());
        body.put("Image", s.image());
        body.set("Labels", strings(s.labels()));
        body.put("AttachStdout", true).put("AttachStderr", true); // as compose creates every container
        ports(body, s.networking());
        s.healthcheck().ifPresent(h -> body.set("Healthcheck", healthcheck(h)));
        if (!allEndpointsAtCreate(api)) {
            macAddress(s.networking()).ifPresent(mac -> body.put("MacAddress", mac));
        }
        body.set("HostConfig", host(s));
        networking(s, api).ifPresent(n -> body.set("NetworkingConfig", n));
        return body;
    }

    /** Whether the engine takes every network in the create (API 1.44, compose {@code defaultNetworkSettings}). */
    static boolean allEndpointsAtCreate(String api) {
        return ApiVersions.atLeast(api, "1.44");
    }

    private static void process(ObjectNode body, ContainerSpec.Process p) {
        p.hostname().ifPresent(h -> body.put("Hostname", h));
        p.domainname().ifPresent(d -> body.put("Domainname", d));
        p.user().ifPresent(u -> body.put("User", u));
        body.put("Tty", p.tty()).put("OpenStdin", p.stdinOpen()).put("StdinOnce", p.stdinOnce());
        body.set("Env", array(p.environment().entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                .sorted().toList()));
        p.command().ifPresent(c -> body.set("Cmd", array(c)));
        p.entrypoint().ifPresent(e -> body.set("Entrypoint", array(e)));
        p.workingDir().ifPresent(w -> body.put("WorkingDir", w));
        p.stopSignal().ifPresent(signal -> body.put("StopSignal", signal));
        p.stopTimeout().ifPresent(t -> body.put("StopTimeout", t.toSeconds()));
    }

    private static void ports(ObjectNode body, ContainerSpec.Networking n) {
        if (n.exposedPorts().isEmpty()) {
            return;
        }
        ObjectNode exposed = body.putObject("ExposedPorts");
        n.exposedPorts().forEach(p -> exposed.putObject(p));
    }

    private static ObjectNode healthcheck(Healthcheck h) {
        ObjectNode check = JSON.objectNode();
        if (!h.test().isEmpty()) {
            check.set("Test", array(h.test()));
        }
        putNanos(check, "Interval", h.interval());
        putNanos(check, "Timeout", h.timeout());
        putNanos(check, "StartPeriod", h.startPeriod());
        putNanos(check, "StartInterval", h.startInterval());
        if (h.retries() > 0) {
            check.put("Retries", h.retries());
        }
        return check;
    }

    private static ObjectNode host(ContainerSpec s) {
        ObjectNode h = JSON.objectNode();
        ContainerSpec.Security security = s.security();
        h.put("Privileged", security.privileged()).put("ReadonlyRootfs", security.readOnly());
        putArray(h, "CapAdd", security.capAdd());
        putArray(h, "CapDrop", security.capDrop());
        putArray(h, "SecurityOpt", security.securityOpt());
        if (security.unconfinedPaths()) {
            h.set("MaskedPaths", JSON.arrayNode());
            h.set("ReadonlyPaths", JSON.arrayNode());
        }
        security.runtime().ifPresent(r -> h.put("Runtime", r));
        security.isolation().ifPresent(i -> h.put("Isolation", i));
        putMap(h, "Sysctls", security.sysctls());
        putMap(h, "Annotations", s.annotations());
        if (s.process().init()) {
            h.put("Init", true);
        }
        putArray(h, "GroupAdd", s.process().groupAdd());
        namespaces(h, s.namespaces());
        HostResources.fill(h, s.resources(), s.devices());
        storage(h, s.storage());
        hostNetworking(h, s.networking());
        h.putObject("RestartPolicy").put("Name", s.restart().name()).put("MaximumRetryCount", s.restart().maxRetries());
        h.put("AutoRemove", s.autoRemove());
        s.logging().ifPresent(l -> h.putObject("LogConfig").put("Type", l.driver()).set("Config", strings(l.options())));
        return h;
    }

    private static void namespaces(ObjectNode h, ContainerSpec.Namespaces n) {
        n.ipc().ifPresent(v -> h.put("IpcMode", v));
        n.pid().ifPresent(v -> h.put("PidMode", v));
        n.uts().ifPresent(v -> h.put("UTSMode", v));
        n.cgroup().ifPresent(v -> h.put("CgroupnsMode", v));
        n.userns().ifPresent(v -> h.put("UsernsMode", v));
    }

    /**
     * Binds for the binds that may create their host path (compose passes short-syntax binds this way, moby
     * #43483: the Mount API cannot create one), Mounts for everything else.
     */
    private static void storage(ObjectNode h, ContainerSpec.Storage st) {
        List<String> binds = st.mounts().stream().filter(Mount::createHostPath).map(CreateRequests::bind).toList();
        putArray(h, "Binds", binds);
        ArrayNode mounts = JSON.arrayNode();
        st.mounts().stream().filter(m -> !m.createHostPath()).forEach(m -> mounts.add(mount(m)));
        if (!mounts.isEmpty()) {
            h.set("Mounts", mounts);
        }
        putMap(h, "Tmpfs", st.tmpfs());
        putArray(h, "VolumesFrom", st.volumesFrom());
        st.volumeDriver().ifPresent(d -> h.put("VolumeDriver", d));
        putMap(h, "StorageOpt", st.storageOpt());
    }

    /** compose-go's {@code ServiceVolumeConfig.String()}: {@code source:target:rw|ro[,selinux][,propagation]}. */
    static String bind(Mount m) {
        var options = new ArrayList<String>(List.of(m.readOnly() ? "ro" : "rw"));
        m.selinux().ifPresent(options::add);
        m.propagation().ifPresent(options::add);
        if (m.noCopy()) {
            options.add("nocopy");
        }
        return m.source() + ":" + m.target() + ":" + String.join(",", options);
    }

    private static ObjectNode mount(Mount m) {
        ObjectNode mount = JSON.objectNode().put("Type", m.type()).put("Target", m.target());
        if (!m.source().isEmpty()) {
            mount.put("Source", m.source());
        }
        mount.put("ReadOnly", m.readOnly());
        m.consistency().ifPresent(c -> mount.put("Consistency", c));
        switch (m.type()) {
            case "bind" -> m.propagation().ifPresent(p -> mount.putObject("BindOptions").put("Propagation", p));
            case "volume" -> {
                if (m.volumeOptions() || m.noCopy() || m.subpath().isPresent()) {
                    ObjectNode options = mount.putObject("VolumeOptions");
                    if (m.noCopy()) {
                        options.put("NoCopy", true);
                    }
                    m.subpath().ifPresent(p -> options.put("Subpath", p));
                }
            }
            case "tmpfs" -> {
                if (m.tmpfsSize() > 0 || m.tmpfsMode() > 0) {
                    ObjectNode options = mount.putObject("TmpfsOptions");
                    if (m.tmpfsSize() > 0) {
                        options.put("SizeBytes", m.tmpfsSize());
                    }
                    if (m.tmpfsMode() > 0) {
                        options.put("Mode", m.tmpfsMode());
                    }
                }
            }
            default -> { }
        }
        return mount;
    }

    private static void hostNetworking(ObjectNode h, ContainerSpec.Networking n) {
        n.mode().or(() -> n.endpoints().stream().findFirst().map(Endpoint::network))
                .ifPresent(mode -> h.put("NetworkMode", mode));
        // compose sends both even when empty, and inspect shows {} and [] rather than null
        ObjectNode bindings = h.putObject("PortBindings");
        for (PortBinding p : n.ports()) {
            ArrayNode list = bindings.has(portKey(p)) ? (ArrayNode) bindings.get(portKey(p))
                    : bindings.putArray(portKey(p));
            list.addObject().put("HostIp", p.hostIp()).put("HostPort", p.hostPort());
        }
        putArray(h, "Dns", n.dns());
        putArray(h, "DnsOptions", n.dnsOptions());
        putArray(h, "DnsSearch", n.dnsSearch());
        h.set("ExtraHosts", array(n.extraHosts().stream().map(CreateRequests::extraHost).toList()));
        putArray(h, "Links", n.links());
    }

    private static String portKey(PortBinding p) {
        String protocol = p.protocol() == null || p.protocol().isBlank() ? "tcp" : p.protocol();
        return p.containerPort() + "/" + protocol;
    }

    /** The model writes {@code host=ip}; the engine wants {@code host:ip} (split at the first colon). */
    static String extraHost(String entry) {
        int eq = entry.indexOf('=');
        return eq < 0 ? entry : entry.substring(0, eq) + ":" + entry.substring(eq + 1);
    }

    /** The endpoints joined at create: the first one, or all of them from API 1.44. */
    private static Optional<ObjectNode> networking(ContainerSpec s, String api) {
        ContainerSpec.Networking n = s.networking();
        if (n.mode().isPresent() || n.endpoints().isEmpty()) {
            return Optional.empty();
        }
        List<Endpoint> atCreate = allEndpointsAtCreate(api) ? n.endpoints() : n.endpoints().subList(0, 1);
        ObjectNode endpoints = JSON.objectNode();
        for (int i = 0; i < atCreate.size(); i++) {
            Endpoint e = atCreate.get(i);
            if (i == 0 && allEndpointsAtCreate(api)) {
                e = e.withMacAddress(e.macAddress().or(n::macAddress));
            }
            endpoints.set(e.network(), endpoint(e, n.links()));
        }
        ObjectNode config = JSON.objectNode();
        config.set("EndpointsConfig", endpoints);
        return Optional.of(config);
    }

    /** One network's endpoint settings, as at create and as a network connect's {@code EndpointConfig}. */
    static ObjectNode endpoint(Endpoint e, List<String> links) {
        ObjectNode endpoint = JSON.objectNode();
        putArray(endpoint, "Aliases", e.aliases());
        putArray(endpoint, "Links", links);
        if (e.ipv4Address().isPresent() || e.ipv6Address().isPresent() || !e.linkLocalIps().isEmpty()) {
            ObjectNode ipam = endpoint.putObject("IPAMConfig");
            e.ipv4Address().ifPresent(a -> ipam.put("IPv4Address", a));
            e.ipv6Address().ifPresent(a -> ipam.put("IPv6Address", a));
            putArray(ipam, "LinkLocalIPs", e.linkLocalIps());
        }
        e.macAddress().ifPresent(mac -> endpoint.put("MacAddress", mac));
        putMap(endpoint, "DriverOpts", e.driverOpts());
        return endpoint;
    }

    /**
     * Before API 1.44 the MAC address is the container's: the service's own, else its first network's (compose
     * {@code prepareContainerMACAddress}).
     */
    private static Optional<String> macAddress(ContainerSpec.Networking n) {
        return n.macAddress().or(() -> n.endpoints().stream().findFirst().flatMap(Endpoint::macAddress));
    }

    /** As compose sends it: no options or labels when there are none (the engine then shows null, not {}). */
    static ObjectNode volume(VolumeSpec v) {
        ObjectNode body = JSON.objectNode().put("Name", v.name());
        if (v.driver() != null && !v.driver().isEmpty()) {
            body.put("Driver", v.driver());
        }
        putMap(body, "DriverOpts", v.driverOptions());
        putMap(body, "Labels", v.labels());
        return body;
    }

    /** A network create as compose sends it ({@code resolveOrCreateNetwork}): duplicates refused. */
    static ObjectNode network(NetworkSpec n) {
        ObjectNode body = JSON.objectNode().put("Name", n.name()).put("CheckDuplicate", true)
                .put("Internal", n.internal()).put("Attachable", n.attachable());
        if (!n.driver().isEmpty()) {
            body.put("Driver", n.driver());
        }
        n.enableIpv6().ifPresent(v -> body.put("EnableIPv6", v));
        putMap(body, "Options", n.driverOpts());
        putMap(body, "Labels", n.labels());
        n.ipam().ifPresent(ipam -> {
            ObjectNode i = body.putObject("IPAM");
            ipam.driver().ifPresent(d -> i.put("Driver", d));
            ArrayNode pools = i.putArray("Config");
            ipam.pools().forEach(p -> {
                ObjectNode pool = pools.addObject();
                p.subnet().ifPresent(v -> pool.put("Subnet", v));
                p.ipRange().ifPresent(v -> pool.put("IPRange", v));
                p.gateway().ifPresent(v -> pool.put("Gateway", v));
                putMap(pool, "AuxiliaryAddresses", p.auxAddresses());
            });
            putMap(i, "Options", ipam.options());
        });
        return body;
    }

    static void putNanos(ObjectNode node, String field, Duration d) {
        if (d != null && !d.isZero()) {
            node.put(field, d.toNanos());
        }
    }

    static void putArray(ObjectNode node, String field, Collection<String> values) {
        if (!values.isEmpty()) {
            node.set(field, array(values));
        }
    }

    static void putMap(ObjectNode node, String field, Map<String, String> values) {
        if (!values.isEmpty()) {
            node.set(field, strings(values));
        }
    }

    static ArrayNode array(Collection<String> values) {
        ArrayNode array = JSON.arrayNode();
        values.forEach(array::add);
        return array;
    }

    static ObjectNode strings(Map<String, String> values) {
        ObjectNode object = JSON.objectNode();
        values.forEach(object::put);
        return object;
    }

    static JsonNode requests(List<DeviceRequest> requests) {
        ArrayNode array = JSON.arrayNode();
        for (DeviceRequest d : requests) {
            ObjectNode r = array.addObject();
            if (!d.driver().isBlank()) {
                r.put("Driver", d.driver());
            }
            if (d.deviceIds().isEmpty()) {
                r.put("Count", d.count());
            } else {
                r.set("DeviceIDs", array(d.deviceIds()));
            }
            if (!d.capabilities().isEmpty()) {
                r.putArray("Capabilities").add(array(d.capabilities()));
            }
            putMap(r, "Options", d.options());
        }
        return array;
    }
}
