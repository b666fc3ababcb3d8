package dev.mlcompose.runner.history;

import dev.mlcompose.runner.history.RunRecord.Event;
import dev.mlcompose.runner.history.RunRecord.JobRecord;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * One self-contained HTML page of a run ({@code runs show ID --html FILE}, {@code viz --html FILE}): the DAG with
 * each service's state, a timeline of the containers (created, started, healthy, ended), each sweep's cells with
 * their metrics, and links to the logs. The pictures are SVG drawn here, styles and the one small script are inline:
 * the page needs no network. Pure: {@code logLink} turns a job's log (relative to the run's folder) into a link.
 */
public final class RunPage {

    private static final int NODE_W = 170;
    private static final int NODE_H = 44;
    private static final int GAP_X = 30;
    private static final int GAP_Y = 60;
    private static final int ROW_H = 22;
    private static final int LABEL_W = 240;
    private static final int CHART_W = 640;

    private final RunRecord run;
    private final Function<String, String> logLink;

    private RunPage(RunRecord run, Function<String, String> logLink) {
        this.run = run;
        this.logLink = logLink;
    }

    public static String html(RunRecord run, Function<String, String> logLink) {
        return new RunPage(run, logLink).page();
    }

    private String page() {
        var out = new StringBuilder();
        out.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n<title>")
                .append(esc(title())).append("</title>\n<style>").append(STYLE).append("</style></head>\n<body>\n")
                .append("<h1>").append(esc(title())).append("</h1>\n");
        if (run.startedAt() != null) {
            out.append("<p class=\"meta\">").append(esc(run.command())).append(" &middot; started ")
                    .append(esc(run.startedAt())).append(run.endedAt() == null ? " &middot; unfinished"
                            : " &middot; " + Durations.text(Duration.between(Instant.parse(run.startedAt()),
                            Instant.parse(run.endedAt())))).append(" &middot; ").append(run.result()).append("</p>\n");
        }
        out.append("<h2>Pipeline</h2>\n").append(dag());
        if (!run.events().isEmpty()) {
            out.append("<h2>Timeline</h2>\n").append(timeline());
        }
        sweeps(out);
        if (!run.jobs().isEmpty()) {
            out.append("<h2>Jobs</h2>\n").append(jobs());
        }
        out.append("<pre id=\"errors\" hidden></pre>\n<script>").append(SCRIPT).append("</script>\n</body></html>\n");
        return out.toString();
    }

    private String title() {
        return run.id() == null || run.id().isEmpty() ? run.project() : run.project() + " run " + run.id();
    }

    /** Each service's state: its jobs' results, else the last state its containers reached; empty when unknown. */
    private Map<String, String> states() {
        var states = new HashMap<String, String>();
        for (Event e : run.events()) {
            states.put(e.service(), e.status().toLowerCase(Locale.ROOT));
        }
        var jobsBy = new LinkedHashMap<String, List<JobRecord>>();
        run.jobs().forEach(j -> jobsBy.computeIfAbsent(j.service(), s -> new ArrayList<>()).add(j));
        jobsBy.forEach((service, jobs) -> states.put(service, jobs.stream().anyMatch(JobRecord::running) ? "running"
                : jobs.stream().anyMatch(j -> !j.succeeded()) ? "failed"
                : jobs.stream().allMatch(JobRecord::skipped) ? "skipped" : "succeeded"));
        return states;
    }

