package dev.mlcompose.runner.engine;

import java.util.Optional;

/**
 * A mount: {@code type} bind, volume, tmpfs (or npipe, image); {@code source} is a host path or volume name. A
 * bind with {@code createHostPath} makes a missing host directory, as the short syntax does in compose; the
 * other fields are the type's options.
 */
@Buildable
public record Mount(String type, String source, String target, boolean readOnly, boolean createHostPath,
                    Optional<String> selinux, Optional<String> propagation, boolean noCopy, Optional<String> subpath,
                    long tmpfsSize, int tmpfsMode, Optional<String> consistency) implements MountBuilder.With {

    public Mount {
        source = source == null ? "" : source; // an anonymous volume has none
    }

    /** A plain mount with no options. */
    public static Mount of(String type, String source, String target, boolean readOnly) {
        return MountBuilder.builder().type(type).source(source).target(target).readOnly(readOnly).build();
    }
}
