package dev.mlcompose.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@code viz} writes the DOT that compose's {@code alpha viz} writes for the same file and flags (compose's node
 * and edge order is random, so the lines are compared as sorted), and Mermaid for a README.
 */
class VizE2ETest {

    private static final Path EXAMPLES = Cli.ROOT.resolve("examples");

    @Test
    void dot_is_composes_alpha_viz_for_the_example_pipeline_with_every_flag() throws Exception {
        ComposeV2.require("VizE2ETest");
        for (List<String> flags : List.of(List.<String>of(), List.of("--image", "--ports", "--networks"),
                List.of("--spaces", "--indentation-size", "3"))) {
            var ours = viz(flags);
            var theirs = composeViz(flags);

            assertThat(ours.exitCode()).as(ours.err()).isZero();
            assertThat(ours.out().lines().sorted().toList()).as("viz %s", flags)
                    .isEqualTo(theirs.lines().sorted().toList());
            assertThat(ours.out()).startsWith("digraph \"ml-pipeline\" {\n").contains("\"inference\" -> \"training\";");
        }
    }

    @Test
    void mermaid_draws_the_pipeline_with_its_conditions() throws Exception {
        var mermaid = viz(List.of("--format", "mermaid"));

        assertThat(mermaid.exitCode()).isZero();
        assertThat(mermaid.out()).contains("flowchart TD", "([\"<b>training</b>\"])", "-->|completed|", "-->|healthy|");
    }

    private static Cli.Result viz(List<String> flags) throws Exception {
        var args = new ArrayList<>(List.of("-f", "ml-pipeline.yml", "viz"));
        args.addAll(flags);
        return Cli.run(EXAMPLES, Map.of("HOME", System.getProperty("user.home")), args.toArray(String[]::new));
    }

    private static String composeViz(List<String> flags) throws Exception {
        var command = new ArrayList<>(List.of(ComposeV2.BINARY.toString(), "-f", "ml-pipeline.yml", "alpha", "viz"));
        command.addAll(flags);
        Process p = new ProcessBuilder(command).directory(EXAMPLES.toFile()).redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor()).isZero();
        return out;
    }
}
