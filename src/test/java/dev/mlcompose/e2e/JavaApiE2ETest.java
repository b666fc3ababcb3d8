package dev.mlcompose.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mlcompose.runner.api.ComposeEnvironment;
import dev.mlcompose.runner.api.MlCompose;
import dev.mlcompose.runner.spec.ServiceFailure;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** The Java API as a CI suite uses it: up, endpoints, exec, logs, stop, close, in parallel. */
class JavaApiE2ETest extends EngineScenario {

    private static final Path INTEROP = SCENARIOS.resolve("interop/compose.yaml");

    @Test
    void up_gives_endpoints_exec_logs_stop_and_close_removes_everything() throws Exception {
        String name;
        try (ComposeEnvironment env = MlCompose.project(INTEROP).withProjectName(project).up()) {
            name = env.projectName();
            var response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://" + env.endpoint("web", 8080) + "/")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).as("httpd answers on the published random port").isBetween(200, 499);

            var exec = env.exec("worker", "sh", "-c", "echo ready; exit 3");
            assertThat(exec.exitCode()).isEqualTo(3);
            assertThat(exec.output()).contains("ready");

            env.stop("worker");
            assertThat(Docker.inspect(container("worker")).path("State").path("Running").asBoolean()).isFalse();
        }
        assertThat(Docker.containers(name)).isEmpty();
        assertThat(Docker.networks(name)).isEmpty();
    }

    @Test
    void parallel_projects_from_one_file_never_collide() throws Exception {
        var first = CompletableFuture.supplyAsync(() -> MlCompose.project(INTEROP).up());
        var second = CompletableFuture.supplyAsync(() -> MlCompose.project(INTEROP).up());
        try (var a = first.join(); var b = second.join()) {
            assertThat(a.projectName()).isNotEqualTo(b.projectName());
            assertThat(a.endpoint("web", 8080)).isNotEqualTo(b.endpoint("web", 8080));
        }
    }

    @Test
    void a_failing_up_removes_what_it_started_and_names_the_service() {
        var failing = MlCompose.project(SCENARIOS.resolve("failing-job/compose.yaml")).withProjectName(project);

        assertThatThrownBy(failing::up).isInstanceOf(ServiceFailure.class)
                .hasMessageContaining("dependency prepare exited with code 3");
        assertThat(Docker.containers(project)).isEmpty();
    }
}
