package dev.mlcompose.schema.hostile;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Issue 14's named hostile files, each loaded as {@code mlcompose config} loads it: one located line per problem,
 * within {@link UserView#BOUND}, with a bounded allocation, in a fork with a 512 MiB heap (compose-schema/pom.xml,
 * execution hostile-files). The limits are the README's ("How files are read") and docs/loading.md's.
 */
class HostileFilesTest {

    private static final String SERVICE = "services:\n  app:\n    image: busybox\n";

    @TempDir
    Path dir;

    private UserView load(String text) throws IOException {
        Files.writeString(dir.resolve("compose.yaml"), text);
        return UserView.load(dir, "compose.yaml");
    }

    @Test
    void a_10x10_alias_bomb_is_refused_before_it_grows() throws IOException {
        var bomb = new StringBuilder(SERVICE).append("x-0: &l0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
        for (int i = 1; i < 10; i++) {
            bomb.append("x-").append(i).append(": &l").append(i).append(" [")
                    .append(String.join(", ", Collections.nCopies(10, "*l" + (i - 1)))).append("]\n");
        }
        load(bomb.toString()).isRefusedWith("compose.yaml:9:16: x-5[1]: alias *l4 stands for 111111 nodes and takes"
                + " the file past 250000 YAML nodes, the most mlcompose reads (aliases and merge keys count as"
                + " expanded)").allocatedAtMostMiB(64);
    }

    @Test
    void a_bomb_of_merge_keys_is_refused_too() throws IOException {
        var bomb = new StringBuilder(SERVICE).append("x-0: &m0 {a: 1, b: 2, c: 3, d: 4, e: 5, f: 6, g: 7, h: 8, i: 9}\n");
        for (int i = 1; i < 10; i++) {
            bomb.append("x-").append(i).append(": &m").append(i).append(" {");
            for (int k = 0; k < 10; k++) {
                bomb.append(k == 0 ? "" : ", ").append("k").append(k).append(": {<<: *m").append(i - 1).append("}");
            }
            bomb.append("}\n");
        }
        UserView view = load(bomb.toString()).isLoadedOrLocated("merge bomb").allocatedAtMostMiB(64);
        assertThat(view.problems()).singleElement().asString()
                .endsWith(": merge key << takes the file past 250000 YAML nodes, the most mlcompose reads (aliases"
                        + " and merge keys count as expanded)");
    }

    @Test
    void thousands_of_nested_sequences_end_at_the_depth_limit() throws IOException {
        load(SERVICE + "x-deep: " + "[".repeat(20_000) + "]".repeat(20_000) + "\n")
                .isRefusedWith("compose.yaml:4:258: x-deep[0][0][0][0][0][0][0]…(250 levels): exceeded max depth"
                        + " of 250 nested mappings and sequences").allocatedAtMostMiB(64);
        load(SERVICE + "x-deep:\n" + "- ".repeat(5_000) + "1\n")
                .isRefusedWith("compose.yaml:5:499: x-deep[0][0][0][0][0][0][0]…(250 levels): exceeded max depth"
                        + " of 250 nested mappings and sequences").allocatedAtMostMiB(64);
    }

    @Test
    void thousands_of_nested_mappings_end_at_the_depth_limit() throws IOException {
        load(SERVICE + "x-deep: " + "{a: ".repeat(20_000) + "1" + "}".repeat(20_000) + "\n")
                .isRefusedWith("compose.yaml:4:1005: x-deep.a.a.a.a.a.a.a…(250 levels): exceeded max depth of 250"
                        + " nested mappings and sequences").allocatedAtMostMiB(64);
        var block = new StringBuilder(SERVICE).append("x-deep:\n");
        for (int i = 1; i <= 3_000; i++) {
            block.append(" ".repeat(i)).append("a:\n");
        }
        load(block.append(" ".repeat(3_001)).append("1\n").toString())
                .isRefusedWith("compose.yaml:254:251: x-deep.a.a.a.a.a.a.a…(250 levels): exceeded max depth of 250"
                        + " nested mappings and sequences").allocatedAtMostMiB(256);
    }

    @Test
    void a_mapping_merged_into_itself_is_a_cycle_with_its_path() throws IOException {
        load(SERVICE + "x-m: &m\n  a: 1\n  self:\n    <<: *m\n").isRefusedWith("compose.yaml:7:9: x-m.self: cycle"
                + " detected: alias *m references node at path x-m, which contains it");
        load(SERVICE + "x-m: &m\n  a: 1\n  <<: *m\n").isRefusedWith("compose.yaml:6:7: x-m: cycle detected: alias *m"
                + " references node at path x-m, which contains it");
    }

    @Test
    void a_recursive_alias_is_a_cycle_with_its_path() throws IOException {
        load(SERVICE + "x-r: &r\n  - *r\n").isRefusedWith("compose.yaml:5:5: x-r[0]: cycle detected: alias *r"
                + " references node at path x-r, which contains it");
        load("services:\n  app: &app\n    image: busybox\n    labels: *app\n").isRefusedWith("compose.yaml:4:13:"
                + " services.app.labels: cycle detected: alias *app references node at path services.app, which"
                + " contains it");
    }

    @Test
    void a_50_mb_file_is_refused_without_being_read_whole() throws IOException {
        Path file = dir.resolve("compose.yaml");
        try (OutputStream out = Files.newOutputStream(file)) {
            out.write((SERVICE + "x-blob: \"").getBytes(StandardCharsets.UTF_8));
            byte[] chunk = "a".repeat(1 << 20).getBytes(StandardCharsets.UTF_8);
            for (int i = 0; i < 50; i++) {
                out.write(chunk);
            }
            out.write("\"\n".getBytes(StandardCharsets.UTF_8));
        }
        UserView.load(dir, "compose.yaml")
                .isRefusedWith("compose.yaml:1:1: file is larger than 16 MiB, the most mlcompose reads")
                .allocatedAtMostMiB(64);
    }

    @Test
    void a_file_just_under_the_size_limit_still_loads() throws IOException {
        String blob = "a".repeat((16 << 20) - 100);
        UserView view = load(SERVICE + "x-blob: \"" + blob + "\"\n").isLoadedOrLocated("16 MiB file");
        assertThat(view.config()).as("printed").contains("\"image\": \"busybox\"");
    }

    @Test
    void bytes_that_are_not_utf8_are_located_at_the_first_bad_byte() throws IOException {
        byte[] text = (SERVICE + "    labels: {k: caf\u00e9, o: Ren").getBytes(StandardCharsets.UTF_8);
        byte[] bad = java.util.Arrays.copyOf(text, text.length + 2);
        bad[text.length] = (byte) 0xe9;
        bad[text.length + 1] = '\n';
        Files.write(dir.resolve("compose.yaml"), bad);
        UserView.load(dir, "compose.yaml").isRefusedWith("compose.yaml:4:29: invalid UTF-8 (byte 0xe9): Compose files"
                + " must be UTF-8 text");
    }

    @Test
    void an_env_file_that_is_not_utf8_is_located_in_that_file() throws IOException {
        // compose 2.26.1 takes the bytes as they are (config prints B: !!binary Y2Fm6Q==); mlcompose reads UTF-8 only
        byte[] latin1 = "A=1\nB=caf\u00e9\n".getBytes(StandardCharsets.ISO_8859_1);
        Files.write(dir.resolve("vars.env"), latin1);
        load(SERVICE + "    env_file: vars.env\n")
                .isRefusedWith("vars.env:2:6: invalid UTF-8 (byte 0xe9): env files must be UTF-8 text");
        Files.write(dir.resolve(".env"), latin1);
        load(SERVICE).isRefusedWith(".env:2:6: invalid UTF-8 (byte 0xe9): env files must be UTF-8 text");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            mem_limit: 18446744073709551616m           | compose.yaml:4:16: services.app.mem_limit: size "18446744073709551616m" is out of range (at most 9223372036854775807 bytes, 8 EiB)
            memswap_limit: 18446744073709551616m       | compose.yaml:4:20: services.app.memswap_limit: size "18446744073709551616m" is out of range (at most 9223372036854775807 bytes, 8 EiB)
            shm_size: 18446744073709551616m            | compose.yaml:4:15: services.app.shm_size: size "18446744073709551616m" is out of range (at most 9223372036854775807 bytes, 8 EiB)
            stop_grace_period: 18446744073709551616m   | compose.yaml:4:24: services.app.stop_grace_period: invalid duration "18446744073709551616m": out of range (at most 2562047h47m16.854775807s)
            'healthcheck: {test: [CMD, "true"], interval: 18446744073709551616m}' | compose.yaml:4:50: services.app.healthcheck.interval: invalid duration "18446744073709551616m": out of range (at most 2562047h47m16.854775807s)
            'deploy: {replicas: 18446744073709551616}' | compose.yaml:4:24: services.app.deploy.replicas: 18446744073709551616 is out of range (at most 2147483647)
            """)
    void numbers_that_do_not_fit_are_located_errors_not_wrapped_values(String line, String expected) throws IOException {
        load(SERVICE + "    " + line + "\n").isRefusedWith(expected);
    }
}