    /** The DAG, top to bottom: a service one row below the deepest of its dependencies, edges from each dependency. */
    private String dag() {
        Map<String, List<String>> deps = new TreeMap<>(run.dependsOn());
        var depth = new HashMap<String, Integer>();
        deps.keySet().forEach(s -> depth(s, deps, depth, new LinkedHashSet<>()));
        var rows = new TreeMap<Integer, List<String>>();
        deps.keySet().forEach(s -> rows.computeIfAbsent(depth.get(s), d -> new ArrayList<>()).add(s));
        int columns = rows.values().stream().mapToInt(List::size).max().orElse(1);
        int width = Math.max(columns * (NODE_W + GAP_X) + GAP_X, 300);
        int height = rows.size() * (NODE_H + GAP_Y) + GAP_Y / 2;
        var at = new HashMap<String, int[]>();
        rows.forEach((row, services) -> {
            int offset = (width - services.size() * (NODE_W + GAP_X) + GAP_X) / 2;
            for (int i = 0; i < services.size(); i++) {
                at.put(services.get(i), new int[] {offset + i * (NODE_W + GAP_X), GAP_Y / 2 + row * (NODE_H + GAP_Y)});
            }
        });
        var svg = new StringBuilder("<svg class=\"dag\" xmlns=\"http://www.w3.org/2000/svg\" width=\"" + width
                + "\" height=\"" + height + "\" role=\"img\" aria-label=\"pipeline\">\n"
                + "<defs><marker id=\"arrow\" viewBox=\"0 0 10 10\" refX=\"10\" refY=\"5\" markerWidth=\"7\" "
                + "markerHeight=\"7\" orient=\"auto\"><path d=\"M0,0 L10,5 L0,10 z\" fill=\"#667\"/></marker></defs>\n");
        deps.forEach((service, on) -> on.forEach(dependency -> {
            int[] from = at.get(dependency);
            int[] to = at.get(service);
            if (from != null && to != null) {
                svg.append("<line class=\"edge\" x1=\"").append(from[0] + NODE_W / 2).append("\" y1=\"")
                        .append(from[1] + NODE_H).append("\" x2=\"").append(to[0] + NODE_W / 2).append("\" y2=\"")
                        .append(to[1]).append("\" marker-end=\"url(#arrow)\"/>\n");
            }
        }));
        Map<String, String> states = states();
        deps.keySet().forEach(service -> {
            int[] p = at.get(service);
            String state = states.getOrDefault(service, "");
            svg.append("<g class=\"node ").append(cssState(state)).append("\" data-service=\"").append(esc(service))
                    .append("\"><title>").append(esc(service + (state.isEmpty() ? "" : ": " + state))).append("</title>")
                    .append("<rect x=\"").append(p[0]).append("\" y=\"").append(p[1]).append("\" width=\"").append(NODE_W)
                    .append("\" height=\"").append(NODE_H).append("\" rx=\"8\"/>")
                    .append("<text x=\"").append(p[0] + NODE_W / 2).append("\" y=\"").append(p[1] + 19)
                    .append("\" class=\"name\">").append(esc(service)).append("</text>")
                    .append("<text x=\"").append(p[0] + NODE_W / 2).append("\" y=\"").append(p[1] + 35)
                    .append("\" class=\"state\">").append(esc(state)).append("</text></g>\n");
        });
        return svg.append("</svg>\n").toString();
    }

    private static int depth(String service, Map<String, List<String>> deps, Map<String, Integer> depth,
                             Set<String> visiting) {
        Integer known = depth.get(service);
        if (known != null) {
            return known;
        }
        if (!visiting.add(service)) {
            return 0; // a cycle was refused at load; never loop on a hand-edited record
        }
        int d = 0;
        for (String on : deps.getOrDefault(service, List.of())) {
            if (deps.containsKey(on)) {
                d = Math.max(d, depth(on, deps, depth, visiting) + 1);
            }
        }
        depth.put(service, d);
        return d;
    }

