package dev.mlcompose.runner.spec;

import dev.mlcompose.runner.engine.Mount;
import dev.mlcompose.runner.engine.MountPoint;
import dev.mlcompose.schema.model.Service;
import java.nio.file.Paths;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What a replacement container takes over from the one it replaces, as compose's {@code create.go}
 * ({@code buildContainerMountOptions}) decides it: each mount of the old container (tmpfs aside) at a path the
 * image declares with {@code VOLUME}, or at the target of a service volume without a source, is mounted again by
 * name at the same path, read-only if it was. So the data of anonymous volumes survives a recreate. A service
 * volume with a source at such a path still wins over what the image's {@code VOLUME} would carry over.
 */
public final class InheritedVolumes {

    private InheritedVolumes() {
    }

    /** The mounts to carry over, by target; empty for a first container or with {@code --renew-anon-volumes}. */
    public static Map<String, Mount> of(Service service, Set<String> imageVolumes, List<MountPoint> previous) {
        var inherited = new LinkedHashMap<String, Mount>();
        for (MountPoint m : previous) {
            String target = clean(m.destination());
            if (m.type().equals("tmpfs") || !(imageVolumes.contains(target) || sourceless(service, target))) {
                continue;
            }
            String source = m.type().equals("volume") ? m.name() : m.source();
            inherited.put(target, Mount.of(m.type(), source, target, !m.readWrite()));
        }
        return inherited;
    }

    private static boolean sourceless(Service service, String target) {
        return service.volumes().stream().anyMatch(v -> v.target().equals(target) && sourceless(v));
    }

    /** A service volume without a source (anonymous): it gives way to the one its predecessor had there. */
    static boolean sourceless(Service.Mount volume) {
        return volume.source().orElse("").isEmpty();
    }

    private static String clean(String path) {
        return path.isEmpty() ? path : Paths.get(path).normalize().toString();
    }
}
