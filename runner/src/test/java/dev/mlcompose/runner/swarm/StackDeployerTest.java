package dev.mlcompose.runner.swarm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mlcompose.runner.plan.StackRequest;
import dev.mlcompose.runner.run.JobCache;
import dev.mlcompose.schema.load.ComposeLoader;
import dev.mlcompose.schema.load.LoadRequest;
import dev.mlcompose.schema.model.Project;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The deployer's decisions on a fake of the {@link Cluster} port (the real Swarm: {@code SwarmBackendE2ETest}). */
class StackDeployerTest {

    @TempDir
    Path dir;

    private final FakeCluster cluster = new FakeCluster();
    private final List<String> progress = new ArrayList<>();

    private static final String PIPELINE = """
            services:
              db:
                image: db
                healthcheck: {test: ["CMD", "true"]}
              migrate:
                image: tools
                depends_on: {db: {condition: service_healthy}}
                x-mlcompose: {role: job, retry: {attempts: 3, backoff: {initial: 10ms}}}
              web:
                image: web
                depends_on: {migrate: {condition: service_completed_successfully}}
            """;

    private Project load(String yaml) throws IOException {
        Files.writeString(dir.resolve("compose.yaml"), yaml);
        return ComposeLoader.load(LoadRequest.of(dir, Map.of()).withProjectName("p"));
    }

    private void up(Project project, boolean wait) {
        new StackDeployer(cluster, progress::add, Duration.ofSeconds(5), false).up(project, StackSpec.of(project, SwarmFiles::read, s -> JobCache.inputsKey(project, s)),
                StackRequest.up(Set.of(), wait));
    }

    @Test
    void each_service_is_made_only_once_its_dependencies_conditions_held() throws IOException {
        up(load(PIPELINE), true);
        assertThat(cluster.log).containsExactly("create p_default", "create p_db", "p_db running", "create p_migrate",
                "p_migrate complete", "create p_web", "p_web running");
        assertThat(progress).contains("Service p_migrate  Completed", "Service p_web  Running");
    }

    @Test
    void a_second_up_of_the_same_file_changes_nothing() throws IOException {
        Project project = load(PIPELINE);
        up(project, false);
        cluster.log.clear();
        progress.clear();
        up(project, false);
        assertThat(cluster.log).noneMatch(l -> l.startsWith("create") || l.startsWith("update"));
        assertThat(progress).containsExactly("Service p_db  Unchanged",
                "Service p_migrate  Skipped: unchanged since its last run completed", "Service p_web  Unchanged");
    }

    @Test
    void an_unchanged_job_whose_last_run_failed_is_run_again_by_the_next_up() throws IOException {
        cluster.exits("p_migrate", 3);
        var project = load(PIPELINE.replace(", retry: {attempts: 3, backoff: {initial: 10ms}}", ""));
        assertThatThrownBy(() -> up(project, false)).isInstanceOf(StackFailed.class);
        cluster.log.clear();
        up(project, false);
        assertThat(cluster.log).containsSubsequence("rerun p_migrate", "p_migrate complete", "create p_web");
        assertThat(progress).contains("Service p_migrate  Rerun: its last run failed");
    }

    @Test
    void a_job_whose_inputs_changed_runs_again_and_one_with_cache_false_at_every_up() throws IOException {
        Files.writeString(dir.resolve("data.csv"), "1,2\n");
        String file = PIPELINE.replace("x-mlcompose: {role: job,", "x-mlcompose: {role: job, inputs: [data.csv],");
        up(load(file), false);
        cluster.log.clear();
        up(load(file), false);
        assertThat(cluster.log).as("same inputs: skipped").noneMatch(l -> l.contains("p_migrate"));

        Files.writeString(dir.resolve("data.csv"), "1,3\n");
        up(load(file), false);
        assertThat(cluster.log).contains("update p_migrate");

        cluster.log.clear();
        String uncached = PIPELINE.replace("x-mlcompose: {role: job,", "x-mlcompose: {role: job, cache: false,");
        up(load(uncached), false);
        cluster.log.clear();
        up(load(uncached), false);
        assertThat(cluster.log).contains("rerun p_migrate");
    }

