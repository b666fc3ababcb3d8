package dev.mlcompose.runner.swarm;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** Names and labels as {@code docker stack deploy} sets them, and mlcompose's own. */
public final class StackNames {

    /** On every object of a stack: {@code docker stack ls/ps/rm} find them by it. */
    public static final String NAMESPACE = "com.docker.stack.namespace";
    /** The image as the file wrote it, on the service (stack deploy sets it too). */
    public static final String IMAGE = "com.docker.stack.image";
    /** The digest of the service's spec without this label: a second {@code up} updates only changed services. */
    public static final String SPEC_HASH = "dev.mlcompose.spec-hash";
    /** The key of a job's {@code x-mlcompose.inputs} (paths and contents): changed inputs change the spec hash. */
    public static final String INPUTS_HASH = "dev.mlcompose.inputs-hash";
    /** The hash of a secret's or config's content: a changed content is a new object, as Swarm's are immutable. */
    public static final String CONTENT_HASH = "dev.mlcompose.content-hash";

    private StackNames() {
    }

    /** {@code project_name}: services, and the secrets and configs of stack deploy. */
    public static String scoped(String project, String name) {
        return project + "_" + name;
    }

    /** A secret's or config's name: scoped, with the first 12 hex digits of its content's hash. */
    public static String versioned(String project, String name, byte[] content) {
        return scoped(project, name) + "_" + sha256(content).substring(0, 12);
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    static String sha256(String text) {
        return sha256(text.getBytes(StandardCharsets.UTF_8));
    }
}
