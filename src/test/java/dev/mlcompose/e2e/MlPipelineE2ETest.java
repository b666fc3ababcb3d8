package dev.mlcompose.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mlcompose.runner.api.ComposeEnvironment;
import dev.mlcompose.runner.api.MlCompose;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The example pipeline for real, as a CI suite would run it: {@code mlcompose train} trains on
 * scikit-learn's digits (on CPU here: the engine has no GPU runtime and the file allows the fallback), then
 * the Java API brings up the rest, predictions come back through a port published on 127.0.0.1, and
 * Prometheus scrapes inference.
 */
class MlPipelineE2ETest extends EngineScenario {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private Cli.Result pipeline(Map<String, String> env, String... args) throws Exception {
        var all = new java.util.ArrayList<>(java.util.List.of("-f", "examples/ml-pipeline.yml", "-p", project,
                "--progress", "plain"));
        all.addAll(java.util.List.of(args));
        var environment = new HashMap<>(env);
        environment.put("HOME", System.getProperty("user.home"));
        return Cli.run(Cli.ROOT, environment, all.toArray(String[]::new));
    }

    @Test
    void train_then_up_serves_predictions_and_prometheus_scrapes_inference() throws Exception {
        requireBaseImage();
        var env = Map.of("INFERENCE_PORT", "0", "PROMETHEUS_PORT", "0");

        var train = pipeline(env, "train");
        assertThat(train.exitCode()).as(train.err()).isZero();
        assertThat(train.out()).contains("[train] final model: held-out accuracy",
                "training: 2 of 2 cells succeeded; best C=").containsPattern("C=10 +succeeded +1/3 +\\S+ +0 +cpu +0\\.9")
                .containsPattern("C=1 +succeeded +1/3 +\\S+ +0 +cpu +0\\.9");
        assertThat(train.err()).contains("running it on CPU (cpu-fallback)");
        String trainedAt = Docker.inspect(container("training")).at("/State/StartedAt").asText();

        // the CI way from here on: the Java API brings the rest up (waiting like up --wait) on random host ports
        try (ComposeEnvironment serving = MlCompose.project(Cli.ROOT.resolve("examples/ml-pipeline.yml"))
                .withProjectName(project).withEnv("INFERENCE_PORT", "0").withEnv("PROMETHEUS_PORT", "0").up()) {
            String inference = serving.endpoint("inference", 8000);
            String prometheus = serving.endpoint("monitoring", 9090);
            assertThat(Docker.inspect(container("training")).at("/State/StartedAt").asText())
                    .as("the trained job was skipped, not run again").isEqualTo(trainedAt);

            JsonNode digits = samples(env);
            var response = http.send(HttpRequest.newBuilder(URI.create("http://" + inference + "/predict"))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(Map.of("instances",
                            digits.get("instances"))))).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).isEqualTo(200);
            JsonNode predictions = JSON.readTree(response.body()).get("predictions");
            int correct = 0;
            for (int i = 0; i < 20; i++) {
                correct += predictions.get(i).asInt() == digits.get("labels").get(i).asInt() ? 1 : 0;
            }
            assertThat(correct).as("digits recognised out of 20").isGreaterThanOrEqualTo(18);
            assertThat(pipeline(env, "logs", "inference").out()).as("the best cell's outputs, mounted by inputs-from")
                    .contains("model loaded from /best/model.pkl");

            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
                var targets = http.send(HttpRequest.newBuilder(URI.create("http://" + prometheus + "/api/v1/targets"))
                        .build(), HttpResponse.BodyHandlers.ofString());
                JsonNode active = JSON.readTree(targets.body()).path("data").path("activeTargets");
                assertThat(active.findValuesAsText("health")).as(targets.body()).contains("up");
                assertThat(active.findValuesAsText("scrapeUrl")).contains("http://inference:8000/metrics");
            });
        }
    }

    /** 20 labelled digits, taken from the training image itself. */
    private JsonNode samples(Map<String, String> env) throws Exception {
        var samples = pipeline(env, "run", "--rm", "--no-deps", "training", "python3", "-c",
                "import json; from sklearn.datasets import load_digits; d = load_digits(); "
                        + "print(json.dumps({'instances': d.data[-20:].tolist(), 'labels': d.target[-20:].tolist()}))");
        assertThat(samples.exitCode()).as(samples.err()).isZero();
        return JSON.readTree(samples.out().lines().filter(l -> l.startsWith("{")).findFirst().orElseThrow());
    }

    private static void requireBaseImage() {
        try {
            Docker.run("image", "inspect", "debian:bookworm-slim");
        } catch (IllegalStateException e) {
            String message = "debian:bookworm-slim is missing: scripts/base-image.sh builds it";
            Prerequisites.missing("MlPipelineE2ETest", message);
        }
    }

}
