package dev.mlcompose.runner.engine;

import java.util.List;
import java.util.Set;

/**
 * A local image: its id, tags, size in bytes, the user it runs as ("" = root), and the paths its
 * {@code VOLUME} instructions declare.
 */
public record ImageInfo(String id, List<String> tags, long size, String user, Set<String> volumes) {

    public ImageInfo {
        tags = List.copyOf(tags);
        volumes = Set.copyOf(volumes);
    }
}
