package dev.mlcompose.runner.engine;

import java.nio.charset.StandardCharsets;
import java.util.Optional;

/** A file to put into a container before it starts: its absolute path, text, permissions and owner. */
public record ContainerFile(String path, String content, int mode, Optional<Integer> uid, Optional<Integer> gid) {

    public byte[] bytes() {
        return content.getBytes(StandardCharsets.UTF_8);
    }
}
