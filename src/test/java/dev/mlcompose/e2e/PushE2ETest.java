package dev.mlcompose.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;

/**
 * {@code push} to a real registry: Debian's docker-registry ({@code scripts/install-registry.sh}), started by the
 * test on a free port of 127.0.0.1, where the engine pushes without TLS. The images pushed are read back from the
 * registry's API and pulled again.
 */
class PushE2ETest extends EngineScenario {

    private static final Path REGISTRY = Cli.ROOT.resolve(".tools/registry/usr/bin/docker-registry");

    private Process registry;
    private String address;

    @BeforeEach
    void startRegistry(TestInfo test) throws Exception {
        if (!Files.isExecutable(REGISTRY)) {
            Prerequisites.missing(test.getDisplayName(), "no registry at " + REGISTRY + " (run scripts/install-registry.sh)");
        }
        try (var socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            address = "127.0.0.1:" + socket.getLocalPort();
        }
        Path config = scratch.resolve("registry.yml");
        Files.writeString(config, "version: 0.1\nlog: {level: error}\nstorage: {filesystem: {rootdirectory: "
                + scratch.resolve("blobs") + "}}\nhttp: {addr: \"" + address + "\"}\n");
        registry = new ProcessBuilder(REGISTRY.toString(), "serve", config.toString())
                .redirectErrorStream(true).redirectOutput(scratch.resolve("registry.log").toFile()).start();
        await().atMost(Duration.ofSeconds(20)).ignoreExceptions()
                .until(() -> get("/v2/").statusCode() == 200);
        Files.writeString(scratch.resolve("Dockerfile"), "FROM mlcompose-test/busybox:1\nRUN echo pushed > /marker\n");
        Files.writeString(scratch.resolve("compose.yaml"), """
                services:
                  app:
                    build: .
                    image: %s/mlcompose-test/%s:1
                  plain:
                    image: %s/mlcompose-test/plain-%s:1
                  broken:
                    build: .
                    image: 127.0.0.1:5999/mlcompose-test/%s-broken:1
                """.formatted(address, project, address, project, project));
    }

    @AfterEach
    void stopRegistry() {
        if (registry != null) {
            registry.destroyForcibly();
        }
        Docker.runQuietly("rmi", "-f", image(), "127.0.0.1:5999/mlcompose-test/" + project + "-broken:1");
    }

    @Test
    void push_sends_the_built_image_to_its_registry_from_where_it_can_be_pulled_again() throws Exception {
        assertThat(cli("build", "app").exitCode()).isZero();

        var push = cli("push", "app");

        assertThat(push.exitCode()).as(push.err()).isZero();
        assertThat(push.err()).contains("Pushed");
        assertThat(get("/v2/mlcompose-test/" + project + "/tags/list").body()).contains("\"1\"");
        Docker.run("rmi", image());
        Docker.run("pull", image());
        assertThat(Docker.run("run", "--rm", image(), "cat", "/marker").strip()).isEqualTo("pushed");
    }

    @Test
    void build_push_builds_then_pushes_what_it_built() throws Exception {
        var build = cli("build", "--push", "app");

        assertThat(build.exitCode()).as(build.err()).isZero();
        assertThat(build.err()).contains("Built").contains("Pushed");
        assertThat(get("/v2/mlcompose-test/" + project + "/tags/list").body()).contains("\"1\"");
    }

    @Test
    void config_resolve_image_digests_pins_a_pushed_image_to_its_registry_digest() throws Exception {
        assertThat(cli("build", "--push", "app").exitCode()).isZero();
        String digest = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://" + address
                        + "/v2/mlcompose-test/" + project + "/manifests/1")).method("HEAD", HttpRequest.BodyPublishers.noBody())
                .header("Accept", "application/vnd.docker.distribution.manifest.v2+json").build(),
                HttpResponse.BodyHandlers.discarding()).headers().firstValue("Docker-Content-Digest").orElseThrow();
        Files.writeString(scratch.resolve("app-only.yaml"), "services:\n  app:\n    image: " + image() + "\n");

        var pinned = cli("-f", "app-only.yaml", "config", "--resolve-image-digests", "--format", "json");
        var unpushed = cli("config", "--resolve-image-digests");

        assertThat(pinned.exitCode()).as(pinned.err()).isZero();
        assertThat(pinned.out()).contains("\"image\": \"" + image() + "@" + digest + "\"");
        var lock = cli("-f", "app-only.yaml", "config", "--lock-image-digests");
        assertThat(lock.out()).as("an override file of the images alone")
                .isEqualTo("services:\n  app:\n    image: " + image() + "@" + digest + "\n");
        assertThat(unpushed.exitCode()).isEqualTo(1);
        assertThat(unpushed.err()).contains("has no registry digest on this engine").doesNotContain("\tat ");
    }

    @Test
    void every_push_is_tried_a_failed_one_is_named_and_images_not_built_here_are_not_pushed_as_compose() throws Exception {
        assertThat(cli("build").exitCode()).isZero();

        var push = cli("push");
        var ignored = cli("push", "--ignore-push-failures", "broken");

        assertThat(push.exitCode()).isEqualTo(1);
        assertThat(push.err()).contains("error: service broken: cannot push image 127.0.0.1:5999/mlcompose-test/")
                .as("plain has no build section: not pushed, as compose").doesNotContain("service plain")
                .doesNotContain("\tat ");
        assertThat(get("/v2/mlcompose-test/" + project + "/tags/list").body()).as("tried, though another failed")
                .contains("\"1\"");
        assertThat(ignored.exitCode()).as(ignored.err()).isZero();
        assertThat(ignored.err()).contains("service broken: cannot push image");
    }

    private String image() {
        return address + "/mlcompose-test/" + project + ":1";
    }

    private Cli.Result cli(String... args) throws IOException, InterruptedException {
        var all = new ArrayList<>(List.of("-p", project, "--progress", "plain"));
        all.addAll(List.of(args));
        return Cli.run(scratch, Map.of("HOME", System.getProperty("user.home")), all.toArray(String[]::new));
    }

    private HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://" + address + path))
                .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
