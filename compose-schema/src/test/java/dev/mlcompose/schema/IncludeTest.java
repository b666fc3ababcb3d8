package dev.mlcompose.schema;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mlcompose.schema.load.ComposeLoader;
import dev.mlcompose.schema.load.LoadRequest;
import dev.mlcompose.schema.model.Project;
import dev.mlcompose.schema.model.Service;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Top-level {@code include}: a path list is one merged part; a name defined twice must be defined the same. */
class IncludeTest {

    @TempDir
    Path dir;

    private Path write(String name, String text) throws IOException {
        Path file = dir.resolve(name);
        Files.createDirectories(file.getParent());
        Files.writeString(file, text);
        return file;
    }

    private Project load() {
        return ComposeLoader.load(LoadRequest.of(dir, Map.of("HOME", "/home/u")));
    }

    private List<String> problems() {
        try {
            load();
        } catch (InvalidProjectException e) {
            return e.problems().stream().map(Problem::toString).toList();
        }
        throw new AssertionError("expected the project to be invalid");
    }

    @Test
    void a_path_list_is_a_base_and_its_overrides_with_paths_relative_to_the_first_file() throws IOException {
        write("db/compose.yaml", """
                services:
                  db:
                    image: postgres
                    environment: {POSTGRES_DB: app}
                    volumes: ["./init:/init"]
                    ports: ["5432:5432"]
                """);
        write("dev/override.yaml", """
                services:
                  db:
                    environment: {POSTGRES_PASSWORD: dev}
                    volumes: ["./seed:/seed"]
                    ports: !reset []
                  adminer: {image: adminer}
                """);
        write("compose.yaml", """
                include:
                  - path: [db/compose.yaml, dev/override.yaml]
                services:
                  app: {image: app, depends_on: [db]}
                """);
        Project p = load();
        assertThat(p.services()).containsOnlyKeys("app", "db", "adminer");
        Service db = p.service("db").orElseThrow();
        assertThat(db.environment()).containsExactly(Map.entry("POSTGRES_DB", "app"), Map.entry("POSTGRES_PASSWORD", "dev"));
        assertThat(db.volumes()).extracting(m -> m.source().orElseThrow())
                .containsExactly(dir.resolve("db/init").toString(), dir.resolve("db/seed").toString());
        assertThat(db.ports()).isEmpty();
    }

    @Test
    void the_same_network_and_volume_defined_in_the_main_file_and_included_files_is_one() throws IOException {
        String shared = """
                networks:
                  backend: {driver: bridge, labels: [tier=back]}
                volumes:
                  models: {}
                """;
        write("a/compose.yaml", "services:\n  a: {image: a, networks: [backend], volumes: ['models:/m']}\n" + shared);
        write("b/compose.yaml", "services:\n  b: {image: b, networks: [backend]}\n" + shared);
        write("compose.yaml", "include: [a/compose.yaml, b/compose.yaml]\nservices:\n  c: {image: c, networks: [backend]}\n"
                + shared);
        Project p = load();
        assertThat(p.services()).containsOnlyKeys("a", "b", "c");
        assertThat(p.networks().get("backend").labels()).containsEntry("tier", "back");
    }

    @Test
    void a_conflicting_definition_names_both_places() throws IOException {
        Path included = write("db/compose.yaml", """
                services:
                  db: {image: postgres}
                networks:
                  backend: {driver: bridge}
                """);
        Path main = write("compose.yaml", """
                include: [db/compose.yaml]
                services:
                  db: {image: "postgres:16"}
                networks:
                  backend: {driver: overlay}
                """);
        assertThat(problems()).containsExactly(
                main + ":3:7: services.db: service \"db\" conflicts with the one an included file defines at "
                        + included + ":2:7",
                main + ":5:12: networks.backend: network \"backend\" conflicts with the one an included file defines at "
                        + included + ":4:12");
    }

    @Test
    void two_includes_defining_one_name_differently_conflict_too() throws IOException {
        Path first = write("a.yaml", "services:\n  a: {image: a}\nvolumes:\n  data: {driver: local}\n");
        Path second = write("b.yaml", "services:\n  b: {image: b}\nvolumes:\n  data: {driver: nfs}\n");
        write("compose.yaml", "include: [a.yaml, b.yaml]\nservices:\n  c: {image: c}\n");
        assertThat(problems()).containsExactly(first + ":4:9: volumes.data: volume \"data\" conflicts with the one an"
                + " included file defines at " + second + ":4:9");
    }

    @Test
    void an_included_file_sees_the_process_then_the_main_dot_env_then_its_own_dot_env() throws IOException {
        // measured with compose 2.26.1, P=process in its environment
        write(".env", "A=main-dotenv\nP=main-dotenv\n");
        write("sub/.env", "A=sub\nC=sub\nD=${A}-d\nP=sub\n");
        write("sub/compose.yaml", """
                services:
                  sub: {image: s, environment: {A: "${A}", C: "${C}", D: "${D}", P: "${P}"}}
                """);
        write("compose.yaml", "include: [sub/compose.yaml]\nservices:\n  main: {image: m, environment: {C: \"${C:-unset}\"}}\n");
        Project p = ComposeLoader.load(LoadRequest.of(dir, Map.of("HOME", "/home/u", "P", "process")));
        assertThat(p.service("sub").orElseThrow().environment()).isEqualTo(Map.of("A", "main-dotenv", "C", "sub",
                "D", "main-dotenv-d", "P", "process"));
        assertThat(p.service("main").orElseThrow().environment()).containsEntry("C", "unset");
    }

    @Test
    void an_env_file_an_include_names_that_cannot_be_read_is_reported_there() throws IOException {
        write("sub/compose.yaml", "services:\n  sub: {image: s}\n");
        Path main = write("compose.yaml", "include:\n  - path: sub/compose.yaml\n    env_file: missing.env\n");
        assertThat(problems()).singleElement().asString()
                .startsWith(main + ":3:15: include[0].env_file: cannot read env file " + dir.resolve("missing.env"));
    }
}
