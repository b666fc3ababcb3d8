package dev.mlcompose.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@code run}'s flags make the one-off compose makes with the same flags: user, working directory, labels,
 * capabilities, its name, published service ports and network aliases, and {@code -d --rm} left to the engine
 * to remove.
 */
class RunFlagsE2ETest extends EngineScenario {

    private static final Path SCENARIO = SCENARIOS.resolve("run-flags");

    @Test
    void the_flags_give_the_one_off_what_compose_gives_it() throws Exception {
        ComposeV2.require("RunFlagsE2ETest");
        List<String> flags = List.of("-u", "1000:1000", "-w", "/tmp", "-l", "team=ml", "--cap-add", "NET_ADMIN",
                "--cap-drop", "CHOWN", "-P", "--use-aliases");

        var ours = mlcompose("run-flags", concat("run", "-d", "--name", project + "-ours", flags, "svc", "sleep", "60"));
        var theirs = ComposeV2.result(SCENARIO, project,
                concat("run", "-d", "--name", project + "-theirs", flags, "svc", "sleep", "60"));

        assertThat(ours.exitCode()).as(ours.err()).isZero();
        assertThat(ours.out().strip()).as("the container's ID, as compose prints it").matches("[0-9a-f]{64}");
        JsonNode mine = Docker.inspect(project + "-ours");
        JsonNode reference = Docker.inspect(project + "-theirs");
        assertThat(theirs.exitCode()).isZero();
        for (String path : List.of("/Config/User", "/Config/WorkingDir", "/Config/Labels/team", "/HostConfig/CapAdd",
                "/HostConfig/CapDrop", "/HostConfig/AutoRemove", "/Config/Labels/com.docker.compose.oneoff")) {
            assertThat(mine.at(path)).as(path).isEqualTo(reference.at(path));
        }
        assertThat(mine.at("/HostConfig/PortBindings/8080~1tcp/0/HostIp").asText()).as("--service-ports")
                .isEqualTo(reference.at("/HostConfig/PortBindings/8080~1tcp/0/HostIp").asText()).isEqualTo("127.0.0.1");
        String network = project + "_default";
        assertThat(mine.at("/NetworkSettings/Networks/" + network + "/Aliases").toString()).as("--use-aliases")
                .contains("svc-alias");
        assertThat(reference.at("/NetworkSettings/Networks/" + network + "/Aliases").toString()).contains("svc-alias");
    }

    @Test
    void remove_orphans_removes_the_containers_of_services_the_file_no_longer_has() throws Exception {
        java.nio.file.Files.writeString(scratch.resolve("before.yaml"), """
                services:
                  svc: {image: mlcompose-test/busybox:1, command: sleep 3600, init: true}
                  retired: {image: mlcompose-test/busybox:1, command: sleep 3600, init: true}
                """);
        var up = Cli.run(scratch, java.util.Map.of("HOME", System.getProperty("user.home")), "-f", "before.yaml",
                "-p", project, "up", "-d");
        assertThat(up.exitCode()).as(up.err()).isZero();

        var plain = mlcompose("run-flags", "run", "--rm", "svc", "true");
        assertThat(plain.exitCode()).as(plain.err()).isZero();
        assertThat(Docker.containers(project)).as("without the flag, as compose").contains(container("retired"));

        var run = mlcompose("run-flags", "run", "--rm", "--remove-orphans", "svc", "true");
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(Docker.containers(project)).doesNotContain(container("retired")).contains(container("svc"));
    }