    /** One row per container: a bar from its creation to its last state, marks where it started and became healthy. */
    private String timeline() {
        Instant start = Instant.parse(run.startedAt());
        Instant end = run.events().stream().map(e -> Instant.parse(e.at())).max(Instant::compareTo).orElse(start);
        if (run.endedAt() != null && Instant.parse(run.endedAt()).isAfter(end)) {
            end = Instant.parse(run.endedAt());
        }
        double span = Math.max(1, Duration.between(start, end).toMillis());
        var byContainer = new LinkedHashMap<String, List<Event>>();
        run.events().forEach(e -> byContainer.computeIfAbsent(e.container(), c -> new ArrayList<>()).add(e));
        int height = byContainer.size() * ROW_H + 30;
        var svg = new StringBuilder("<svg class=\"timeline\" xmlns=\"http://www.w3.org/2000/svg\" width=\""
                + (LABEL_W + CHART_W + 20) + "\" height=\"" + height + "\" role=\"img\" aria-label=\"timeline\">\n");
        for (int tick = 0; tick <= 4; tick++) {
            double x = LABEL_W + CHART_W * tick / 4.0;
            svg.append("<line class=\"tick\" x1=\"").append(x).append("\" y1=\"0\" x2=\"").append(x).append("\" y2=\"")
                    .append(height - 18).append("\"/><text class=\"axis\" x=\"").append(x).append("\" y=\"")
                    .append(height - 4).append("\">").append(Durations.text(Duration.ofMillis((long) (span * tick / 4))))
                    .append("</text>\n");
        }
        int row = 0;
        for (var entry : byContainer.entrySet()) {
            List<Event> events = entry.getValue();
            double from = x(events.get(0).at(), start, span);
            double to = x(events.get(events.size() - 1).at(), start, span);
            String last = events.get(events.size() - 1).status().toLowerCase(Locale.ROOT);
            int y = row * ROW_H + 4;
            svg.append("<g class=\"bar ").append(cssState(last)).append("\" data-container=\"").append(esc(entry.getKey()))
                    .append("\"><title>").append(esc(entry.getKey() + ": " + describe(events, start))).append("</title>")
                    .append("<text class=\"label\" x=\"").append(LABEL_W - 8).append("\" y=\"").append(y + 13).append("\">")
                    .append(esc(entry.getKey())).append("</text><rect x=\"").append(LABEL_W + from).append("\" y=\"")
                    .append(y).append("\" width=\"").append(Math.max(2, to - from)).append("\" height=\"")
                    .append(ROW_H - 6).append("\" rx=\"3\"/>");
            for (Event e : events) {
                if (e.status().equals("Started") || e.status().equals("Healthy")) {
                    svg.append("<circle class=\"mark ").append(e.status().toLowerCase(Locale.ROOT)).append("\" cx=\"")
                            .append(LABEL_W + x(e.at(), start, span)).append("\" cy=\"").append(y + (ROW_H - 6) / 2)
                            .append("\" r=\"4\"/>");
                }
            }
            svg.append("</g>\n");
            row++;
        }
        return svg.append("</svg>\n").toString();
    }

    private static double x(String at, Instant start, double span) {
        return Math.max(0, Duration.between(start, Instant.parse(at)).toMillis()) / span * CHART_W;
    }

    private static String describe(List<Event> events, Instant start) {
        var parts = new ArrayList<String>();
        events.forEach(e -> parts.add(e.status() + " at " + Durations.text(Duration.between(start, Instant.parse(e.at())))));
        return String.join(", ", parts);
    }

    /** A table per swept service: its cells, their results and metrics. */
    private void sweeps(StringBuilder out) {
        var cellsBy = new LinkedHashMap<String, List<JobRecord>>();
        run.jobs().stream().filter(j -> !j.cell().isEmpty())
                .forEach(j -> cellsBy.computeIfAbsent(j.service(), s -> new ArrayList<>()).add(j));
        cellsBy.forEach((service, cells) -> {
            var parameters = new LinkedHashSet<String>();
            var metrics = new LinkedHashSet<String>();
            cells.forEach(c -> {
                parameters.addAll(new TreeMap<>(c.cell()).keySet());
                metrics.addAll(c.metrics().keySet());
            });
            out.append("<h2>Sweep: ").append(esc(service)).append("</h2>\n<table class=\"sweep\"><thead><tr>");
            parameters.forEach(p -> out.append("<th>").append(esc(p)).append("</th>"));
            out.append("<th>result</th><th>attempts</th><th>GPUs</th>");
            metrics.forEach(m -> out.append("<th>").append(esc(m)).append("</th>"));
            out.append("</tr></thead><tbody>\n");
            for (JobRecord c : cells) {
                out.append("<tr class=\"").append(cssState(c.result())).append("\">");
                parameters.forEach(p -> out.append("<td>").append(esc(c.cell().getOrDefault(p, ""))).append("</td>"));
                out.append("<td>").append(c.result().equals("failed") ? "failed (" + c.exitCode() + ")" : c.result())
                        .append("</td><td>").append(c.skipped() ? "-" : c.attempts().size()).append("</td><td>")
                        .append(esc(c.gpus() == null || c.gpus().isEmpty() ? "none" : c.gpus())).append("</td>");
                metrics.forEach(m -> out.append("<td>").append(c.metrics().containsKey(m)
                        ? esc(dev.mlcompose.schema.yaml.ScalarNode.text(c.metrics().get(m))) : "-").append("</td>"));
                out.append("</tr>\n");
            }
            out.append("</tbody></table>\n");
        });
    }

