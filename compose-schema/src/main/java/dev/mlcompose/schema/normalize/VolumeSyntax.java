package dev.mlcompose.schema.normalize;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/** The short volume syntax {@code [SOURCE:]TARGET[:MODE]} as a long entry (compose-go format/volume.go). */
public final class VolumeSyntax {

    private static final Set<String> PROPAGATION = Set.of("shared", "rshared", "slave", "rslave", "private",
            "rprivate");

    private VolumeSyntax() {
    }

    /** Returns type, source, target, read_only, bind/volume options; sources are left as written. */
    public static Map<String, Object> parse(String spec) {
        String[] parts = splitSpec(spec);
        var entry = new LinkedHashMap<String, Object>();
        if (parts.length == 1) {
            entry.put("type", "volume");
            entry.put("target", parts[0]);
            entry.put("volume", new LinkedHashMap<>());
            return entry;
        }
        String source = parts[0];
        boolean bind = isPath(source);
        entry.put("type", bind ? "bind" : "volume");
        entry.put("source", source);
        entry.put("target", parts[1]);
        var bindOptions = new LinkedHashMap<String, Object>();
        var volumeOptions = new LinkedHashMap<String, Object>();
        if (parts.length == 3) {
            for (String option : parts[2].split(",")) {
                switch (option) {
                    case "ro" -> entry.put("read_only", true);
                    case "rw", "" -> { }
                    case "z", "Z" -> bindOptions.put("selinux", option);
                    case "nocopy" -> volumeOptions.put("nocopy", true);
                    default -> {
                        if (!PROPAGATION.contains(option)) {
                            throw new IllegalArgumentException("invalid volume mode \"" + option + "\" in \"" + spec + "\"");
                        }
                        bindOptions.put("propagation", option);
                    }
                }
            }
        }
        if (bind) {
            bindOptions.put("create_host_path", true);
            entry.put("bind", bindOptions);
        } else {
            if (!bindOptions.isEmpty()) {
                entry.put("bind", bindOptions); // compose-go keeps a named volume's :z as bind options too
            }
            entry.put("volume", volumeOptions);
        }
        return entry;
    }

    /** Whether a short-syntax source names a host path rather than a volume. */
    public static boolean isPath(String source) {
        return source.startsWith(".") || source.startsWith("/") || source.startsWith("~")
                || source.matches("^[A-Za-z]:[\\\\/].*") || source.startsWith("\\\\");
    }

    private static String[] splitSpec(String spec) {
        String[] parts = spec.split(":", -1);
        if (parts.length > 3 || parts.length == 0 || spec.isEmpty()) {
            throw new IllegalArgumentException("invalid volume \"" + spec + "\" (expected [SOURCE:]TARGET[:MODE])");
        }
        for (String part : parts) {
            if (part.isEmpty() && parts.length > 1 && part != parts[parts.length - 1]) {
                throw new IllegalArgumentException("invalid volume \"" + spec + "\": empty section");
            }
        }
        return parts;
    }
}
