package dev.mlcompose.runner.engine;

/** A mount: {@code type} bind, volume or tmpfs; {@code source} is a host path or volume name. */
public record Mount(String type, String source, String target, boolean readOnly) {
}
