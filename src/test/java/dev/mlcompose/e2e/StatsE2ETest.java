package dev.mlcompose.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code stats --no-stream} reads what compose's reads: the same fields, the same limits, a busy CPU as busy. */
class StatsE2ETest extends EngineScenario {

    private static final Path SCENARIO = SCENARIOS.resolve("stats");
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void no_stream_json_has_composes_fields_and_measures_what_compose_measures() throws Exception {
        ComposeV2.require("StatsE2ETest");
        assertThat(mlcompose("stats", "up", "-d", "--wait").exitCode()).isZero();

        var ours = mlcompose("stats", "stats", "--no-stream", "--format", "json");
        var theirs = ComposeV2.result(SCENARIO, project, "stats", "--no-stream", "--format", "json");

        assertThat(ours.exitCode()).as(ours.err()).isZero();
        List<JsonNode> mine = lines(ours.out());
        List<JsonNode> reference = lines(theirs.out());
        assertThat(mine).hasSize(2);
        assertThat(names(mine.get(0))).isEqualTo(names(reference.get(0)));
        JsonNode busy = byName(mine, container("busy"));
        assertThat(busy.path("MemUsage").asText()).endsWith(" / 64MiB")
                .isNotEqualTo("0B / 64MiB").as("compose's limit too").endsWith(
                        byName(reference, container("busy")).path("MemUsage").asText().replaceFirst(".* / ", " / "));
        assertThat(percent(busy.path("CPUPerc").asText())).as("a CPU kept busy").isGreaterThan(50.0);
        assertThat(percent(byName(reference, container("busy")).path("CPUPerc").asText())).isGreaterThan(50.0);
        assertThat(percent(byName(mine, container("idle")).path("CPUPerc").asText())).isLessThan(5.0);
        assertThat(busy.path("PIDs").asText()).isEqualTo(byName(reference, container("busy")).path("PIDs").asText());

        var table = mlcompose("stats", "stats", "--no-stream", "idle");
        var theirTable = ComposeV2.result(SCENARIO, project, "stats", "--no-stream", "idle");
        // a column is as wide as its widest value, and the values (NET I/O's bytes) differ from one instant to the
        // next: the two headers have the same columns, and each table's header is aligned with its own row
        assertThat(columns(table.out().lines().findFirst().orElseThrow())).as("the header's columns")
                .isEqualTo(columns(theirTable.out().lines().findFirst().orElseThrow()));
        assertThat(starts(table.out())).as("aligned as compose aligns its own").isEqualTo(true);
        assertThat(starts(theirTable.out())).isEqualTo(true);
        assertThat(table.out()).contains(container("idle")).doesNotContain(container("busy"));
    }

    /** A table line's cells: what two or more spaces separate. */
    private static List<String> columns(String line) {
        return List.of(line.strip().split(" {2,}"));
    }

    /** Whether each cell of the table's first row starts where its header's column starts. */
    private static boolean starts(String table) {
        var lines = table.lines().toList();
        return positions(lines.get(0)).equals(positions(lines.get(1)));
    }

    private static List<Integer> positions(String line) {
        var out = new ArrayList<Integer>();
        var cell = java.util.regex.Pattern.compile("(?:^| {2,})(\\S)").matcher(line);
        while (cell.find()) {
            out.add(cell.start(1));
        }
        return out;
    }

    private static List<JsonNode> lines(String ndjson) throws Exception {
        var lines = new ArrayList<JsonNode>();
        for (String line : ndjson.strip().split("\n")) {
            lines.add(JSON.readTree(line));
        }
        return lines;
    }

    private static JsonNode byName(List<JsonNode> lines, String name) {
        return lines.stream().filter(l -> l.path("Name").asText().equals(name)).findFirst().orElseThrow();
    }

    private static List<String> names(JsonNode line) {
        var names = new ArrayList<String>();
        line.fieldNames().forEachRemaining(names::add);
        return names;
    }

    private static double percent(String text) {
        return Double.parseDouble(text.replace("%", ""));
    }
}
