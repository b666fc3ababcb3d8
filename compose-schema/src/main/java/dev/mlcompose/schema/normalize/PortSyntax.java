package dev.mlcompose.schema.normalize;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The short port syntax {@code [HOST_IP:][HOST_PORT[-END]:]CONTAINER_PORT[-END][/PROTOCOL]} expanded to
 * long entries, as docker's nat.ParsePortSpecs does for compose (ranges expand pairwise; one container
 * port with a host range keeps the range as {@code published}).
 */
public final class PortSyntax {

    private PortSyntax() {
    }

    /** Each entry: mode, host_ip, target, published, protocol (absent keys left out). */
    public static List<Map<String, Object>> parse(String spec) {
        String rest = spec.strip();
        String protocol = "tcp";
        int slash = rest.lastIndexOf('/');
        if (slash >= 0) {
            protocol = rest.substring(slash + 1).toLowerCase(Locale.ROOT);
            rest = rest.substring(0, slash);
        }
        String hostIp = "";
        String published = "";
        String container;
        if (rest.startsWith("[")) {
            int close = rest.indexOf(']');
            if (close < 0) {
                throw invalid(spec);
            }
            hostIp = rest.substring(1, close);
            rest = rest.substring(close + 1);
            rest = rest.startsWith(":") ? rest.substring(1) : rest;
            int colon = rest.lastIndexOf(':');
            published = colon < 0 ? "" : rest.substring(0, colon);
            container = colon < 0 ? rest : rest.substring(colon + 1);
        } else {
            String[] parts = rest.split(":", -1);
            switch (parts.length) {
                case 1 -> container = parts[0];
                case 2 -> {
                    published = parts[0];
                    container = parts[1];
                }
                case 3 -> {
                    hostIp = parts[0];
                    published = parts[1];
                    container = parts[2];
                }
                default -> throw invalid(spec);
            }
        }
        if (container.isEmpty() || !(protocol.equals("tcp") || protocol.equals("udp") || protocol.equals("sctp"))) {
            throw invalid(spec);
        }
        int[] targets = range(container, spec);
        int[] hosts = published.isEmpty() ? null : range(published, spec);
        var entries = new TreeMap<String, Map<String, Object>>();
        int count = targets[1] - targets[0] + 1;
        if (hosts != null && count > 1 && hosts[1] - hosts[0] + 1 != count) {
            throw new IllegalArgumentException("invalid port range \"" + spec
                    + "\": host and container ranges must have the same size");
        }
        for (int i = 0; i < count; i++) {
            var entry = new LinkedHashMap<String, Object>();
            entry.put("mode", "ingress");
            if (!hostIp.isEmpty()) {
                entry.put("host_ip", hostIp);
            }
            entry.put("target", (long) targets[0] + i);
            if (hosts != null) {
                entry.put("published", count > 1 ? String.valueOf(hosts[0] + i)
                        : hosts[0] == hosts[1] ? String.valueOf(hosts[0]) : published);
            }
            entry.put("protocol", protocol);
            // docker sorts the parsed ports by their "port/proto" text; compose keeps that order
            entries.put((targets[0] + i) + "/" + protocol, entry);
        }
        return new ArrayList<>(entries.values());
    }

    private static int[] range(String text, String spec) {
        try {
            int dash = text.indexOf('-');
            int start = Integer.parseInt(dash < 0 ? text : text.substring(0, dash));
            int end = dash < 0 ? start : Integer.parseInt(text.substring(dash + 1));
            if (start < 0 || end < start || end > 65535) {
                throw invalid(spec);
            }
            return new int[] {start, end};
        } catch (NumberFormatException e) {
            throw invalid(spec);
        }
    }

    private static IllegalArgumentException invalid(String spec) {
        return new IllegalArgumentException("invalid port \"" + spec
                + "\" (expected [HOST_IP:][HOST_PORT:]CONTAINER_PORT[/PROTOCOL])");
    }
}
