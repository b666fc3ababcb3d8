package dev.mlcompose.schema.yaml;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.mlcompose.schema.InvalidProjectException;
import dev.mlcompose.schema.Problem;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Anchors, aliases and merge keys as YAML defines them, and the limits that keep hostile files cheap. */
class YamlReaderTest {

    private final YamlReader yaml = new YamlReader();

    private MapNode read(String text) {
        return (MapNode) yaml.read("c.yaml", text).get(0);
    }

    private static List<String> problems(YamlReader reader, String text) {
        try {
            reader.read("c.yaml", text);
        } catch (InvalidProjectException e) {
            return e.problems().stream().map(Problem::toString).toList();
        }
        throw new AssertionError("expected the text to be refused");
    }

    private List<String> problems(String text) {
        return problems(yaml, text);
    }

    private static MapNode map(Node node, String key) {
        return (MapNode) ((MapNode) node).get(key).orElseThrow();
    }

    private static Object scalar(Node node, String key) {
        return ((ScalarNode) ((MapNode) node).get(key).orElseThrow()).value();
    }

    @Test
    void merge_keys_follow_the_yaml_merge_spec() {
        MapNode doc = read("""
                a: &a {x: 1, y: 1}
                b: &b {y: 2, z: 2}
                c:
                  <<: [*a, *b]
                  x: 3
                d:
                  x: 4
                  <<: *b
                """);
        // explicit keys win wherever they stand; of the sources, the first one that has a key wins
        assertThat(map(doc, "c").entries().keySet()).containsExactly("x", "y", "z");
        assertThat(scalar(map(doc, "c"), "x")).isEqualTo(3L);
        assertThat(scalar(map(doc, "c"), "y")).isEqualTo(1L);
        assertThat(scalar(map(doc, "d"), "x")).isEqualTo(4L);
        assertThat(scalar(map(doc, "d"), "z")).isEqualTo(2L);
        assertThat(map(doc, "c").keyLocation("z")).isEqualTo(new Location("c.yaml", 2, 14));
    }

    @Test
    void an_alias_is_the_node_its_anchor_names_not_a_copy() {
        MapNode doc = read("""
                x-a: &a {image: busybox, labels: {k: v}}
                b: *a
                c: {<<: *a}
                """);
        assertThat(doc.get("b").orElseThrow()).isSameAs(doc.get("x-a").orElseThrow());
        assertThat(map(doc, "c").get("labels").orElseThrow()).isSameAs(map(doc, "x-a").get("labels").orElseThrow());
        assertThat(doc.get("b").orElseThrow().location()).isEqualTo(new Location("c.yaml", 1, 6)); // the anchor starts it
    }

    @Test
    void an_anchor_defined_again_names_its_latest_node() {
        MapNode doc = read("a: &x 1\nb: &x 2\nc: *x\n");
        assertThat(scalar(doc, "c")).isEqualTo(2L);
    }

    @Test
    void duplicate_and_non_scalar_keys_are_errors_even_beside_a_merge_key() {
        assertThat(problems("""
                x: &x {a: 1}
                s:
                  <<: *x
                  b: 1
                  b: 2
                  [1, 2]: 3
                """)).containsExactly(
                "c.yaml:5:3: b: duplicate key 'b' (first defined at c.yaml:4:3)",
                "c.yaml:6:3: s: mapping keys must be scalars");
    }

    @Test
    void merge_key_takes_only_mappings() {
        assertThat(problems("a: &a [1]\nb:\n  <<: *a\n"))
                .containsExactly("c.yaml:3:7: b: merge key << expects a mapping or a list of mappings, got sequence");
    }