    @Test
    void a_failed_job_is_run_again_as_its_retry_policy_says() throws IOException {
        cluster.exits("p_migrate", 3);
        up(load(PIPELINE), false);
        assertThat(cluster.log).containsSubsequence("create p_migrate", "p_migrate failed", "rerun p_migrate",
                "p_migrate complete", "create p_web");
        assertThat(progress).anyMatch(l -> l.startsWith("Service migrate  Retrying: attempt 1/3 failed"
                + " (task: non-zero exit (3)); attempt 2 in"));
    }

    @Test
    void a_job_that_fails_every_attempt_ends_up_and_its_dependant_is_never_made() throws IOException {
        cluster.exits("p_migrate", 3, 3, 3);
        assertThatThrownBy(() -> up(load(PIPELINE), false)).isInstanceOf(StackFailed.class)
                .hasMessage("service migrate: task: non-zero exit (3), after 3 attempts\nlast words of id-p_migrate");
        assertThat(cluster.log).doesNotContain("create p_web");
    }

    @Test
    void a_service_that_reserves_more_gpus_than_any_node_has_is_refused_before_anything_is_made() throws IOException {
        cluster.nodes.add(FakeCluster.tree("{\"Status\":{\"State\":\"ready\"},\"Description\":{\"Resources\":"
                + "{\"GenericResources\":[{\"NamedResourceSpec\":{\"Kind\":\"gpu\",\"Value\":\"GPU-0\"}}]}}}"));
        Project project = load("""
                services:
                  train:
                    image: t
                    deploy: {resources: {reservations: {devices: [{capabilities: [gpu], count: 2}]}}}
                """);
        assertThatThrownBy(() -> up(project, false)).isInstanceOf(StackFailed.class).hasMessageStartingWith(
                "service train reserves 2 GPUs, and the most any ready node advertises is 1");
        assertThat(cluster.log).isEmpty();
    }

    @Test
    void train_brings_up_a_job_with_its_dependencies_only_and_reruns_it_when_asked() throws IOException {
        Project project = load(PIPELINE);
        var deployer = new StackDeployer(cluster, progress::add, Duration.ofSeconds(5), false);
        var stack = StackSpec.of(project, SwarmFiles::read, s -> JobCache.inputsKey(project, s));
        deployer.up(project, stack, StackRequest.train(Set.of("migrate"), false));
        assertThat(cluster.log).contains("create p_db", "create p_migrate").doesNotContain("create p_web");

        cluster.log.clear();
        deployer.up(project, stack, StackRequest.train(Set.of("migrate"), true));
        assertThat(cluster.log).contains("rerun p_migrate").doesNotContain("rerun p_db", "create p_web");
    }

    @Test
    void run_brings_up_the_dependencies_then_a_one_off_whose_exit_code_it_returns() throws IOException {
        Project project = load(PIPELINE);
        var deployer = new StackDeployer(cluster, progress::add, Duration.ofSeconds(5), false);
        var output = new ArrayList<String>();
        cluster.exits("p_migrate_run_", 4);
        int code = new OneOffRun(cluster, deployer, Duration.ofSeconds(5)).run(project,
                StackSpec.of(project, SwarmFiles::read, s -> JobCache.inputsKey(project, s)), "migrate", spec -> spec, false, true, output::add);
        assertThat(code).isEqualTo(4);
        assertThat(cluster.log.stream().map(l -> l.replaceAll("_run_[0-9a-f]{6}", "_run_X"))).containsExactly(
                "create p_default", "create p_db", "p_db running", "create p_migrate_run_X", "p_migrate_run_X failed",
                "remove id-p_migrate_run_X");
        assertThat(output).singleElement().asString().startsWith("last words of id-p_migrate_run_");
    }

