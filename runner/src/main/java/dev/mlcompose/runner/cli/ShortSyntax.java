package dev.mlcompose.runner.cli;

import dev.mlcompose.runner.engine.PortBinding;
import dev.mlcompose.schema.model.Service;
import dev.mlcompose.schema.normalize.PortSyntax;
import dev.mlcompose.schema.normalize.VolumeSyntax;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * {@code run -p} and {@code run -v} as the Compose file's short syntax reads them (the same parsers); a value
 * that is not valid is a usage error that names the flag.
 */
final class ShortSyntax {

    private ShortSyntax() {
    }

    /** {@code [HOST_IP:][HOST_PORT:]CONTAINER_PORT[/PROTOCOL]}, ranges expanded. */
    static List<PortBinding> ports(List<String> specs) {
        return specs.stream().flatMap(spec -> parsed("--publish", () -> PortSyntax.parse(spec)).stream())
                .map(p -> new PortBinding(text(p, "host_ip"), text(p, "published"), ((Number) p.get("target")).intValue(),
                        text(p, "protocol")))
                .toList();
    }

    /** {@code SOURCE:TARGET[:OPTIONS]} or {@code TARGET}; a relative bind source stays relative (the run resolves it). */
    static List<Service.Mount> volumes(List<String> specs) {
        return specs.stream().map(spec -> parsed("--volume", () -> VolumeSyntax.parse(spec, option -> {
            throw new IllegalArgumentException("unknown volume option \"" + option + "\" in \"" + spec + "\"");
        }))).map(ShortSyntax::mount).toList();
    }

    @SuppressWarnings("unchecked")
    private static Service.Mount mount(Map<String, Object> v) {
        var bind = (Map<String, Object>) v.getOrDefault("bind", Map.of());
        var volume = (Map<String, Object>) v.getOrDefault("volume", Map.of());
        var options = new Service.MountOptions(Optional.ofNullable((String) bind.get("propagation")),
                Boolean.TRUE.equals(bind.get("create_host_path")), Optional.ofNullable((String) bind.get("selinux")),
                v.containsKey("volume"), Boolean.TRUE.equals(volume.get("nocopy")), Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty());
        return new Service.Mount((String) v.get("type"), Optional.ofNullable((String) v.get("source")),
                (String) v.get("target"), Boolean.TRUE.equals(v.get("read_only")), options);
    }

    private static String text(Map<String, Object> entry, String key) {
        return String.valueOf(entry.getOrDefault(key, ""));
    }

    private static <T> T parsed(String flag, Supplier<T> parse) {
        try {
            return parse.get();
        } catch (IllegalArgumentException e) {
            throw new CliException(ExitCodes.USAGE, flag + ": " + e.getMessage());
        }
    }
}
