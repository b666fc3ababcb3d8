package dev.mlcompose.runner.engine;

/** A container port published on the host ({@code hostPort} empty: the engine picks one). */
public record PortBinding(String hostIp, String hostPort, int containerPort, String protocol) {
}