    @Test
    void an_attempt_the_swarm_lost_is_run_again_even_without_a_retry_policy() throws IOException {
        cluster.exits("p_prepare", -1);
        up(load("""
                services:
                  prepare: {image: tools, x-mlcompose: {role: job}}
                  web:
                    image: web
                    depends_on: {prepare: {condition: service_completed_successfully}}
                """), false);
        assertThat(cluster.log).containsSubsequence("p_prepare rejected", "rerun p_prepare", "p_prepare complete",
                "create p_web");
        assertThat(progress).anyMatch(l -> l.startsWith("Service prepare  Retrying: attempt 1/2 failed"
                + " (assigned node no longer meets constraints)"));
    }

    @Test
    void a_job_without_a_retry_policy_that_exits_non_zero_is_not_run_again() throws IOException {
        cluster.exits("p_migrate", 3);
        var project = load(PIPELINE.replace(", retry: {attempts: 3, backoff: {initial: 10ms}}", ""));
        assertThatThrownBy(() -> up(project, false)).hasMessageStartingWith("service migrate: task: non-zero exit (3)\n");
        assertThat(cluster.log).doesNotContain("rerun p_migrate");
    }

    @Test
    void an_attempt_past_its_deadline_is_stopped_by_the_next_run_and_retried_as_the_policy_says() throws IOException {
        cluster.exits("p_migrate", FakeCluster.RUNS_ON);
        up(load(PIPELINE.replace("x-mlcompose: {role: job,", "x-mlcompose: {role: job, deadline: 300ms,")), false);
        assertThat(cluster.log).containsSubsequence("create p_migrate", "p_migrate running", "rerun p_migrate",
                "p_migrate complete", "create p_web");
        assertThat(progress).anyMatch(l -> l.startsWith("Service migrate  Retrying: attempt 1/3 failed"
                + " (exceeded its deadline of 300ms); attempt 2 in"));
    }

    @Test
    void a_last_attempt_past_its_deadline_fails_up_and_its_service_is_removed_which_stops_its_task() throws IOException {
        cluster.exits("p_migrate", FakeCluster.RUNS_ON);
        var project = load(PIPELINE.replace("retry: {attempts: 3, backoff: {initial: 10ms}}", "deadline: 300ms"));
        assertThatThrownBy(() -> up(project, false)).isInstanceOf(StackFailed.class).hasMessage("service migrate:"
                + " exceeded its deadline of 300ms; its service was removed, which stops its task\nlast words of id-p_migrate");
        assertThat(cluster.log).containsSubsequence("p_migrate running", "remove id-p_migrate")
                .doesNotContain("rerun p_migrate", "create p_web");
    }

    @Test
    void up_with_remove_orphans_removes_the_services_the_file_no_longer_has_and_keeps_the_rest() throws IOException {
        up(load(PIPELINE), false);
        cluster.log.clear();
        var smaller = load(PIPELINE.substring(0, PIPELINE.indexOf("  web:")));
        new StackDeployer(cluster, progress::add, Duration.ofSeconds(5), false).up(smaller,
                StackSpec.of(smaller, SwarmFiles::read, s -> JobCache.inputsKey(smaller, s)),
                StackRequest.up(Set.of(), false).withRemoveOrphans(true));
        assertThat(cluster.log).contains("remove id-p_web").noneMatch(l -> l.startsWith("create")
                || l.startsWith("update") || l.startsWith("remove id-p_db") || l.startsWith("remove id-p_migrate"));
        assertThat(progress).contains("Service p_web  Removed: no longer in the file");
    }

    @Test
    void a_dry_run_of_down_names_what_down_removes_in_its_order_and_removes_nothing() throws IOException {
        up(load(PIPELINE), false);
        cluster.log.clear();
        var teardown = new StackTeardown(cluster, progress::add, Duration.ofSeconds(5));
        assertThat(teardown.dryRun("p", false)).containsExactly("remove service p_db", "remove service p_migrate",
                "remove service p_web", "remove network p_default");
        assertThat(cluster.log).noneMatch(l -> l.startsWith("remove"));

        teardown.down("p", false);
        assertThat(cluster.log).containsSubsequence("remove id-p_db", "remove id-p_migrate", "remove id-p_web");
        assertThat(teardown.dryRun("p", false)).as("nothing left").isEmpty();
    }
}
