package dev.mlcompose.runner.engine;

import java.util.List;

/** A local image: its id, tags, size in bytes, and the user it runs as ("" = root). */
public record ImageInfo(String id, List<String> tags, long size, String user) {

    public ImageInfo {
        tags = List.copyOf(tags);
    }
}
