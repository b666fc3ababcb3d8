package dev.mlcompose.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code cp} copies what {@code docker compose cp} copies, where compose puts it: a folder, a folder's contents
 * ({@code /.}), a file under a new name, a tar stream; into every replica; contents, modes and links kept.
 */
class CpE2ETest extends EngineScenario {

    private static final Path SCENARIO = SCENARIOS.resolve("cp");

    @BeforeEach
    void containerWithFiles() throws Exception {
        ComposeV2.require("CpE2ETest");
        assertThat(mlcompose("cp", "up", "-d", "--wait").exitCode()).isZero();
        // in both replicas: compose copies out of whichever its engine lists first, mlcompose out of #1
        for (String index : List.of("1", "2")) {
            var made = mlcompose("cp", "exec", "-T", "--index", index, "box", "sh", "-c", "mkdir -p /d/sub"
                    + " && echo a > /d/a.txt && echo b > /d/sub/b.txt && chmod 600 /d/sub/b.txt && ln -s a.txt /d/link");
            assertThat(made.exitCode()).as(made.err()).isZero();
        }
    }

    @Test
    void out_of_the_container_files_land_where_compose_puts_them() throws Exception {
        for (List<String> copy : List.of(List.of("box:/d", "folder"), List.of("box:/d/.", "contents"),
                List.of("box:/d/a.txt", "renamed.txt"), List.of("box:/d/sub/b.txt", "."))) {
            Path ours = Files.createDirectories(scratch.resolve("ours-" + copy.get(1).replace('.', '_')));
            Path theirs = Files.createDirectories(scratch.resolve("theirs-" + copy.get(1).replace('.', '_')));

            var result = Cli.run(ours, Map.of("HOME", System.getProperty("user.home")), "-f",
                    SCENARIO.resolve("compose.yaml").toString(), "-p", project, "cp", copy.get(0), copy.get(1));
            assertThat(result.exitCode()).as("cp %s: %s", copy, result.err()).isZero();
            compose(theirs, "cp", copy.get(0), copy.get(1));

            assertThat(tree(ours)).as("cp %s", copy).isEqualTo(tree(theirs)).isNotEmpty();
        }
    }

    @Test
    void into_the_service_a_folder_reaches_every_replica_as_compose_puts_it() throws Exception {
        Path local = Files.createDirectories(scratch.resolve("up/inner"));
        Files.writeString(local.resolve("c.txt"), "c");
        Files.writeString(scratch.resolve("up/d.txt"), "d");

        var ours = Cli.run(scratch, Map.of("HOME", System.getProperty("user.home")), "-f",
                SCENARIO.resolve("compose.yaml").toString(), "-p", project, "cp", "up", "box:/tmp/ours");
        assertThat(ours.exitCode()).as(ours.err()).isZero();
        compose(scratch, "cp", "up", "box:/tmp/theirs");

        for (String replica : List.of(project + "-box-1", project + "-box-2")) {
            String listing = Docker.run("exec", replica, "sh", "-c", "cd /tmp/ours && find . | sort && cat inner/c.txt");
            assertThat(listing).as(replica).isEqualTo(Docker.run("exec", replica, "sh", "-c",
                    "cd /tmp/theirs && find . | sort && cat inner/c.txt")).contains("./inner/c.txt", "./d.txt");
        }
    }

    @Test
    void a_tar_stream_out_and_a_missing_file_as_compose() throws Exception {
        Path empty = Files.write(scratch.resolve("empty"), new byte[0]);
        var ours = Cli.piped(SCENARIO, List.of("java", "-jar", Cli.JAR.toString(), "-p", project, "cp", "box:/d", "-"),
                empty, scratch.resolve("d.tar"));
        assertThat(ours.exitCode()).as(ours.err()).isZero();
        Process list = new ProcessBuilder("tar", "tf", scratch.resolve("d.tar").toString()).start();
        assertThat(new String(list.getInputStream().readAllBytes()).lines())
                .containsExactlyInAnyOrder("d/", "d/a.txt", "d/link", "d/sub/", "d/sub/b.txt");

        var missing = mlcompose("cp", "cp", "box:/nope", scratch.resolve("x").toString());
        assertThat(missing.exitCode()).isEqualTo(1);
        assertThat(missing.err()).contains("Could not find the file /nope in container " + project + "-box-1");
    }

    private void compose(Path dir, String... args) throws Exception {
        var command = new ArrayList<>(List.of(ComposeV2.BINARY.toString(), "-f", SCENARIO.resolve("compose.yaml")
                .toString(), "-p", project));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor()).as(out).isZero();
    }

    /** Every path under {@code root} with what it is: a file's content and mode, a link's target. */
    private static List<String> tree(Path root) throws IOException {
        try (Stream<Path> walk = Files.walk(root)) {
            return walk.filter(p -> !p.equals(root)).map(p -> describe(root, p)).sorted().toList();
        }
    }

    private static String describe(Path root, Path p) {
        try {
            String name = root.relativize(p).toString();
            if (Files.isSymbolicLink(p)) {
                return name + " -> " + Files.readSymbolicLink(p);
            }
            if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
                return name + "/";
            }
            return name + " " + PosixFilePermissions.toString(Files.getPosixFilePermissions(p)) + " "
                    + Files.readString(p).strip();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
