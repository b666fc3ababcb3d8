package dev.mlcompose.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code up} and {@code down} on a real engine, read as the spec of their behaviour. */
class UpDownE2ETest extends EngineScenario {

    private static final List<String> DAG_SERVICES = List.of("db", "cache", "migrate", "api", "worker-1", "worker-2",
            "scheduler", "monitor", "ui", "report", "optional-job");

    @Test
    void up_starts_each_service_once_its_own_dependencies_are_satisfied() throws Exception {
        var up = mlcompose("dag", "up", "-d", "--wait");

        assertThat(up.exitCode()).as(up.err()).isZero();
        assertThat(Docker.containers(project)).hasSize(DAG_SERVICES.size());
        // service_healthy: started after the dependency's first passing probe
        assertThat(Docker.startedAt(container("migrate"))).as("migrate after db healthy")
                .isAfterOrEqualTo(Docker.healthyAt(container("db")));
        assertThat(Docker.startedAt(container("worker-1"))).isAfterOrEqualTo(Docker.healthyAt(container("api")));
        // service_completed_successfully: started after the job finished
        assertThat(Docker.startedAt(container("api"))).as("api after migrate completed")
                .isAfterOrEqualTo(Docker.finishedAt(container("migrate")));
        assertThat(Docker.inspect(container("migrate")).path("State").path("ExitCode").asInt()).isZero();
        // service_started
        assertThat(Docker.startedAt(container("scheduler"))).isAfterOrEqualTo(Docker.startedAt(container("cache")));
        // not level by level: cache does not wait for db's health
        assertThat(Docker.startedAt(container("cache"))).isBefore(Docker.healthyAt(container("db")));
        // required: false: a failed optional job does not stop its dependant
        assertThat(Docker.inspect(container("report")).path("State").path("Running").asBoolean()).isTrue();
        assertThat(up.err()).contains("optional dependency optional-job");
        // the file's network aliases resolve: migrate reaches db as "database"
        assertThat(Docker.run("exec", container("cache"), "sh", "-c", "nslookup database >/dev/null && echo resolved"))
                .contains("resolved");
    }

    @Test
    void second_up_recreates_nothing_and_a_change_recreates_the_service_and_its_dependants() throws Exception {
        assertThat(mlcompose("dag", "up", "-d", "--wait").exitCode()).isZero();
        var before = ids();

        var again = mlcompose("dag", "up", "-d", "--wait");
        assertThat(again.exitCode()).as(again.err()).isZero();
        assertThat(ids()).as("same containers after a second up").isEqualTo(before);

        var changed = mlcompose("dag", Map.of("THEME", "dark"), "up", "-d", "--wait");
        assertThat(changed.exitCode()).as(changed.err()).isZero();
        var after = ids();
        assertThat(after.get("ui")).as("ui changed").isNotEqualTo(before.get("ui"));
        assertThat(after.get("report")).as("report depends on ui").isNotEqualTo(before.get("report"));
        for (String unchanged : List.of("db", "api", "worker-1", "cache")) {
            assertThat(after.get(unchanged)).as(unchanged + " untouched").isEqualTo(before.get(unchanged));
        }
    }

    @Test
    void down_removes_containers_and_networks_but_keeps_named_volumes_unless_asked() throws Exception {
        assertThat(mlcompose("dag", "up", "-d", "--wait").exitCode()).isZero();
        assertThat(Docker.volumes(project)).containsExactly(project + "_data");

        var since = java.time.Instant.now();
        var down = mlcompose("dag", "down", "-t", "1");

        assertThat(down.exitCode()).as(down.err()).isZero();
        // reverse order, as the engine saw it: a dependency is signalled only after its dependants have died
        var events = Docker.run("events", "--since", seconds(since), "--until", seconds(java.time.Instant.now()),
                "--filter", "type=container", "--filter", "label=com.docker.compose.project=" + project,
                "--format", "{{.Action}} {{index .Actor.Attributes \"com.docker.compose.service\"}}").lines().toList();
        for (var edge : List.of(List.of("api", "db"), List.of("worker-1", "api"), List.of("ui", "worker-1"),
                List.of("report", "ui"), List.of("scheduler", "cache"), List.of("api", "cache"))) {
            assertThat(events.indexOf("die " + edge.get(0))).as(edge.get(0) + " died before " + edge.get(1) + " got a signal")
                    .isNotNegative().isLessThan(events.indexOf("kill " + edge.get(1)));
        }
        assertThat(Docker.containers(project)).isEmpty();
        assertThat(Docker.networks(project)).isEmpty();
        assertThat(Docker.volumes(project)).as("named volumes survive down").containsExactly(project + "_data");

        assertThat(mlcompose("dag", "down", "-v").exitCode()).isZero();
        assertThat(Docker.volumes(project)).isEmpty();
    }