    @Test
    void cycles_through_aliases_and_merge_keys_name_both_paths() {
        assertThat(problems("x-m: &m\n  self: *m\n"))
                .containsExactly("c.yaml:2:9: x-m.self: cycle detected: alias *m references node at path x-m,"
                        + " which contains it");
        assertThat(problems("x-m: &m\n  a: 1\n  self:\n    <<: *m\n"))
                .containsExactly("c.yaml:4:9: x-m.self: cycle detected: alias *m references node at path x-m,"
                        + " which contains it");
        assertThat(problems("x-m: &m\n  a: 1\n  <<: *m\n"))
                .containsExactly("c.yaml:3:7: x-m: cycle detected: alias *m references node at path x-m,"
                        + " which contains it");
        assertThat(problems("x-s: &s [1, [*s]]\n"))
                .containsExactly("c.yaml:1:14: x-s[1][0]: cycle detected: alias *s references node at path x-s,"
                        + " which contains it");
        assertThat(problems("&r {a: *r}\n"))
                .containsExactly("c.yaml:1:8: a: cycle detected: alias *r references node at path (the document),"
                        + " which contains it");
    }

    @Test
    void an_unknown_alias_is_located() {
        assertThat(problems("a: *nope\n")).containsExactly("c.yaml:1:4: a: unknown anchor 'nope' referenced");
    }

