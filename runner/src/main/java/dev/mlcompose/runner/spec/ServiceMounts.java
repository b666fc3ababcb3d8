package dev.mlcompose.runner.spec;

import dev.mlcompose.runner.engine.ContainerSpec;
import dev.mlcompose.runner.engine.ContainerSpecStorageBuilder;
import dev.mlcompose.runner.engine.Mount;
import dev.mlcompose.runner.engine.MountBuilder;
import dev.mlcompose.schema.model.FileObject;
import dev.mlcompose.schema.model.Project;
import dev.mlcompose.schema.model.Service;
import dev.mlcompose.schema.model.Volume;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A service's file systems as compose mounts them ({@code create.go} {@code buildContainerMountOptions}): its
 * {@code volumes}, then its file-based secrets and configs read-only (secrets under /run/secrets, configs at
 * /NAME), one mount per target; {@code tmpfs}, {@code volumes_from} and {@code storage_opt} beside them.
 * Secrets and configs from an environment variable or inline content are copied in after create instead.
 */
public final class ServiceMounts {

    /** Where {@code use_api_socket} puts the engine's socket and the registry credentials (compose's places). */
    static final String API_SOCKET = "/var/run/docker.sock";
    public static final String DOCKER_CONFIG_DIR = "/run/secrets/docker";

    private ServiceMounts() {
    }

    static ContainerSpec.Storage of(Project project, Service service) {
        return of(project, service, Map.of());
    }

    /** With the mounts a replacement carries over from its predecessor ({@link InheritedVolumes}) in their places. */
    public static ContainerSpec.Storage of(Project project, Service service, Map<String, Mount> inherited) {
        var byTarget = new LinkedHashMap<String, Mount>(inherited);
        service.volumes().stream().filter(v -> !(inherited.containsKey(v.target()) && InheritedVolumes.sourceless(v)))
                .forEach(v -> byTarget.put(v.target(), mount(project, v)));
        service.files().forEach(ref -> fileMount(project, service, ref)
                .ifPresent(m -> byTarget.putIfAbsent(m.target(), m)));
        if (service.integrations().useApiSocket()) {
            byTarget.putIfAbsent(API_SOCKET, Mount.of("bind", API_SOCKET, API_SOCKET, false));
        }
        var storage = service.options().storage();
        return ContainerSpecStorageBuilder.builder().mounts(List.copyOf(byTarget.values())).tmpfs(tmpfs(storage.tmpfs()))
                .volumesFrom(storage.volumesFrom().stream().map(v -> volumesFrom(project, v)).toList())
                .volumeDriver(storage.volumeDriver()).storageOpt(storage.storageOpt()).build();
    }

    public static Mount mount(Project project, Service.Mount v) {
        Service.MountOptions o = v.options();
        String source = v.source().orElse("");
        boolean createHostPath = o.createHostPath();
        if (v.type().equals("volume") && !source.isEmpty()) {
            Optional<Volume> named = Optional.ofNullable(project.volumes().get(source));
            source = named.map(Volume::name).orElse(source);
            // compose passes a volume whose driver binds a host path the way it passes short-syntax binds
            createHostPath = named.map(n -> "bind".equals(n.driverOpts().get("o"))).orElse(false);
        }
        return MountBuilder.builder().type(v.type()).source(source).target(v.target()).readOnly(v.readOnly())
                .createHostPath(createHostPath).selinux(o.selinux()).propagation(o.propagation())
                .volumeOptions(o.volumeBlock()).noCopy(o.noCopy())
                .subpath(o.subpath()).tmpfsSize(o.tmpfsSize().orElse(0L)).tmpfsMode(o.tmpfsMode().orElse(0))
                .consistency(o.consistency()).build();
    }

    /** A file secret or config, bind-mounted read-only; empty for ones whose content is copied in. */
    private static Optional<Mount> fileMount(Project project, Service service, Service.FileRef ref) {
        FileObject object = (isSecret(ref) ? project.secrets() : project.configs()).get(ref.source());
        String kind = isSecret(ref) ? "secret" : "config";
        if (object == null || object.external()) {
            throw new ServiceFailure(service.name(), "service " + service.name() + ": " + kind + " " + ref.source()
                    + " is external, which only Docker Swarm provides; give it a file, environment or content");
        }
        if (object.environment().isPresent() || object.content().isPresent()) {
            return Optional.empty();
        }
        if (object.file().isEmpty()) {
            throw new ServiceFailure(service.name(), "service " + service.name() + ": " + kind + " " + ref.source()
                    + " has no file, environment or content");
        }
        return Optional.of(Mount.of("bind", object.file().get(), target(ref), true));
    }

    public static boolean isSecret(Service.FileRef ref) {
        return ref.kind().equals("secrets");
    }

    /** A secret's target under /run/secrets unless absolute; a config's at /NAME unless its target says otherwise. */
    public static String target(Service.FileRef ref) {
        String target = ref.target().isEmpty() ? ref.source() : ref.target();
        return target.startsWith("/") ? target : (isSecret(ref) ? "/run/secrets/" : "/") + target;
    }

    /** {@code volumes_from: [service[:mode]]} takes that service's first container; {@code container:NAME} as is. */
    private static String volumesFrom(Project project, String entry) {
        String[] parts = entry.split(":");
        if (parts[0].equals("container")) {
            return String.join(":", List.of(parts).subList(1, parts.length));
        }
        String name = project.service(parts[0]).map(s -> Names.container(project, s, 1)).orElse(parts[0]);
        return parts.length > 1 ? name + ":" + parts[1] : name;
    }

    private static Map<String, String> tmpfs(List<String> entries) {
        var out = new LinkedHashMap<String, String>();
        entries.forEach(t -> {
            int colon = t.indexOf(':');
            out.put(colon < 0 ? t : t.substring(0, colon), colon < 0 ? "" : t.substring(colon + 1));
        });
        return out;
    }
}
