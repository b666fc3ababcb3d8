package dev.mlcompose.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The hostile files of issue 14 through the whole command line, as a user meets them: {@code mlcompose config}
 * and {@code up} in a JVM with a 512 MiB heap answer each with one located error line and exit code 3, never a
 * trace (the loader's own limits are checked in compose-schema's HostileFilesTest).
 */
class HostileFilesCliE2ETest {

    private static final String SERVICE = "services:\n  app:\n    image: mlcompose-test/busybox:1\n";
    private static final Map<String, String> ENV = Map.of("HOME", "/home/hostile", "JAVA_TOOL_OPTIONS", "-Xmx512m");

    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(strings = {"alias-bomb", "deep-sequences", "deep-mappings", "merge-cycle", "alias-cycle",
            "not-utf-8", "size-beyond-64-bits", "duration-beyond-64-bits", "replicas-beyond-int"})
    void each_is_one_located_line_and_exit_3_for_config_and_up(String name) throws Exception {
        Files.write(dir.resolve("compose.yaml"), file(name));

        for (String[] command : new String[][] {{"config"}, {"up", "-d"}}) {
            var result = Cli.run(dir, ENV, command);

            String errors = result.err().lines().filter(l -> !l.startsWith("Picked up JAVA_TOOL_OPTIONS"))
                    .reduce("", (a, b) -> a + b + "\n");
            assertThat(result.exitCode()).as(errors).isEqualTo(3);
            assertThat(errors.lines()).as(errors).singleElement().asString()
                    .matches("error: \\S*compose\\.yaml:\\d+:\\d+: .+");
            assertThat(result.out()).isEmpty();
        }
    }

    private static byte[] file(String name) {
        String text = switch (name) {
            case "alias-bomb" -> {
                var bomb = new StringBuilder(SERVICE).append("x-0: &l0 [" + String.join(", ",
                        Collections.nCopies(10, "lol")) + "]\n");
                for (int i = 1; i < 10; i++) {
                    bomb.append("x-" + i + ": &l" + i + " [" + String.join(", ", Collections.nCopies(10, "*l" + (i - 1)))
                            + "]\n");
                }
                yield bomb.toString();
            }
            case "deep-sequences" -> SERVICE + "x-deep: " + "[".repeat(20_000) + "]".repeat(20_000) + "\n";
            case "deep-mappings" -> SERVICE + "x-deep: " + "{a: ".repeat(20_000) + "1" + "}".repeat(20_000) + "\n";
            case "merge-cycle" -> SERVICE + "x-m: &m\n  a: 1\n  self: {<<: *m}\n";
            case "alias-cycle" -> SERVICE + "x-r: &r [*r]\n";
            case "not-utf-8" -> null;
            case "size-beyond-64-bits" -> SERVICE + "    mem_limit: 18446744073709551616m\n";
            case "duration-beyond-64-bits" -> SERVICE + "    stop_grace_period: 18446744073709551616m\n";
            case "replicas-beyond-int" -> SERVICE + "    deploy: {replicas: 18446744073709551616}\n";
            default -> throw new IllegalArgumentException(name);
        };
        if (text != null) {
            return text.getBytes(StandardCharsets.UTF_8);
        }
        byte[] label = (SERVICE + "    labels: {owner: ren").getBytes(StandardCharsets.UTF_8);
        byte[] out = new byte[label.length + 4];
        System.arraycopy(label, 0, out, 0, label.length);
        out[label.length] = (byte) 0xe9; // Latin-1 é
        out[label.length + 1] = 'e';
        out[label.length + 2] = '}';
        out[label.length + 3] = '\n';
        return out;
    }
}
