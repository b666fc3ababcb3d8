package dev.mlcompose.schema;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mlcompose.schema.load.ComposeLoader;
import dev.mlcompose.schema.load.LoadRequest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Numbers that do not fit where they go are located errors, never a wrapped value (compose 2.26 turns
 * {@code mem_limit: 18446744073709551616m} into -9223372036854775808 and panics on a huge ulimit).
 */
class NumbersTest {

    @TempDir
    Path dir;

    private List<String> problems(String service) throws IOException {
        Files.writeString(dir.resolve("compose.yaml"), "services:\n  app:\n    image: busybox\n" + service);
        try {
            ComposeLoader.load(LoadRequest.of(dir, Map.of("HOME", "/home/u"), new String[0]));
        } catch (InvalidProjectException e) {
            return e.problems().stream().map(p -> p.toString().replace(dir + "/", "")).toList();
        }
        throw new AssertionError("expected the project to be invalid");
    }

    @Test
    void sizes_beyond_64_bits_are_refused() throws IOException {
        assertThat(problems("    mem_limit: 18446744073709551616m\n")).containsExactly("compose.yaml:4:16:"
                + " services.app.mem_limit: size \"18446744073709551616m\" is out of range (at most"
                + " 9223372036854775807 bytes, 8 EiB)");
        assertThat(problems("    memswap_limit: 9223372036854775807k\n")).singleElement().asString()
                .contains("services.app.memswap_limit: size \"9223372036854775807k\" is out of range");
        assertThat(problems("    shm_size: 99999999999999999999\n")).containsExactly("compose.yaml:4:15:"
                + " services.app.shm_size: 99999999999999999999 is out of range (at most 9223372036854775807 bytes)");
    }

    @Test
    void counts_are_refused_beyond_what_the_engine_holds() throws IOException {
        assertThat(problems("    deploy:\n      replicas: 99999999999999999999\n")).containsExactly("compose.yaml:5:17:"
                + " services.app.deploy.replicas: 99999999999999999999 is out of range (at most 2147483647)");
        assertThat(problems("    scale: \"3000000000\"\n")).containsExactly("compose.yaml:4:12:"
                + " services.app.scale: 3000000000 is out of range (at most 2147483647)");
        assertThat(problems("    ulimits:\n      nofile: {soft: 99999999999999999999, hard: 1}\n"))
                .containsExactly("compose.yaml:5:22: services.app.ulimits.nofile.soft: 99999999999999999999 is out"
                        + " of range (at most 9223372036854775807)");
        assertThat(problems("    pids_limit: 9223372036854775808\n")).singleElement().asString()
                .endsWith("services.app.pids_limit: 9223372036854775808 is out of range (at most 9223372036854775807)");
        assertThat(problems("    oom_score_adj: \"5000\"\n")).singleElement().asString()
                .endsWith("services.app.oom_score_adj: 5000 is out of range (at most 1000)");
    }

    @Test
    void cpus_must_be_finite_and_fit_the_engines_nano_cpus() throws IOException {
        assertThat(problems("    cpus: 1e400\n")).containsExactly("compose.yaml:4:11: services.app.cpus: Infinity"
                + " is out of range (at most 9223372036)");
        assertThat(problems("    deploy: {resources: {limits: {cpus: \"1e20\"}}}\n")).singleElement().asString()
                .endsWith("services.app.deploy.resources.limits.cpus: 1.0E20 is out of range (at most 9223372036)");
    }

    @Test
    void durations_beyond_go_durations_are_refused_as_go_refuses_them() throws IOException {
        assertThat(problems("    stop_grace_period: 2562048h\n")).containsExactly("compose.yaml:4:24:"
                + " services.app.stop_grace_period: invalid duration \"2562048h\": out of range (at most"
                + " 2562047h47m16.854775807s)");
        assertThat(problems("    healthcheck: {test: [CMD, \"true\"], interval: 99999999999999999999s}\n"))
                .singleElement().asString().contains("healthcheck.interval: invalid duration");
    }

    @Test
    void the_largest_numbers_that_fit_still_load() throws IOException {
        Files.writeString(dir.resolve("compose.yaml"), """
                services:
                  app:
                    image: busybox
                    mem_limit: 8191p
                    pids_limit: 9223372036854775807
                    stop_grace_period: 2562047h
                    deploy: {replicas: 2147483647}
                """);
        var service = ComposeLoader.load(LoadRequest.of(dir, Map.of("HOME", "/home/u"), new String[0]))
                .service("app").orElseThrow();
        assertThat(service.replicas()).isEqualTo(Integer.MAX_VALUE);
        assertThat(service.options().limits().memory().limit().orElseThrow().bytes()).isEqualTo(8191L << 50);
    }
}
