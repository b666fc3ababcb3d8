package dev.mlcompose.runner.watch;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mlcompose.schema.load.ComposeLoader;
import dev.mlcompose.schema.load.LoadRequest;
import dev.mlcompose.schema.model.Service;
import dev.mlcompose.schema.model.Service.WatchAction;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which changed file means what: targets, ignores, includes, .dockerignore, editors' files, BatchActions. */
class ServiceRulesTest {

    @TempDir
    Path dir;

    private Service service;

    @BeforeEach
    void project() throws IOException {
        Files.createDirectories(dir.resolve("src/pkg"));
        Files.writeString(dir.resolve(".dockerignore"), "**/__pycache__\n");
        Files.writeString(dir.resolve("compose.yaml"), """
                services:
                  training:
                    build: .
                    develop:
                      watch:
                        - {path: ./src, action: sync, target: /app/src/, ignore: [data]}
                        - {path: ./src/pkg, action: sync+exec, target: /opt/pkg, exec: {command: [kill, -HUP, "1"]}}
                        - {path: ./configs, action: sync+restart, target: /configs, include: ["*.yaml"]}
                        - {path: requirements.txt, action: rebuild}
                """);
        service = ComposeLoader.load(LoadRequest.of(dir, Map.of(), new String[0])).service("training").orElseThrow();
    }

    private List<Change> changes(String path) {
        return ServiceRules.of(service, service.watch(), Optional.of(dir)).changes(dir.resolve(path));
    }

    @Test
    void a_file_maps_to_its_place_under_each_rule_target_it_falls_under() {
        assertThat(changes("src/train.py")).extracting(Change::containerPath)
                .containsExactly(Optional.of("/app/src/train.py"));
        assertThat(changes("src/pkg/model.py")).extracting(c -> c.rule().action(), Change::containerPath)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(WatchAction.SYNC, Optional.of("/app/src/pkg/model.py")),
                        org.assertj.core.groups.Tuple.tuple(WatchAction.SYNC_EXEC, Optional.of("/opt/pkg/model.py")));
        assertThat(changes("requirements.txt")).extracting(c -> c.rule().action()).containsExactly(WatchAction.REBUILD);
        assertThat(changes("requirements.txt.bak")).as("a file rule is that file only").isEmpty();
        assertThat(changes("README.md")).isEmpty();
    }

    @Test
    void ignored_files_are_no_change() {
        assertThat(changes("src/data/big.csv")).as("the rule's ignore").isEmpty();
        assertThat(changes("src/pkg/__pycache__/m.pyc")).as(".dockerignore").isEmpty();
        assertThat(changes("src/.train.py.swp")).as("vim").isEmpty();
        assertThat(changes("src/train.py~")).as("a backup").isEmpty();
        assertThat(changes("src/.git/HEAD")).isEmpty();
        assertThat(changes("configs/notes.txt")).as("not included").isEmpty();
        assertThat(changes("configs/lr.yaml")).hasSize(1);
    }

    @Test
    void the_roots_are_the_rule_directories_and_the_parent_of_a_file_or_missing_path() {
        assertThat(ServiceRules.of(service, service.watch(), Optional.of(dir)).roots())
                .containsExactly(dir.resolve("src"), dir.resolve("src/pkg"), dir);
    }

    @Test
    void a_batch_with_a_rebuild_is_a_rebuild_only_else_syncs_then_a_restart_and_each_command_once() {
        var rebuild = BatchActions.of(List.of(changes("src/a.py").get(0), changes("requirements.txt").get(0)));
        assertThat(rebuild).isEqualTo(new BatchActions(true, List.of(), false, List.of()));

        var batch = new java.util.ArrayList<Change>();
        batch.addAll(changes("src/pkg/a.py"));
        batch.addAll(changes("src/pkg/b.py"));
        batch.addAll(changes("configs/lr.yaml"));
        var actions = BatchActions.of(batch);
        assertThat(actions.rebuild()).isFalse();
        assertThat(actions.syncs()).hasSize(5);
        assertThat(actions.restart()).isTrue();
        assertThat(actions.execs()).extracting(Service.Hook::command).containsExactly(List.of("kill", "-HUP", "1"));
    }
}