    @Test
    void quiet_prints_nothing_but_the_containers_output_and_pull_never_refuses_a_missing_image() throws Exception {
        java.nio.file.Files.writeString(scratch.resolve("compose.yaml"), """
                services:
                  here: {image: mlcompose-test/busybox:1}
                  gone: {image: 127.0.0.1:5999/mlcompose-test/missing:1}
                """);
        var env = java.util.Map.of("HOME", System.getProperty("user.home"));

        var quiet = Cli.run(scratch, env, "-p", project, "run", "-q", "--rm", "here", "echo", "only-this");
        var never = Cli.run(scratch, env, "-p", project, "run", "--rm", "--pull", "never", "gone", "true");

        assertThat(quiet.exitCode()).as(quiet.err()).isZero();
        assertThat(quiet.out()).isEqualTo("only-this\n");
        assertThat(quiet.err()).as("no progress").isEmpty();
        assertThat(never.exitCode()).isEqualTo(1);
        assertThat(never.err()).contains("is missing and the pull policy is never").doesNotContain("\tat ");
    }

    @Test
    void detached_with_rm_it_is_the_engines_to_remove_once_it_exits() throws Exception {
        var run = mlcompose("run-flags", "run", "-d", "--rm", "--name", project + "-gone", "svc", "sleep", "1");

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(Docker.inspect(project + "-gone").at("/HostConfig/AutoRemove").asBoolean()).isTrue();
        await().atMost(Duration.ofSeconds(20)).until(() ->
                Docker.run("ps", "-aq", "--filter", "name=" + project + "-gone").isBlank());
    }

    @Test
    void publish_and_volume_give_the_one_off_its_own_ports_and_mounts_as_compose_does() throws Exception {
        ComposeV2.require("run -p -v");
        String volume = project + "-named";
        List<String> flags = List.of("-p", "127.0.0.1::80/udp", "-v", scratch + ":/data:ro", "-v", volume + ":/named");

        var ours = mlcompose("run-flags", concat("run", "-d", "--name", project + "-ours", flags, "svc", "sleep", "60"));
        var relative = mlcompose("run-flags", "run", "-d", "--name", project + "-relative", "-v", ".:/project:ro", "svc",
                "sleep", "60");
        var theirs = ComposeV2.result(SCENARIO, project,
                concat("run", "-d", "--name", project + "-theirs", flags, "svc", "sleep", "60"));

        try {
            assertThat(ours.exitCode()).as(ours.err()).isZero();
            assertThat(theirs.exitCode()).as(theirs.err()).isZero();
            JsonNode mine = Docker.inspect(project + "-ours");
            JsonNode reference = Docker.inspect(project + "-theirs");
            assertThat(mine.at("/HostConfig/PortBindings").fieldNames()).toIterable().as("-p instead of the service's")
                    .containsExactly("80/udp").containsExactlyElementsOf(() -> reference.at("/HostConfig/PortBindings").fieldNames());
            assertThat(mounts(mine)).isEqualTo(mounts(reference))
                    .contains("bind " + scratch + " /data false", "volume " + volume + " /named true");
            assertThat(Docker.run("exec", project + "-relative", "ls", "/project")).as("relative to the project directory")
                    .contains("compose.yaml");
            assertThat(mlcompose("run-flags", "run", "-P", "-p", "8080", "svc").err())
                    .contains("--service-ports and --publish are incompatible");
            assertThat(mlcompose("run-flags", "run", "-p", "80:x", "svc").exitCode()).isEqualTo(2);
        } finally {
            Docker.runQuietly("rm", "-f", project + "-ours", project + "-theirs", project + "-relative");
            Docker.runQuietly("volume", "rm", volume);
        }
    }

    /** Each mount as "type source-or-name target writable", sorted. */
    private static List<String> mounts(JsonNode container) {
        var out = new java.util.ArrayList<String>();
        container.path("Mounts").forEach(m -> out.add(m.path("Type").asText() + " "
                + (m.path("Type").asText().equals("volume") ? m.path("Name").asText() : m.path("Source").asText()) + " "
                + m.path("Destination").asText() + " " + m.path("RW").asBoolean()));
        out.sort(null);
        return out;
    }

    private static String[] concat(String command, String a, String b, String c, List<String> flags, String... rest) {
        var all = new java.util.ArrayList<>(List.of(command, a, b, c));
        all.addAll(flags);
        all.addAll(List.of(rest));
        return all.toArray(String[]::new);
    }
}
