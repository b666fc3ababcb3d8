package dev.mlcompose.runner.plan;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mlcompose.runner.plan.StackState.Deployed;
import dev.mlcompose.runner.plan.StackState.LastRun;
import dev.mlcompose.schema.load.ComposeLoader;
import dev.mlcompose.schema.load.LoadRequest;
import dev.mlcompose.schema.model.Project;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What {@code up}, {@code train} and {@code run} decide on a Swarm, as plan text, for the states a stack is in. */
class StackPlanTest {

    private static final String PIPELINE = """
            services:
              db:
                image: db
                healthcheck: {test: [CMD, ok]}
                secrets: [token]
              migrate:
                image: tools
                depends_on: {db: {condition: service_healthy}}
                x-mlcompose: {role: job}
              web:
                image: web
                depends_on: {migrate: {condition: service_completed_successfully}}
            secrets:
              token: {environment: TOKEN}
            """;

    @TempDir
    Path dir;

    /** What the cluster has: services by stack name. */
    private final Map<String, Deployed> services = new HashMap<>();

    private Project project;
    private StackTarget target;

    private Plan plan(StackRequest request, Set<String> networks, Map<String, String> secrets) {
        return StackPlanner.plan(project, target, new StackState(services, networks, secrets, Map.of()), request);
    }

    private Plan planOnDeployed(StackRequest request) {
        return plan(request, Set.of("p_default"), Map.of("p_token-1", "s1"));
    }

    private void load(String yaml) throws IOException {
        Files.writeString(dir.resolve("compose.yaml"), yaml);
        project = ComposeLoader.load(LoadRequest.of(dir, Map.of()).withProjectName("p"));
        var targets = new LinkedHashMap<String, StackTarget.Service>();
        project.services().values().forEach(s -> targets.put(s.name(), new StackTarget.Service("p_" + s.name(),
                "hash-" + s.name(), s.ml().role().isPresent())));
        target = new StackTarget(List.of("p_default"), List.of("p_token-1"), List.of(), targets);
    }

    /** Each service of the file on the cluster, as this file made it; {@code migrate}'s last run as given. */
    private void deployed(LastRun migrate) {
        target.services().forEach((name, s) -> services.put(s.name(), new Deployed("id-" + name, 7, s.hash(),
                name.equals("migrate") ? migrate : LastRun.NONE)));
    }

    @Test
    void a_fresh_stack_makes_its_objects_then_each_service_once_its_dependency_holds() throws IOException {
        load(PIPELINE);
        assertThat(plan(StackRequest.up(Set.of(), true), Set.of(), Map.of())).hasToString("""
                1 create network p_default
                2 create secret p_token-1
                3 create service p_db after 1, 2
                4 await db healthy for migrate after 3
                5 create service p_migrate after 4
                6 await migrate completed successfully for web after 5
                7 create service p_web after 6
                8 await p_db healthy after 3
                9 await p_migrate completed successfully after 5
                10 await p_web healthy after 7""");
    }

    @Test
    void an_unchanged_stack_keeps_its_services_and_skips_the_job_whose_last_run_completed() throws IOException {
        load(PIPELINE);
        deployed(LastRun.COMPLETED);
        assertThat(planOnDeployed(StackRequest.up(Set.of(), false))).hasToString("""
                1 keep service p_db (unchanged)
                2 await db healthy for migrate after 1
                3 skip service p_migrate (unchanged since its last run completed) after 2
                4 await migrate completed successfully for web after 3
                5 keep service p_web (unchanged) after 4""");
    }

    @Test
    void a_changed_spec_updates_its_service_alone() throws IOException {
        load(PIPELINE);
        deployed(LastRun.COMPLETED);
        services.put("p_web", new Deployed("id-web", 7, "an older hash", LastRun.NONE));
        assertThat(planOnDeployed(StackRequest.up(Set.of(), false)).steps().stream()
                .map(s -> s.operation().toString())).containsExactly("keep service p_db (unchanged)",
                "await db healthy for migrate", "skip service p_migrate (unchanged since its last run completed)",
                "await migrate completed successfully for web", "update service p_web (spec changed)");
    }

    @Test
    void an_unchanged_job_runs_again_when_its_last_run_failed_or_asked_and_is_kept_while_it_runs() throws IOException {
        load(PIPELINE);
        deployed(LastRun.FAILED);
        assertThat(planOnDeployed(StackRequest.up(Set.of(), false)).toString())
                .contains("rerun service p_migrate (its last run failed)");
        deployed(LastRun.UNFINISHED);
        assertThat(planOnDeployed(StackRequest.up(Set.of(), false)).toString())
                .contains("keep service p_migrate (its run has not ended)");
        deployed(LastRun.COMPLETED);
        assertThat(planOnDeployed(StackRequest.train(Set.of("migrate"), true)).toString())
                .contains("rerun service p_migrate (--rerun)");

        load(PIPELINE.replace("{role: job}", "{role: job, cache: false}"));
        deployed(LastRun.COMPLETED);
        assertThat(planOnDeployed(StackRequest.up(Set.of(), false)).toString())
                .contains("rerun service p_migrate (cache: false)");
    }

    @Test
    void train_brings_up_its_jobs_and_their_dependencies_only_and_waits_for_them() throws IOException {
        load(PIPELINE);
        deployed(LastRun.COMPLETED);
        assertThat(planOnDeployed(StackRequest.train(Set.of("migrate"), false))).hasToString("""
                1 keep service p_db (unchanged)
                2 await db healthy for migrate after 1
                3 skip service p_migrate (unchanged since its last run completed) after 2
                4 await p_db healthy after 1
                5 await p_migrate completed successfully after 3""");
    }

    @Test
    void a_one_off_brings_up_its_dependencies_and_awaits_them_for_itself() throws IOException {
        load(PIPELINE);
        assertThat(planOnDeployed(StackRequest.oneOffOf("web"))).hasToString("""
                1 create service p_db
                2 await db healthy for migrate after 1
                3 create service p_migrate after 2
                4 await migrate completed successfully for a one-off of web after 3""");
        assertThat(planOnDeployed(StackRequest.oneOffOf("db")).steps()).as("no dependency: nothing").isEmpty();
    }

    @Test
    void services_no_longer_in_the_file_are_named_in_a_warning_or_removed_first_with_remove_orphans()
            throws IOException {
        load(PIPELINE);
        deployed(LastRun.COMPLETED);
        services.put("p_old", new Deployed("id-old", 1, "h", LastRun.NONE));
        services.put("p_older", new Deployed("id-older", 1, "h", LastRun.NONE));
        var plan = planOnDeployed(StackRequest.up(Set.of("db"), false));
        assertThat(plan.warnings()).containsExactly("orphan services (p_old, p_older) are no longer in the file;"
                + " down removes them, and so does up --remove-orphans");
        assertThat(plan).hasToString("1 keep service p_db (unchanged)");

        var removing = planOnDeployed(StackRequest.up(Set.of("db"), false).withRemoveOrphans(true));
        assertThat(removing.warnings()).isEmpty();
        assertThat(removing).hasToString("""
                1 remove orphan service p_old
                2 remove orphan service p_older
                3 keep service p_db (unchanged) after 1, 2""");
    }
}
