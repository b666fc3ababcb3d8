package dev.mlcompose.runner.swarm;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mlcompose.schema.model.ContainerOptions;
import dev.mlcompose.schema.model.Project;
import dev.mlcompose.schema.model.Service;
import dev.mlcompose.schema.model.Volume;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** A service's {@code ContainerSpec} on a Swarm: what each of its tasks' containers runs, as stack deploy maps it. */
final class ContainerSpecs {

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private final Project project;
    private final Map<String, String> secretNames;
    private final Map<String, String> configNames;

    ContainerSpecs(Project project, Map<String, String> secretNames, Map<String, String> configNames) {
        this.project = project;
        this.secretNames = secretNames;
        this.configNames = configNames;
    }

    ObjectNode of(Service service) {
        var options = service.options();
        var c = JSON.objectNode();
        c.put("Image", service.image().orElseThrow());
        var labels = new TreeMap<>(service.labels());
        labels.put(StackNames.NAMESPACE, project.name());
        c.set("Labels", Trees.strings(labels));
        service.entrypoint().ifPresent(e -> c.set("Command", Trees.texts(e)));
        service.command().ifPresent(a -> c.set("Args", Trees.texts(a)));
        options.process().hostname().ifPresent(h -> c.put("Hostname", h));
        if (!service.environment().isEmpty()) {
            var env = c.putArray("Env");
            new TreeMap<>(service.environment()).forEach((k, v) -> env.add(k + "=" + v));
        }
        service.workingDir().ifPresent(d -> c.put("Dir", d));
        service.user().ifPresent(u -> c.put("User", u));
        if (!options.process().groupAdd().isEmpty()) {
            c.set("Groups", Trees.texts(options.process().groupAdd()));
        }
        Trees.flag(c, "TTY", options.process().tty());
        Trees.flag(c, "OpenStdin", options.process().stdinOpen());
        Trees.flag(c, "ReadOnly", options.security().readOnly());
        Trees.flag(c, "Init", options.process().init());
        options.process().stopSignal().ifPresent(s -> c.put("StopSignal", s));
        service.stopGracePeriod().ifPresent(d -> c.put("StopGracePeriod", d.toNanos()));
        if (!service.volumes().isEmpty()) {
            var mounts = c.putArray("Mounts");
            service.volumes().forEach(m -> mounts.add(mount(m)));
            options.storage().tmpfs().forEach(t -> mounts.addObject().put("Type", "tmpfs").put("Target", t));
        }
        service.healthcheck().ifPresent(h -> c.set("Healthcheck", healthcheck(h)));
        dns(c, options.networking());
        if (!options.networking().extraHosts().isEmpty()) {
            var hosts = c.putArray("Hosts"); // Swarm's order: address first, as in /etc/hosts
            options.networking().extraHosts().forEach(h -> {
                int at = h.indexOf('=') >= 0 ? h.indexOf('=') : h.indexOf(':');
                hosts.add(h.substring(at + 1) + " " + h.substring(0, at));
            });
        }
        files(c, service, "secrets", "Secrets", "SecretName", secretNames);
        files(c, service, "configs", "Configs", "ConfigName", configNames);
        if (!options.sysctls().isEmpty()) {
            c.set("Sysctls", Trees.strings(options.sysctls()));
        }
        if (!options.security().capAdd().isEmpty()) {
            c.set("CapabilityAdd", Trees.texts(options.security().capAdd()));
        }
        if (!options.security().capDrop().isEmpty()) {
            c.set("CapabilityDrop", Trees.texts(options.security().capDrop()));
        }
        if (!options.limits().ulimits().isEmpty()) {
            var ulimits = c.putArray("Ulimits");
            options.limits().ulimits().forEach((name, u) ->
                    ulimits.addObject().put("Name", name).put("Soft", u.soft()).put("Hard", u.hard()));
        }
        return c;
    }

    private ObjectNode mount(Service.Mount m) {
        var mount = JSON.objectNode().put("Type", m.type());
        var volume = m.type().equals("volume") ? m.source().map(project.volumes()::get) : Optional.<Volume>empty();
        volume.ifPresentOrElse(v -> mount.put("Source", v.name()), () -> m.source().ifPresent(s -> mount.put("Source", s)));
        mount.put("Target", m.target());
        Trees.flag(mount, "ReadOnly", m.readOnly());
        switch (m.type()) {
            case "bind" -> m.options().propagation().ifPresent(p -> mount.putObject("BindOptions").put("Propagation", p));
            case "tmpfs" -> {
                if (m.options().tmpfsSize().isPresent() || m.options().tmpfsMode().isPresent()) {
                    var tmpfs = mount.putObject("TmpfsOptions");
                    m.options().tmpfsSize().ifPresent(size -> tmpfs.put("SizeBytes", size));
                    m.options().tmpfsMode().ifPresent(mode -> tmpfs.put("Mode", mode));
                }
            }
            case "volume" -> volume.filter(v -> !v.external()).ifPresent(v -> {
                var options = mount.putObject("VolumeOptions");
                Trees.flag(options, "NoCopy", m.options().noCopy());
                var labels = new TreeMap<>(v.labels());
                labels.put(StackNames.NAMESPACE, project.name());
                options.set("Labels", Trees.strings(labels));
                v.driver().ifPresent(d -> options.putObject("DriverConfig").put("Name", d)
                        .set("Options", Trees.strings(v.driverOpts())));
            });
            default -> { }
        }
        return mount;
    }

    private static ObjectNode healthcheck(Service.Healthcheck h) {
        var out = JSON.objectNode();
        out.set("Test", h.disabled() ? Trees.texts(List.of("NONE")) : Trees.texts(h.test()));
        h.interval().ifPresent(d -> out.put("Interval", d.toNanos()));
        h.timeout().ifPresent(d -> out.put("Timeout", d.toNanos()));
        h.startPeriod().ifPresent(d -> out.put("StartPeriod", d.toNanos()));
        h.startInterval().ifPresent(d -> out.put("StartInterval", d.toNanos()));
        h.retries().ifPresent(r -> out.put("Retries", r));
        return out;
    }

    private static void dns(ObjectNode c, ContainerOptions.Networking n) {
        if (n.dns().isEmpty() && n.dnsSearch().isEmpty() && n.dnsOptions().isEmpty()) {
            return;
        }
        var dns = c.putObject("DNSConfig");
        dns.set("Nameservers", Trees.texts(n.dns()));
        dns.set("Search", Trees.texts(n.dnsSearch()));
        dns.set("Options", Trees.texts(n.dnsOptions()));
    }

    /** Secrets or configs: the file inside (uid, gid 0 and mode 0444 unless given, as stack deploy sets them). */
    private static void files(ObjectNode c, Service service, String kind, String field, String nameField,
                              Map<String, String> names) {
        var refs = service.files().stream().filter(f -> f.kind().equals(kind)).toList();
        if (refs.isEmpty()) {
            return;
        }
        var out = c.putArray(field);
        refs.forEach(f -> {
            var ref = out.addObject();
            ref.putObject("File").put("Name", f.target()).put("UID", f.uid().orElse("0")).put("GID", f.gid().orElse("0"))
                    .put("Mode", f.mode().orElse(0444));
            ref.put(nameField, names.get(f.source()));
        });
    }
}
