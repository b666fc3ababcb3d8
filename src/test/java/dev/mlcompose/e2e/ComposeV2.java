package dev.mlcompose.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Docker Compose v2, the reference (scripts/install-compose-v2.sh puts 2.26.1 into .tools/). */
final class ComposeV2 {

    static final Path BINARY = Cli.ROOT.resolve(".tools/compose-v2/docker-compose");

    private ComposeV2() {
    }

    /** Fails under CI, skips loudly elsewhere, when compose is not installed. */
    static void require(String test) {
        if (!Files.isExecutable(BINARY)) {
            Prerequisites.missing(test, "docker compose v2 is not installed at " + BINARY
                    + " (run scripts/install-compose-v2.sh)");
        }
    }

    /** Runs compose on a scenario's compose.yaml; its exit code, stdout and stderr apart, whatever it exits with. */
    static Cli.Result result(Path scenario, String project, String... args) throws Exception {
        var command = new ArrayList<>(List.of(BINARY.toString(), "-f", "compose.yaml", "-p", project));
        command.addAll(List.of(args));
        Path out = Files.createTempFile("compose-out", ".txt");
        Path err = Files.createTempFile("compose-err", ".txt");
        Process p = new ProcessBuilder(command).directory(scenario.toFile()).redirectOutput(out.toFile())
                .redirectError(err.toFile()).start();
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        var result = new Cli.Result(p.exitValue(), Files.readString(out), Files.readString(err));
        Files.delete(out);
        Files.delete(err);
        return result;
    }

    /** Runs compose on a scenario's compose.yaml; it must succeed. */
    static String run(Path scenario, String project, String... args) throws Exception {
        var command = new ArrayList<>(List.of(BINARY.toString(), "-f", "compose.yaml", "-p", project));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).directory(scenario.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as("docker compose %s: %s", String.join(" ", args), out).isZero();
        return out;
    }
}
