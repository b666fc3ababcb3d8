package dev.mlcompose.runner.watch;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code .dockerignore}-style patterns as moby's patternmatcher reads them. */
class IgnorePatternsTest {

    private static final Path BASE = Path.of("/project/src");

    private static boolean ignored(String path, String... patterns) {
        return IgnorePatterns.of(BASE, List.of(patterns)).matches(BASE.resolve(path));
    }

    @Test
    void a_star_stays_within_one_segment_and_a_double_star_spans_any_number_none_included() {
        assertThat(ignored("a.tmp", "*.tmp")).isTrue();
        assertThat(ignored("sub/a.tmp", "*.tmp")).isFalse();
        assertThat(ignored("a.tmp", "**/*.tmp")).isTrue();
        assertThat(ignored("sub/deeper/a.tmp", "**/*.tmp")).isTrue();
        assertThat(ignored("data/b", "data/**/b")).isTrue();
        assertThat(ignored("data/x/y/b", "data/**/b")).isTrue();
        assertThat(ignored("a.tmq", "*.tmp")).isFalse();
        assertThat(ignored("a1.txt", "a?.txt")).isTrue();
    }

    @Test
    void a_pattern_that_matches_a_directory_matches_everything_under_it() {
        assertThat(ignored("node_modules/pkg/index.js", "node_modules")).isTrue();
        assertThat(ignored("checkpoints/epoch-1/model.pt", "/checkpoints/")).isTrue();
        assertThat(ignored("src/checkpoints.py", "checkpoints")).isFalse();
    }

    @Test
    void the_last_matching_pattern_decides_and_an_exclamation_mark_takes_a_path_back() {
        assertThat(ignored("logs/keep.log", "logs", "!logs/keep.log")).isFalse();
        assertThat(ignored("logs/other.log", "logs", "!logs/keep.log")).isTrue();
        assertThat(ignored("a.tmp", "!a.tmp", "*.tmp")).isTrue();
    }

    @Test
    void comments_blank_lines_and_paths_outside_the_base_match_nothing() {
        assertThat(ignored("a.tmp", "# *.tmp", "", "   ")).isFalse();
        assertThat(IgnorePatterns.of(BASE, List.of("*")).matches(Path.of("/project/other/a"))).isFalse();
        assertThat(IgnorePatterns.of(BASE, List.of("*")).matches(BASE)).as("the base itself").isFalse();
    }

    @Test
    void braces_are_literal_as_in_docker() {
        assertThat(ignored("{a,b}.txt", "{a,b}.txt")).isTrue();
        assertThat(ignored("a.txt", "{a,b}.txt")).isFalse();
    }
}
