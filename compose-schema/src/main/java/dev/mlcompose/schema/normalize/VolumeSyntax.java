package dev.mlcompose.schema.normalize;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/** The short volume syntax {@code [SOURCE:]TARGET[:MODE]} as a long entry (compose-go format/volume.go). */
public final class VolumeSyntax {

    private static final Set<String> PROPAGATION = Set.of("shared", "rshared", "slave", "rslave", "private",
            "rprivate");

    /** Docker Desktop's file-sharing hints: compose accepts them and keeps nothing of them (nor does the engine). */
    private static final Set<String> CONSISTENCY = Set.of("cached", "delegated", "consistent");

    private VolumeSyntax() {
    }

    /**
     * Returns type, source, target, read_only, bind/volume options; sources are left as written. Options compose
     * does not know are ignored, as compose ignores them, and handed to {@code ignored}.
     */
    public static Map<String, Object> parse(String spec, Consumer<String> ignored) {
        List<String> parts = splitSpec(spec);
        var entry = new LinkedHashMap<String, Object>();
        if (parts.size() == 1) {
            entry.put("type", "volume");
            entry.put("target", parts.get(0));
            entry.put("volume", new LinkedHashMap<>());
            return entry;
        }
        String source = parts.get(0);
        boolean bind = isPath(source);
        entry.put("type", bind ? "bind" : "volume");
        entry.put("source", source);
        entry.put("target", parts.get(1));
        var bindOptions = new LinkedHashMap<String, Object>();
        var volumeOptions = new LinkedHashMap<String, Object>();
        if (parts.size() == 3) {
            for (String option : parts.get(2).split(",")) {
                switch (option) {
                    case "ro" -> entry.put("read_only", true);
                    case "rw" -> entry.remove("read_only"); // the last one wins, as in compose-go
                    case "z", "Z" -> bindOptions.put("selinux", option);
                    case "nocopy" -> volumeOptions.put("nocopy", true);
                    case "" -> { }
                    default -> {
                        if (PROPAGATION.contains(option)) {
                            bindOptions.put("propagation", option);
                        } else if (!CONSISTENCY.contains(option)) {
                            ignored.accept(option);
                        }
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

    /** Splits on colons, except the one after a lone letter: a Windows drive ({@code C:\data}), as compose-go does. */
    private static List<String> splitSpec(String spec) {
        var parts = new ArrayList<String>();
        var part = new StringBuilder();
        for (char c : spec.toCharArray()) {
            if (c == ':' && !(part.length() == 1 && Character.isLetter(part.charAt(0)))) {
                parts.add(part.toString());
                part.setLength(0);
            } else {
                part.append(c);
            }
        }
        parts.add(part.toString());
        if (parts.size() > 3 || spec.isEmpty()) {
            throw new IllegalArgumentException("invalid volume \"" + spec + "\" (expected [SOURCE:]TARGET[:MODE])");
        }
        if (parts.stream().anyMatch(String::isEmpty)) {
            throw new IllegalArgumentException("invalid volume \"" + spec + "\": empty section");
        }
        return parts;
    }
}
