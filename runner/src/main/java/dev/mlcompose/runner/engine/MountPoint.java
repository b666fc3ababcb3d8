package dev.mlcompose.runner.engine;

import java.util.regex.Pattern;

/**
 * A mount of an existing container as the engine lists it: {@code type} volume, bind, tmpfs…; {@code name} the
 * volume's name (empty for other types), {@code source} the host path, {@code destination} the path inside.
 */
public record MountPoint(String type, String name, String source, String destination, boolean readWrite) {

    /** Names the engine gives the volumes it creates itself: 64 hex digits, like its IDs. */
    private static final Pattern GENERATED = Pattern.compile("[0-9a-f]{64}");

    /** An anonymous volume: one the engine created and named for this container (or a predecessor). */
    public boolean anonymousVolume() {
        return type.equals("volume") && GENERATED.matcher(name).matches();
    }
}