    @Test
    void alias_bombs_are_refused_before_they_grow() {
        var bomb = new StringBuilder("x-0: &l0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
        for (int i = 1; i < 10; i++) {
            bomb.append("x-").append(i).append(": &l").append(i).append(" [")
                    .append(String.join(", ", java.util.Collections.nCopies(10, "*l" + (i - 1)))).append("]\n");
        }
        List<String> found = assertTimeoutPreemptively(Duration.ofSeconds(5), () -> problems(bomb.toString()));
        assertThat(found).singleElement().asString()
                .startsWith("c.yaml:6:16: x-5[1]: alias *l4 stands for 111111 nodes and takes the file past 250000"
                        + " YAML nodes");
    }

    @Test
    void merge_key_bombs_are_refused_before_they_grow() {
        var bomb = new StringBuilder("x-0: &m0 {a: 1, b: 2, c: 3, d: 4, e: 5, f: 6, g: 7, h: 8, i: 9, j: 10}\n");
        for (int i = 1; i < 10; i++) {
            bomb.append("x-").append(i).append(": &m").append(i).append(" {");
            for (int k = 0; k < 10; k++) {
                bomb.append(k == 0 ? "" : ", ").append("k").append(k).append(": {<<: *m").append(i - 1).append("}");
            }
            bomb.append("}\n");
        }
        List<String> found = assertTimeoutPreemptively(Duration.ofSeconds(5), () -> problems(bomb.toString()));
        assertThat(found).singleElement().asString().contains("merge key << takes the file past 250000 YAML nodes");
    }

    @Test
    void the_node_limit_counts_every_node_of_the_expanded_file() {
        var reader = new YamlReader(new YamlLimits(1 << 20, 10, 9));
        // a mapping with two entries, each a key and a two-item sequence: 1 + 2 * (1 + 3) = 9 nodes
        assertThatCode(() -> reader.read("c.yaml", "a: &s [1, 2]\nb: *s\n")).doesNotThrowAnyException();
        assertThat(problems(reader, "a: &s [1, 2]\nb: *s\nc: 1\n")).singleElement().asString()
                .startsWith("c.yaml:3:1: the file has more than 9 YAML nodes");
        assertThat(problems(reader, "a: &s [1, 2]\nb: [*s]\n")).singleElement().asString()
                .startsWith("c.yaml:2:5: b[0]: alias *s stands for 3 nodes and takes the file past 9 YAML nodes");
    }

    @Test
    void depth_is_limited_in_flow_and_block_style_and_through_aliases() {
        var reader = new YamlReader(new YamlLimits(1 << 20, 3, 1000));
        assertThatCode(() -> reader.read("c.yaml", "a: [[1]]\n")).doesNotThrowAnyException();
        assertThat(problems(reader, "a: [[[1]]]\n"))
                .containsExactly("c.yaml:1:6: a[0][0]: exceeded max depth of 3 nested mappings and sequences");
        assertThat(problems(reader, "a:\n  b:\n    c:\n      d: 1\n"))
                .containsExactly("c.yaml:4:7: a.b.c: exceeded max depth of 3 nested mappings and sequences");
        assertThat(problems(reader, "- - - - 1\n"))
                .containsExactly("c.yaml:1:7: [0][0][0]: exceeded max depth of 3 nested mappings and sequences");
        assertThat(problems(reader, "a: &a [[1]]\nb: [*a]\n"))
                .containsExactly("c.yaml:2:5: b[0]: alias *a nests mappings and sequences deeper than the max depth"
                        + " of 3");
    }

    @Test
    void thousands_of_levels_end_in_one_located_line_not_a_stack_overflow() {
        String deep = "x: " + "[".repeat(50_000) + "]".repeat(50_000) + "\n";
        List<String> found = assertTimeoutPreemptively(Duration.ofSeconds(5), () -> problems(deep));
        assertThat(found).containsExactly("c.yaml:1:253: x[0][0][0][0][0][0][0]…(250 levels): exceeded max depth"
                + " of 250 nested mappings and sequences");
        String block = "x:\n" + buildBlock(5_000);
        assertThat(assertTimeoutPreemptively(Duration.ofSeconds(5), () -> problems(block))).singleElement()
                .asString().contains("exceeded max depth of 250");
    }

    private static String buildBlock(int levels) {
        var out = new StringBuilder();
        for (int i = 1; i <= levels; i++) {
            out.append(" ".repeat(i)).append("a:\n");
        }
        return out.append(" ".repeat(levels + 1)).append("1\n").toString();
    }

    @Test
    void reader_errors_are_located() {
        assertThat(problems("a: 1\nb: \"x\u0001\"\n")).singleElement().asString()
                .isEqualTo("c.yaml:2:6: invalid YAML: character U+0001 is not allowed in YAML text");
        assertThat(problems("a: [1\n")).singleElement().asString().startsWith("c.yaml:2:1: invalid YAML:");
        assertThat(problems("a: !!int abc\n")).containsExactly("c.yaml:1:4: a: \"abc\" is not a valid !!int");
    }

    @Test
    void legacy_octal_and_huge_integers_keep_their_value() {
        MapNode doc = read("mode: 0440\nbig: 0777777777777777777777777\nhuge: 99999999999999999999\n");
        assertThat(scalar(doc, "mode")).isEqualTo(288L);
        assertThat(scalar(doc, "big")).isInstanceOf(java.math.BigInteger.class);
        assertThat(scalar(doc, "huge")).hasToString("99999999999999999999");
    }

    @Test
    void bytes_that_are_not_utf8_are_located_at_the_first_bad_byte() {
        byte[] text = "services:\n  a:\n    labels: {k: caf\u00e9, o: Ren".getBytes(StandardCharsets.UTF_8);
        byte[] bad = java.util.Arrays.copyOf(text, text.length + 2);
        bad[text.length] = (byte) 0xe9;
        bad[text.length + 1] = '\n';
        assertThatThrownBy(() -> SourceText.decode("c.yaml", bad)).isInstanceOf(InvalidProjectException.class)
                .hasMessage("c.yaml:3:29: invalid UTF-8 (byte 0xe9): Compose files must be UTF-8 text");
        assertThat(SourceText.decode("c.yaml", text)).endsWith("café, o: Ren");
    }

    @Test
    void a_file_over_the_size_limit_is_refused_before_it_is_parsed() {
        byte[] big = new byte[(int) YamlLimits.DEFAULT.maxBytes() + 1];
        java.util.Arrays.fill(big, (byte) '#');
        assertThatThrownBy(() -> SourceText.decode("c.yaml", big))
                .hasMessage("c.yaml:1:1: file is larger than 16 MiB, the most mlcompose reads");
    }

    @Test
    void one_long_string_is_read_in_linear_time() {
        String text = "x: \"" + "a".repeat(8 << 20) + "\"\n";
        MapNode doc = assertTimeoutPreemptively(Duration.ofSeconds(5), () -> read(text));
        assertThat((String) scalar(doc, "x")).hasSize(8 << 20);
    }

    @Test
    void a_problem_is_one_line_whatever_the_file_quoted() {
        var problem = new Problem(new Location("c.yaml", 1, 2), "a\nb", "bad \"x\r\n\u001b[31my\"" + "z".repeat(2000));
        assertThat(problem.toString()).doesNotContain("\n", "\r", "\u001b")
                .startsWith("c.yaml:1:2: a\\nb: bad \"x\\r\\n\\u001b[31my\"zz").endsWith("z… (1032 more characters)");
    }
}
