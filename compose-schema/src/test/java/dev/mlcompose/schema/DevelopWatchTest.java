package dev.mlcompose.schema;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mlcompose.schema.load.ComposeLoader;
import dev.mlcompose.schema.load.LoadRequest;
import dev.mlcompose.schema.model.Service.WatchAction;
import dev.mlcompose.schema.model.Service.WatchRule;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code develop.watch}: each rule typed, its path absolute, ignore as a string or a list. */
class DevelopWatchTest {

    @TempDir
    Path dir;

    @Test
    void watch_rules_are_read_with_absolute_paths_and_every_action() throws IOException {
        Files.writeString(dir.resolve("compose.yaml"), """
                services:
                  web:
                    build: .
                    develop:
                      watch:
                        - {path: ./src, action: sync, target: /app, ignore: "*.tmp"}
                        - {path: requirements.txt, action: rebuild}
                        - {path: conf, action: sync+exec, target: /conf, exec: {command: kill -HUP 1, user: root}}
                        - {path: ./model, action: sync+restart, target: /model, ignore: [a, b], include: ["*.pt"]}
                        - {path: ./settings.toml, action: restart, initial_sync: true}
                """);
        List<WatchRule> rules = ComposeLoader.load(LoadRequest.of(dir, Map.of(), new String[0]))
                .service("web").orElseThrow().watch();

        assertThat(rules).extracting(WatchRule::action).containsExactly(WatchAction.SYNC, WatchAction.REBUILD,
                WatchAction.SYNC_EXEC, WatchAction.SYNC_RESTART, WatchAction.RESTART);
        assertThat(rules).extracting(WatchRule::path).containsExactly(dir.resolve("src").toString(),
                dir.resolve("requirements.txt").toString(), dir.resolve("conf").toString(),
                dir.resolve("model").toString(), dir.resolve("settings.toml").toString());
        assertThat(rules.get(0).target()).contains("/app");
        assertThat(rules.get(0).ignore()).containsExactly("*.tmp");
        assertThat(rules.get(3).ignore()).containsExactly("a", "b");
        assertThat(rules.get(3).include()).containsExactly("*.pt");
        assertThat(rules.get(1).exec()).isEmpty();
        assertThat(rules.get(2).exec().orElseThrow().command()).containsExactly("kill", "-HUP", "1");
        assertThat(rules.get(2).exec().orElseThrow().user()).isEqualTo(Optional.of("root"));
        assertThat(rules.get(4).initialSync()).isTrue();
        assertThat(rules.get(3).syncs()).isTrue();
        assertThat(rules.get(4).syncs()).isFalse();
    }

    @Test
    void a_service_without_develop_watches_nothing() throws IOException {
        Files.writeString(dir.resolve("compose.yaml"), "services:\n  web:\n    image: w\n");
        assertThat(ComposeLoader.load(LoadRequest.of(dir, Map.of(), new String[0])).service("web").orElseThrow()
                .watch()).isEmpty();
    }
}
