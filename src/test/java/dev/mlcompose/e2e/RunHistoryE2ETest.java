package dev.mlcompose.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A sweep's runs recorded in the state directory: metrics, logs and outputs; the best cell's outputs mounted into a
 * dependant; the skip cache reading the history once the containers are gone (keyed by the inputs' content); and
 * {@code runs diff} naming what changed.
 */
class RunHistoryE2ETest extends EngineScenario {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String FILE = """
            services:
              train:
                image: mlcompose-test/busybox:1
                command: ["sh", "-c", "mkdir -p /out; echo model-$$C-$$(cat /data.txt) > /out/model.txt; echo \\"::metric acc=0.$$C loss=$$(cat /data.txt)\\""]
                environment: {EPOCHS: "1"}
                volumes: ["./data.txt:/data.txt:ro"]
                x-mlcompose:
                  role: train
                  matrix: {C: [1, 5]}
                  objective: {metric: acc, goal: max}
                  inputs: [data.txt]
                  outputs: [/out]
              serve:
                image: mlcompose-test/busybox:1
                command: ["sh", "-c", "cat /models/model.txt; sleep 600"]
                init: true
                depends_on: {train: {condition: service_completed_successfully}}
                x-mlcompose:
                  inputs-from: {train: /models}
            """;

    private Path dir;

    @BeforeEach
    void writeProject() throws Exception {
        dir = scratch.resolve("project");
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("compose.yaml"), FILE);
        Files.writeString(dir.resolve("data.txt"), "7\n");
    }

    private Cli.Result cli(String... args) throws Exception {
        return cli(dir, args);
    }

    private Cli.Result cli(Path in, String... args) throws Exception {
        var all = new java.util.ArrayList<>(List.of("-p", project, "--progress", "plain"));
        all.addAll(List.of(args));
        var env = new HashMap<String, String>();
        env.put("HOME", System.getProperty("user.home"));
        return Cli.run(in, env, all.toArray(String[]::new));
    }

    /** The run's page in a real browser: the DAG and the timeline drawn, the sweep's table, no error, no network. */
    private void page(String id) throws Exception {
        if (!Chromium.available()) {
            Prerequisites.missing("RunHistoryE2ETest", "no chromium here (scripts/chromium.sh installs it)");
            return;
        }
        Path page = scratch.resolve("run.html");
        var show = cli("runs", "show", id, "--html", page.toString());
        assertThat(show.exitCode()).as(show.err()).isZero();
        String html = Files.readString(page);
        assertThat(html).doesNotContainPattern("(src|href)=\"https?:").doesNotContain("<link");

        String dom = Chromium.dom(page);
        assertThat(dom).contains("data-rendered=\"true\"", "data-nodes=\"2\"", "data-bars=\"2\"")
                .contains("<pre id=\"errors\" hidden=\"\"></pre>")
                .containsPattern("<g class=\"node s-succeeded\" data-service=\"train\">")
                .contains("<h2>Sweep: train</h2>").containsPattern("<td>5</td><td>succeeded</td><td>1</td><td>none</td><td>0.5</td>");
        var log = java.util.regex.Pattern.compile("href=\"([^\"]+\\.log)\"").matcher(html);
        assertThat(log.find()).isTrue();
        assertThat(page.getParent().resolve(log.group(1))).as("the log link").isRegularFile();

        Path png = scratch.resolve("run.png");
        Chromium.screenshot(page, png, 1000, 800);
        byte[] bytes = Files.readAllBytes(png);
        assertThat(bytes.length).isGreaterThan(10_000);
        assertThat(java.util.Arrays.copyOf(bytes, 4)).containsExactly(0x89, 'P', 'N', 'G');
    }

    private JsonNode runs() throws Exception {
        var runs = cli("runs", "--format", "json");
        assertThat(runs.exitCode()).as(runs.err()).isZero();
        return JSON.readTree(runs.out());
    }

    @Test
    void a_sweep_is_recorded_its_best_outputs_serve_and_the_history_skips_it_after_down_until_its_inputs_change()
            throws Exception {
        var train = cli("train", "--then-up");
        assertThat(train.exitCode()).as(train.err()).isZero();
        assertThat(train.out()).contains("best C=5 (acc 0.5, highest)")
                .as("each cell's lines name it").containsPattern(project + "-train-\\d\\[C=5\\] +\\| ::metric acc=0.5");
        assertThat(runs()).as("--then-up records the cells once: its up only skips them").hasSize(1);

        JsonNode first = runs().get(0);
        assertThat(first.path("command").asText()).isEqualTo("mlcompose -p " + project + " --progress plain train --then-up");
        assertThat(first.path("jobs")).hasSize(2);
        for (JsonNode job : first.path("jobs")) {
            Path folder = dir.resolve(".mlcompose/runs").resolve(first.path("id").asText());
            String c = job.path("cell").path("C").asText();
            assertThat(job.path("metrics").path("acc").asDouble()).isEqualTo(Double.parseDouble("0." + c));
            assertThat(job.path("attempts")).hasSize(1);
            assertThat(Files.readString(folder.resolve(job.path("log").asText()))).contains("::metric acc=0." + c);
            assertThat(Files.readString(folder.resolve(job.path("outputs").asText()).resolve("out/model.txt")))
                    .isEqualTo("model-" + c + "-7\n");
        }

        page(first.path("id").asText());

        var up = cli("up", "-d", "--wait");
        assertThat(up.exitCode()).as(up.err()).isZero();
        assertThat(cli("logs", "--no-log-prefix", "serve").out()).as("the best cell's model").isEqualTo("model-5-7\n");

        assertThat(cli("down", "-t", "1").exitCode()).isZero();
        Files.setLastModifiedTime(dir.resolve("data.txt"), FileTime.fromMillis(0)); // a fresh clone's time
        var again = cli("train");
        assertThat(again.exitCode()).as(again.err()).isZero();
        assertThat(again.err()).contains(project + "-train-1 Skipped  unchanged since run " + first.path("id").asText());
        assertThat(again.out()).contains("C=5    skipped");

        // a clone in another folder, sharing the state directory: the bind mount's path differs, the work does not
        assertThat(cli("down", "-t", "1").exitCode()).isZero();
        Path clone = scratch.resolve("clone");
        Files.createDirectories(clone);
        for (String f : List.of("compose.yaml", "data.txt")) {
            Files.copy(dir.resolve(f), clone.resolve(f));
        }
        var cloned = cli(clone, "--state-dir", dir.resolve(".mlcompose").toString(), "train");
        assertThat(cloned.exitCode()).as(cloned.err()).isZero();
        assertThat(cloned.err()).contains(project + "-train-2 Skipped  unchanged since run " + first.path("id").asText());
        assertThat(cli(clone, "down", "-t", "1").exitCode()).isZero();

        Files.writeString(dir.resolve("data.txt"), "8\n");
        Files.writeString(dir.resolve("compose.yaml"), FILE.replace("EPOCHS: \"1\"", "EPOCHS: \"2\""));
        var changed = cli("train");
        assertThat(changed.exitCode()).as(changed.err()).isZero();
        assertThat(changed.out()).contains("C=5    succeeded");

        JsonNode all = runs();
        String last = all.get(all.size() - 1).path("id").asText();
        var diff = cli("runs", "diff", first.path("id").asText(), last);
        assertThat(diff.exitCode()).as(diff.err()).isZero();
        assertThat(diff.out()).contains("train[C=1]:", "  config environment.EPOCHS: 1 -> 2", "  inputs changed",
                "  metric loss: 7 -> 8");

        // a prefix names the run (not the second alone: through the resident server three runs fit in one second)
        var show = cli("runs", "show", last.substring(0, last.length() - 1));
        assertThat(show.exitCode()).as(show.err()).isZero();
        assertThat(show.out()).containsPattern("train\\[C=5\\] +succeeded +1 +0 +none +acc=0.5 loss=8");
        var rm = cli("runs", "rm", first.path("id").asText());
        assertThat(rm.exitCode()).isZero();
        assertThat(runs()).hasSize(all.size() - 1);
        assertThat(cli("runs", "show", first.path("id").asText()).exitCode()).isEqualTo(2);
    }

    private static final String DETACHED = """
            services:
              slow:
                image: mlcompose-test/busybox:1
                command: ["sh", "-c", "echo waiting; while [ ! -f /signal/go ]; do sleep 0.1; done; mkdir -p /out; echo result > /out/r.txt; echo '::metric acc=0.75'"]
                volumes: ["./signal:/signal:ro"]
                x-mlcompose: {role: job, outputs: [/out]}
            """;

    private JsonNode lastJob() throws Exception {
        JsonNode all = runs();
        return all.get(all.size() - 1).path("jobs").get(0);
    }

    @Test
    void a_job_left_running_by_up_d_is_settled_from_its_container_and_a_one_off_of_a_job_is_recorded_but_not_reused()
            throws Exception {
        Files.writeString(dir.resolve("compose.yaml"), DETACHED);
        Path signal = dir.resolve("signal");
        Files.createDirectories(signal);
        Files.writeString(signal.resolve("go"), "");

        var oneOff = cli("run", "--rm", "slow");
        assertThat(oneOff.exitCode()).as(oneOff.err()).isZero();
        JsonNode run = lastJob();
        assertThat(run.path("oneOff").asBoolean()).isTrue();
        assertThat(run.path("succeeded").asBoolean()).isTrue();
        assertThat(run.path("metrics").path("acc").asDouble()).isEqualTo(0.75);
        String oneOffRun = runs().get(0).path("id").asText();
        Path oneOffFolder = dir.resolve(".mlcompose/runs").resolve(oneOffRun);
        assertThat(oneOffFolder.resolve(run.path("outputs").asText()).resolve("out/r.txt")).as("copied before --rm")
                .hasContent("result");

        Files.delete(signal.resolve("go"));
        var up = cli("up", "-d");
        assertThat(up.exitCode()).as(up.err()).isZero();
        assertThat(up.err()).as("a one-off is no cached run of the service").doesNotContain("Skipped");
        assertThat(lastJob().path("state").asText()).isEqualTo("RUNNING");
        assertThat(cli("runs").out()).containsPattern("mlcompose -p " + project + " --progress plain up -d")
                .containsPattern("\\s1\\s+running\\s");

        Files.writeString(signal.resolve("go"), "");
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(60))
                .until(() -> lastJob().path("state").asText().equals("ENDED"));
        JsonNode settled = lastJob();
        assertThat(settled.path("succeeded").asBoolean()).isTrue();
        assertThat(settled.path("exitCode").asInt()).isZero();
        assertThat(settled.path("attempts")).hasSize(1);
        assertThat(settled.path("metrics").path("acc").asDouble()).isEqualTo(0.75);
        JsonNode all = runs();
        Path folder = dir.resolve(".mlcompose/runs").resolve(all.get(all.size() - 1).path("id").asText());
        assertThat(Files.readString(folder.resolve(settled.path("log").asText()))).contains("waiting", "::metric acc=0.75");
        assertThat(folder.resolve(settled.path("outputs").asText()).resolve("out/r.txt")).hasContent("result");
        assertThat(all.get(all.size() - 1).path("endedAt").asText()).isNotEmpty();

        // still running at down: stopped, then read before its container goes
        Files.delete(signal.resolve("go"));
        var rerun = cli("up", "-d", "--rerun");
        assertThat(rerun.exitCode()).as(rerun.err()).isZero();
        assertThat(lastJob().path("state").asText()).isEqualTo("RUNNING");
        assertThat(cli("down", "-t", "1").exitCode()).isZero();
        JsonNode stopped = lastJob();
        assertThat(stopped.path("state").asText()).isEqualTo("ENDED");
        assertThat(stopped.path("succeeded").asBoolean()).isFalse();
        assertThat(stopped.path("exitCode").asInt()).isNotZero();
        all = runs();
        folder = dir.resolve(".mlcompose/runs").resolve(all.get(all.size() - 1).path("id").asText());
        assertThat(Files.readString(folder.resolve(stopped.path("log").asText()))).contains("waiting");
    }
}
