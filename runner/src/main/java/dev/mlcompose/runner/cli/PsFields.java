package dev.mlcompose.runner.cli;

import dev.mlcompose.runner.cli.output.GoTemplate;
import dev.mlcompose.runner.engine.ContainerState;
import dev.mlcompose.runner.engine.MountPoint;
import dev.mlcompose.runner.engine.PortBinding;
import dev.mlcompose.runner.spec.Labels;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * A container as compose 2.26's {@code ps} shows it to {@code --format json} and to templates: its fields, each
 * computed as the docker CLI's container formatter computes it (a quoted command, "21 minutes ago", grouped
 * ports, IDs and long values shortened unless {@code --no-trunc}), plus mlcompose's own {@code Gpus} and {@code Cell}
 * (a sweep's cell, {@code LR=0.001 SEED=0}).
 */
final class PsFields {

    /** The header of each field in a {@code table} template, as compose names them (others: {@code <no value>}). */
    static final Map<String, String> HEADERS = Map.ofEntries(Map.entry("ID", "CONTAINER ID"), Map.entry("Name", "NAME"),
            Map.entry("Service", "SERVICE"), Map.entry("Project", "PROJECT"), Map.entry("Command", "COMMAND"),
            Map.entry("CreatedAt", "CREATED AT"), Map.entry("RunningFor", "CREATED"), Map.entry("Ports", "PORTS"),
            Map.entry("State", "STATE"), Map.entry("Status", "STATUS"), Map.entry("Size", "SIZE"),
            Map.entry("Image", "IMAGE"), Map.entry("Gpus", "GPUS"), Map.entry("Cell", "CELL"));

    private static final DateTimeFormatter GO_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss Z z");

    private PsFields() {
    }

    /** The fields in the order compose's JSON has them (sorted by name), for a template and for JSON. */
    static GoTemplate.MapSubject of(ContainerState c, boolean truncate, Instant now, ZoneId zone) {
        var listing = c.listing();
        Map<String, Object> f = new TreeMap<>();
        f.put("Cell", c.label(Labels.CELL));
        f.put("Command", quote(truncate ? ellipsis(listing.command(), 20) : listing.command()));
        f.put("CreatedAt", listing.created().map(t -> GO_TIME.format(t.atZone(zone))).orElse(""));
        f.put("ExitCode", c.exitCode());
        f.put("Gpus", PsCommand.gpus(c));
        f.put("Health", c.health().orElse(""));
        f.put("ID", truncate && c.id().length() > 12 ? c.id().substring(0, 12) : c.id());
        f.put("Image", truncate ? shortImage(c.image()) : c.image());
        f.put("Labels", c.labels().entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).sorted()
                .collect(Collectors.joining(",")));
        f.put("LocalVolumes", String.valueOf(c.mounts().stream().filter(m -> m.type().equals("volume")).count()));
        // sorted: the engine lists mounts in a random order, and compose prints them as they come
        f.put("Mounts", c.mounts().stream().map(m -> mountName(m, truncate)).sorted().collect(Collectors.joining(",")));
        f.put("Name", c.name());
        f.put("Names", c.name());
        f.put("Networks", String.join(",", listing.networks()));
        List<PortBinding> ports = ports(c);
        f.put("Ports", DisplayedPorts.of(ports));
        f.put("Project", c.label(Labels.PROJECT));
        f.put("Publishers", ports.stream().map(PsFields::publisher).toList());
        f.put("RunningFor", listing.created().map(t -> humanDuration(Duration.between(t, now)) + " ago").orElse(""));
        f.put("Service", c.label(Labels.SERVICE));
        f.put("Size", "0B"); // compose does not ask the engine for sizes
        f.put("State", c.status());
        f.put("Status", listing.statusText());
        return new GoTemplate.MapSubject(f, c.labels());
    }

    /** The JSON object compose prints for it: as the fields, with no publishers as {@code null} (a nil Go slice). */
    static Map<String, Object> json(GoTemplate.MapSubject subject) {
        var json = new LinkedHashMap<>(subject.fields());
        if (json.get("Publishers") instanceof List<?> list && list.isEmpty()) {
            json.put("Publishers", null);
        }
        return json;
    }

    /** Published ports and exposed ones, in the docker CLI's order: by container port, then address. */
    private static List<PortBinding> ports(ContainerState c) {
        var all = new ArrayList<>(c.ports());
        all.addAll(c.listing().unpublishedPorts());
        all.sort(Comparator.comparingInt(PortBinding::containerPort).thenComparing(PortBinding::hostIp)
                .thenComparingInt(PsFields::published).thenComparing(PortBinding::protocol));
        return all;
    }

    private static int published(PortBinding p) {
        return p.hostPort().isEmpty() ? 0 : Integer.parseInt(p.hostPort());
    }

    private static Map<String, Object> publisher(PortBinding p) {
        var publisher = new LinkedHashMap<String, Object>(); // Go's field order
        publisher.put("URL", p.hostIp());
        publisher.put("TargetPort", p.containerPort());
        publisher.put("PublishedPort", published(p));
        publisher.put("Protocol", p.protocol());
        return publisher;
    }

    private static String mountName(MountPoint m, boolean truncate) {
        String name = m.name().isEmpty() ? m.source() : m.name();
        return truncate ? ellipsis(name, 15) : name;
    }

    /** An image as the docker CLI shortens it: an ID to 12 digits, a digest dropped from a name. */
    private static String shortImage(String image) {
        if (image.isEmpty()) {
            return "<no image>";
        }
        if (image.startsWith("sha256:")) {
            return image.substring(7, Math.min(image.length(), 19));
        }
        int digest = image.indexOf("@sha256:");
        return digest > 0 ? image.substring(0, digest) : image;
    }

    /** At most {@code width} characters, the last one "…" when cut (the docker CLI's Ellipsis). */
    static String ellipsis(String s, int width) {
        int length = s.codePointCount(0, s.length());
        return length <= width ? s : s.substring(0, s.offsetByCodePoints(0, width - 1)) + "…";
    }

    /** As Go's strconv.Quote: in double quotes, with backslash, quote and control characters escaped. */
    static String quote(String s) {
        var out = new StringBuilder("\"");
        s.codePoints().forEach(cp -> {
            switch (cp) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\t' -> out.append("\\t");
                case '\r' -> out.append("\\r");
                default -> {
                    if (cp < 0x20 || cp == 0x7f) {
                        out.append(String.format("\\x%02x", cp));
                    } else {
                        out.appendCodePoint(cp);
                    }
                }
            }
        });
        return out.append('"').toString();
    }

    /** How long ago, as the docker CLI says it (go-units HumanDuration): "Less than a second", "21 minutes". */
    static String humanDuration(Duration d) {
        long seconds = d.toSeconds();
        long minutes = d.toMinutes();
        long hours = (long) (d.toSeconds() / 3600.0 + 0.5); // go-units rounds the hours
        if (seconds < 1) {
            return "Less than a second";
        } else if (seconds == 1) {
            return "1 second";
        } else if (seconds < 60) {
            return seconds + " seconds";
        } else if (minutes == 1) {
            return "About a minute";
        } else if (minutes < 60) {
            return minutes + " minutes";
        } else if (hours == 1) {
            return "About an hour";
        } else if (hours < 48) {
            return hours + " hours";
        } else if (hours < 24 * 7 * 2) {
            return hours / 24 + " days";
        } else if (hours < 24 * 30 * 2) {
            return hours / 24 / 7 + " weeks";
        } else if (hours < 24 * 365 * 2) {
            return hours / 24 / 30 + " months";
        }
        return d.toHours() / 24 / 365 + " years";
    }

    /** The PORTS text of the docker CLI: runs of ports grouped ("8000-8001/tcp"), then other mappings. */
    static final class DisplayedPorts {

        private DisplayedPorts() {
        }

        static String of(List<PortBinding> sorted) {
            Map<String, int[]> groups = new LinkedHashMap<>(); // key → [first, last], in the order first seen
            List<String> result = new ArrayList<>();
            List<String> mappings = new ArrayList<>();
            for (PortBinding p : sorted) {
                int port = p.containerPort();
                String key = p.protocol();
                if (!p.hostIp().isEmpty()) {
                    if (published(p) != port) {
                        mappings.add(hostPort(p.hostIp(), published(p)) + "->" + port + "/" + p.protocol());
                        continue;
                    }
                    key = p.hostIp() + "/" + p.protocol();
                }
                int[] group = groups.get(key);
                if (group == null) {
                    groups.put(key, new int[] {port, port});
                } else if (port == group[1] + 1) {
                    group[1] = port;
                } else {
                    result.add(group(key, group));
                    groups.put(key, new int[] {port, port});
                }
            }
            groups.forEach((key, group) -> result.add(group(key, group)));
            result.addAll(mappings);
            return String.join(", ", result);
        }

        private static String group(String key, int[] range) {
            int slash = key.lastIndexOf('/');
            String ip = slash > 0 ? key.substring(0, slash) : "";
            String type = slash > 0 ? key.substring(slash + 1) : key;
            String ports = range[0] == range[1] ? String.valueOf(range[0]) : range[0] + "-" + range[1];
            return (ip.isEmpty() ? ports : ip + ":" + ports + "->" + ports) + "/" + type; // no brackets here
        }

        /** As Go's net.JoinHostPort: an IPv6 address in brackets. */
        private static String hostPort(String ip, Object port) {
            return (ip.contains(":") ? "[" + ip + "]" : ip) + ":" + port;
        }
    }
}
