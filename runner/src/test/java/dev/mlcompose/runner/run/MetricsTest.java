package dev.mlcompose.runner.run;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** {@code ::metric} lines of a job's output, as the train summary reads them. */
class MetricsTest {

    @Test
    void the_last_value_of_each_metric_wins_and_other_lines_are_passed_over() {
        var metrics = new Metrics();
        metrics.accept("epoch 1: loss 0.9");
        metrics.accept("::metric loss=0.9 accuracy=0.5");
        metrics.accept("::metric accuracy=0.98 f1=9.1e-1 stage=final");
        metrics.accept("  ::metric ignored=1");
        metrics.accept("::metrics nope=2");
        metrics.accept("::metric loss=NaN diverged=Infinity");

        assertThat(metrics.values()).containsExactly(java.util.Map.entry("loss", 0.9),
                java.util.Map.entry("accuracy", 0.98), java.util.Map.entry("f1", 0.91));
    }

    @Test
    void a_metrics_json_in_the_outputs_adds_its_numbers(@org.junit.jupiter.api.io.TempDir java.nio.file.Path outputs)
            throws java.io.IOException {
        java.nio.file.Files.createDirectories(outputs.resolve("out"));
        java.nio.file.Files.writeString(outputs.resolve("out/metrics.json"),
                "{\"f1\": 0.5, \"auc\": 9e-1, \"model\": \"svm\", \"bad key\": 1, \"nested\": {\"x\": 1}}");

        assertThat(Metrics.ofFile(outputs)).containsExactly(java.util.Map.entry("f1", 0.5), java.util.Map.entry("auc", 0.9));
        java.nio.file.Files.writeString(outputs.resolve("out/metrics.json"), "{not json");
        assertThat(Metrics.ofFile(outputs)).isEmpty();
    }
}
