package dev.mlcompose.schema;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mlcompose.schema.model.MlSettings;
import dev.mlcompose.schema.model.Project;
import dev.mlcompose.schema.model.Service;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code x-mlcompose} and GPU requests as the loader reads and checks them. */
class MlSettingsTest {

    @TempDir
    Path dir;

    private Project load(String yaml) throws IOException {
        return ComposeFiles.load(dir, yaml);
    }

    private List<String> problems(String yaml) throws IOException {
        return ComposeFiles.problems(dir, yaml);
    }

    @Test
    void settings_are_typed_with_defaults() throws IOException {
        Service train = load("""
                services:
                  train:
                    image: t:1
                    x-mlcompose:
                      role: train
                      cpu-fallback: true
                      deadline: 1h30m
                      inputs: [data/, params.yaml]
                      retry: {attempts: 4, backoff: {initial: 2s, max: 30s}, on-exit-codes: [1, 137]}
                """).service("train").orElseThrow();
        MlSettings ml = train.ml();
        assertThat(ml.role()).contains("train");
        assertThat(ml.cpuFallback()).isTrue();
        assertThat(ml.shareGpus()).isFalse();
        assertThat(ml.cache()).isTrue();
        assertThat(ml.inputs()).containsExactly("data/", "params.yaml");
        assertThat(ml.deadline()).contains(Duration.ofMinutes(90));
        MlSettings.Retry retry = ml.retry().orElseThrow();
        assertThat(retry.attempts()).isEqualTo(4);
        assertThat(retry.initialBackoff()).isEqualTo(Duration.ofSeconds(2));
        assertThat(retry.multiplier()).isEqualTo(2.0);
        assertThat(retry.maxBackoff()).isEqualTo(Duration.ofSeconds(30));
        assertThat(retry.onExitCodes()).isEqualTo(Set.of(1, 137));
        assertThat(retry.retries(137)).isTrue();
        assertThat(retry.retries(2)).isFalse();
        assertThat(retry.retries(0)).isFalse();
    }

    @Test
    void bad_settings_are_reported_at_their_line() throws IOException {
        assertThat(problems("""
                services:
                  train:
                    image: t:1
                    x-mlcompose:
                      role: trainer
                      retry:
                        attempts: 0
                        backof: {initial: 2s}
                      deadline: soon
                """)).containsExactly(
                "compose.yaml:5:13: services.train.x-mlcompose.role: must be one of [\"job\",\"train\",\"service\"], got \"trainer\"",
                "compose.yaml:7:19: services.train.x-mlcompose.retry.attempts: must have a minimum value of 1",
                "compose.yaml:8:9: services.train.x-mlcompose.retry: unknown key 'backof' (not allowed here)",
                "compose.yaml:9:17: services.train.x-mlcompose.deadline: must be a duration such as 90s, 5m or 1h30m, got \"soon\"");
    }

    @Test
    void a_retry_policy_next_to_an_engine_restart_policy_is_an_error() throws IOException {
        assertThat(problems("""
                services:
                  train:
                    image: t:1
                    restart: on-failure
                    x-mlcompose:
                      retry: {attempts: 2}
                """)).containsExactly("compose.yaml:6:14: services.train.x-mlcompose.retry: a retry policy needs "
                + "restart: \"no\" (the engine would restart the job itself with restart: \"on-failure\")");
    }

    @Test
    void service_level_gpus_become_device_requests() throws IOException {
        Service s = load("""
                services:
                  a:
                    image: t:1
                    gpus: all
                  b:
                    image: t:1
                    gpus:
                      - count: 2
                """).services().values().stream().filter(x -> x.name().equals("b")).findFirst().orElseThrow();
        var request = s.resources().orElseThrow().devices().get(0);
        assertThat(request.driver()).contains("nvidia");
        assertThat(request.count()).contains(2L);
        assertThat(request.capabilities()).containsExactly("gpu");
    }

    @Test
    void gpus_with_count_and_device_ids_is_an_error() throws IOException {
        assertThat(problems("""
                services:
                  a:
                    image: t:1
                    gpus:
                      - count: 1
                        device_ids: ["0"]
                """)).singleElement().asString().contains("services.a.gpus[0]: count and device_ids cannot be set together");
    }

    @Test
    void an_objective_ranks_runs_best_first_by_its_goal_and_puts_runs_without_its_metric_last() {
        var runs = List.<Map<String, Double>>of(Map.of("loss", 0.3), Map.of("accuracy", 0.9), Map.of("loss", 0.1));

        var lowestLoss = runs.stream().sorted(new MlSettings.Objective("loss", false).bestFirst()).toList();
        var highestLoss = runs.stream().sorted(new MlSettings.Objective("loss", true).bestFirst()).toList();

        assertThat(lowestLoss).containsExactly(Map.of("loss", 0.1), Map.of("loss", 0.3), Map.of("accuracy", 0.9));
        assertThat(highestLoss).containsExactly(Map.of("loss", 0.3), Map.of("loss", 0.1), Map.of("accuracy", 0.9));
    }
}
