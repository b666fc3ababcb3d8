package dev.mlcompose.runner.engine;

import java.util.List;
import java.util.Set;

/**
 * A local image: its id, tags, size in bytes, the user it runs as ("" = root), and the paths its
 * {@code VOLUME} instructions declare, and its digests in the registries it was pulled from or pushed to
 * ({@code repo@sha256:…}; none for an image only built here).
 */
public record ImageInfo(String id, List<String> tags, long size, String user, Set<String> volumes,
                        List<String> repoDigests) {

    public ImageInfo {
        tags = List.copyOf(tags);
        volumes = Set.copyOf(volumes);
        repoDigests = List.copyOf(repoDigests);
    }

    public ImageInfo(String id, List<String> tags, long size, String user, Set<String> volumes) {
        this(id, tags, size, user, volumes, List.of());
    }
}
