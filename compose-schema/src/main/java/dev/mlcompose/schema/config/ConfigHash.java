package dev.mlcompose.schema.config;

import dev.mlcompose.schema.model.Project;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A service's configuration hash, computed as docker compose v2 computes its
 * {@code com.docker.compose.config-hash} label (pkg/compose/hash.go): SHA-256 of the service's JSON as Go
 * writes compose-go's struct ({@link ComposeJson}), without {@code build}, {@code pull_policy}, {@code scale}
 * and {@code deploy.replicas}, which may change without recreating a container (nor may a sweep's matrix and its
 * settings: each cell has its own hash, {@link #cell}). Equal hashes let mlcompose
 * and docker compose each keep the other's containers. Not covered: compose hashes {@code service:NAME}
 * references (network_mode, ipc, pid, volumes_from) after rewriting them to container IDs.
 */
public final class ConfigHash {

    private ConfigHash() {
    }

    public static String of(Project project, String service) {
        String hash = all(project).get(service);
        if (hash == null) {
            throw new IllegalArgumentException("no such service: " + service);
        }
        return hash;
    }

    /** Every service's hash; the project's shape is built once for all of them. */
    public static Map<String, String> all(Project project) {
        var out = new java.util.TreeMap<String, String>();
        ((Map<?, ?>) ConfigPrinter.shape(project, false).get("services"))
                .forEach((name, config) -> out.put(String.valueOf(name), hash((Map<?, ?>) config)));
        return out;
    }

    /**
     * Every service's hash with the project's directory left out of its paths ({@code /home/me/proj/data} as
     * {@code ./data}): the same for a clone of the project in another folder, so that the skip cache's history, kept
     * in a shared state directory, still matches there. Not a container's label: a container bind-mounts the path
     * itself, so compose's hash (with the path) says when it must be recreated.
     */
    public static Map<String, String> portable(Project project) {
        String root = project.workingDir().toAbsolutePath().normalize().toString();
        var out = new java.util.TreeMap<String, String>();
        ((Map<?, ?>) ConfigPrinter.shape(project, false).get("services"))
                .forEach((name, config) -> out.put(String.valueOf(name), hash((Map<?, ?>) relative(config, root))));
        return out;
    }

    /** {@code value} with each string that is {@code root} or a path under it made relative to it. */
    private static Object relative(Object value, String root) {
        if (value instanceof Map<?, ?> map) {
            var out = new LinkedHashMap<Object, Object>();
            map.forEach((k, v) -> out.put(k, relative(v, root)));
            return out;
        }
        if (value instanceof List<?> list) {
            return list.stream().map(v -> relative(v, root)).collect(java.util.stream.Collectors.toList());
        }
        if (value instanceof String text && (text.equals(root) || text.startsWith(root + "/"))) {
            return "." + text.substring(root.length());
        }
        return value;
    }

    /**
     * The hash of one cell of a sweep: its service's hash and its values. Adding a value to the matrix leaves the
     * other cells' hashes as they were, so their containers (and their cached results) stay.
     */
    public static String cell(String serviceHash, String cell) {
        return sha256(serviceHash + "\n" + cell);
    }

    private static String hash(Map<?, ?> config) {
        var hashed = new LinkedHashMap<Object, Object>(config);
        if (hashed.get("x-mlcompose") instanceof Map<?, ?> ml && ml.containsKey("matrix")) {
            var withoutSweep = new LinkedHashMap<Object, Object>(ml);
            List.of("matrix", "max-parallel", "sweep-success", "objective").forEach(withoutSweep::remove);
            hashed.put("x-mlcompose", withoutSweep);
        }
        hashed.remove("build");
        hashed.remove("pull_policy");
        hashed.remove("scale");
        if (hashed.get("deploy") instanceof Map<?, ?> deploy) {
            var withoutReplicas = new LinkedHashMap<Object, Object>(deploy);
            withoutReplicas.remove("replicas");
            hashed.put("deploy", withoutReplicas);
        }
        return sha256(ComposeJson.service(hashed));
    }

    private static String sha256(String text) {
        try {
            byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