    @Test
    void ps_and_logs_show_the_running_project() throws Exception {
        assertThat(mlcompose("dag", "up", "-d", "--wait").exitCode()).isZero();

        var ps = mlcompose("dag", "ps", "--format", "json");
        assertThat(ps.exitCode()).isZero();
        assertThat(ps.out()).contains("\"Service\":\"api\"").contains("\"State\":\"running\"")
                .contains("\"TargetPort\":8080");
        var logs = mlcompose("dag", "logs", "migrate");
        assertThat(logs.out()).contains(container("migrate")).contains("| migrated");
    }

    @Test
    void dry_run_prints_the_plan_and_changes_nothing() throws Exception {
        var fresh = mlcompose("dag", "up", "--dry-run");

        assertThat(fresh.exitCode()).as(fresh.err()).isZero();
        assertThat(fresh.out().lines()).startsWith("1 create network " + project + "_default")
                .contains("2 create volume " + project + "_data after 1")
                .anyMatch(l -> l.matches("\\d+ create " + container("db") + " after 2"))
                .anyMatch(l -> l.matches("\\d+ await db healthy for migrate after [\\d, ]+"))
                .anyMatch(l -> l.matches("\\d+ create " + container("migrate") + " after [\\d, ]+"));
        assertThat(Docker.containers(project)).as("a dry run creates no container").isEmpty();
        assertThat(Docker.networks(project)).as("nor a network").isEmpty();
        assertThat(Docker.volumes(project)).as("nor a volume").isEmpty();

        assertThat(mlcompose("dag", "up", "-d", "--wait").exitCode()).isZero();
        var before = ids();
        var changed = mlcompose("dag", Map.of("THEME", "dark"), "up", "--dry-run");

        assertThat(changed.exitCode()).as(changed.err()).isZero();
        assertThat(changed.out().lines())
                .anyMatch(l -> l.matches("\\d+ keep " + container("db") + " \\(running\\)"))
                .anyMatch(l -> l.matches("\\d+ recreate " + container("ui") + " \\(config changed\\) after [\\d, ]+"))
                .anyMatch(l -> l.matches("\\d+ recreate " + container("report") + " \\(a dependency was recreated\\) after [\\d, ]+"));
        assertThat(ids()).as("the dry run recreated nothing").isEqualTo(before);
        assertThat(Docker.inspect(container("ui")).path("Config").path("Env").toString()).contains("THEME=light");
    }

    @Test
    void the_global_dry_run_prints_what_down_stop_and_up_would_do_and_refuses_what_it_cannot_fake() throws Exception {
        assertThat(mlcompose("dag", "up", "-d", "--wait").exitCode()).isZero();
        var before = ids();

        var down = mlcompose("dag", "--dry-run", "down", "-v");
        var stop = mlcompose("dag", "--dry-run", "stop", "api");
        var up = mlcompose("dag", "--dry-run", "up", "-d");
        var run = mlcompose("dag", "--dry-run", "run", "migrate", "true");
        var ps = mlcompose("dag", "--dry-run", "ps", "-q");

        assertThat(down.exitCode()).as(down.err()).isZero();
        assertThat(down.out().lines())
                .anyMatch(l -> l.matches("\\d+ stop " + container("db") + " after [\\d, ]+"))
                .anyMatch(l -> l.matches("\\d+ remove " + container("db") + " after \\d+"))
                .contains("remove network " + project + "_default", "remove volume " + project + "_data");
        assertThat(stop.out().lines()).containsExactly("1 stop " + container("api"));
        assertThat(up.out().lines()).anyMatch(l -> l.matches("\\d+ keep " + container("db") + " \\(running\\)"));
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("--dry-run is not available for run");
        assertThat(ps.exitCode()).as("a command that only reads runs").isZero();
        assertThat(ps.out().lines()).contains(Docker.id(container("api")));
        assertThat(ids()).as("nothing was stopped, removed or recreated").isEqualTo(before);
        assertThat(Docker.volumes(project)).contains(project + "_data");
        assertThat(Docker.inspect(container("api")).path("State").path("Running").asBoolean()).isTrue();
    }

    private static String seconds(java.time.Instant t) {
        return t.getEpochSecond() + "." + String.format("%09d", t.getNano());
    }

    private Map<String, String> ids() {
        var ids = new java.util.TreeMap<String, String>();
        DAG_SERVICES.forEach(s -> ids.put(s, Docker.id(container(s))));
        return ids;
    }
}