    private String jobs() {
        var out = new StringBuilder("<ul class=\"jobs\">\n");
        for (JobRecord j : run.jobs()) {
            out.append("<li class=\"").append(cssState(j.result())).append("\">").append(esc(j.name()))
                    .append(j.oneOff() ? " (mlcompose run)" : "").append(": ").append(j.result().equals("failed")
                            ? "failed with exit code " + j.exitCode() : j.result())
                    .append(j.reusedFrom() == null ? "" : " (reuses run " + esc(j.reusedFrom()) + ")");
            if (j.log() != null) {
                out.append(" &middot; <a href=\"").append(esc(logLink.apply(j.log()))).append("\">log</a>");
            }
            out.append("</li>\n");
        }
        return out.append("</ul>\n").toString();
    }

    private static String cssState(String state) {
        return switch (state) {
            case "succeeded", "completed", "exited", "skipped", "failed", "healthy", "started", "running", "ready",
                 "created" -> "s-" + state;
            case "error" -> "s-failed";
            case "" -> "s-unknown";
            default -> "s-unknown";
        };
    }

    static String esc(String text) {
        return text == null ? "" : text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
                .replace("\"", "&quot;");
    }

    private static final String STYLE = """
            body{font:14px system-ui,sans-serif;margin:24px;color:#1d2330}h1{font-size:20px}h2{font-size:16px;margin-top:28px}
            .meta{color:#556}svg text{font:12px system-ui,sans-serif}.edge{stroke:#667;stroke-width:1.5}
            .node rect{fill:#eef1f6;stroke:#8894a8}.node .name{font-weight:600;text-anchor:middle}
            .node .state{text-anchor:middle;fill:#445}.s-succeeded rect,.s-completed rect,.s-exited rect{fill:#d7f0dc;stroke:#3a8a4d}
            .s-healthy rect,.s-running rect,.s-started rect,.s-ready rect{fill:#dbe8fb;stroke:#3b6fc4}
            .s-failed rect{fill:#fbdcdc;stroke:#c43b3b}.s-skipped rect{fill:#ececec;stroke:#999}
            .bar rect{fill:#9bb7e0}.bar.s-failed rect{fill:#e59b9b}.bar.s-skipped rect{fill:#ccc}
            .bar.s-exited rect,.bar.s-completed rect{fill:#9fd3ad}.label{text-anchor:end}.tick{stroke:#e3e6ec}
            .axis{text-anchor:middle;fill:#667}.mark{fill:#fff;stroke:#1d2330}.mark.healthy{fill:#3b6fc4}
            table.sweep{border-collapse:collapse}table.sweep td,table.sweep th{border:1px solid #d5d9e0;padding:4px 10px}
            tr.s-failed{background:#fbdcdc}tr.s-skipped{color:#777}li.s-failed{color:#a22}""";

    /** Counts what rendered and says so on the body; an error is shown on the page instead of hiding in a console. */
    private static final String SCRIPT = """
            window.addEventListener('error', function (e) {
              var box = document.getElementById('errors'); box.hidden = false; box.textContent += e.message + '\\n';
            });
            document.body.dataset.nodes = document.querySelectorAll('svg.dag g.node').length;
            document.body.dataset.bars = document.querySelectorAll('svg.timeline g.bar').length;
            document.body.dataset.rendered = 'true';""";
}
