package dev.mlcompose.runner.lint;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Renders findings as text (one line each), JSON, or SARIF 2.1.0 so that CI systems show them inline. */
public final class LintReport {

    private static final ObjectMapper JSON = new ObjectMapper();

    private LintReport() {
    }

    public static String text(List<Finding> findings) {
        var out = new StringBuilder();
        for (Finding f : findings) {
            out.append(f.location()).append(": ").append(f.severity().name().toLowerCase(Locale.ROOT)).append(' ')
                    .append(f.ruleId()).append(": service ").append(f.service()).append(": ").append(f.message())
                    .append(" (fix: ").append(f.fix()).append(")\n");
        }
        out.append(findings.size()).append(findings.size() == 1 ? " finding\n" : " findings\n");
        return out.toString();
    }

    public static String json(List<Finding> findings) {
        return write(findings.stream().map(f -> {
            var m = new LinkedHashMap<String, Object>();
            m.put("rule", f.ruleId());
            m.put("severity", f.severity().name().toLowerCase(Locale.ROOT));
            m.put("service", f.service());
            m.put("file", f.location().file());
            m.put("line", f.location().line());
            m.put("column", f.location().column());
            m.put("message", f.message());
            m.put("fix", f.fix());
            return m;
        }).toList());
    }

    public static String sarif(List<Finding> findings) {
        var rules = Linter.rules().stream().map(r -> Map.of("id", r[0], "shortDescription", Map.of("text", r[2]),
                "defaultConfiguration", Map.of("level", level(r[1])))).toList();
        var results = findings.stream().map(f -> Map.of("ruleId", f.ruleId(), "level", level(f.severity().name()),
                "message", Map.of("text", "service " + f.service() + ": " + f.message() + " (fix: " + f.fix() + ")"),
                "locations", List.of(Map.of("physicalLocation", Map.of(
                        "artifactLocation", Map.of("uri", f.location().file()),
                        "region", Map.of("startLine", Math.max(1, f.location().line()),
                                "startColumn", Math.max(1, f.location().column()))))))).toList();
        var run = Map.of("tool", Map.of("driver", Map.of("name", "mlcompose lint",
                "rules", rules)), "results", results);
        return write(Map.of("$schema", "https://json.schemastore.org/sarif-2.1.0.json", "version", "2.1.0",
                "runs", List.of(run)));
    }

    private static String level(String severity) {
        return switch (severity) {
            case "ERROR" -> "error";
            case "WARNING" -> "warning";
            default -> "note";
        };
    }

    private static String write(Object value) {
        try {
            return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(value) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
