package dev.mlcompose.schema.normalize;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import org.junit.jupiter.api.Test;

/**
 * Command strings split as compose splits them (mattn/go-shellwords 1.0.12); each expectation was checked
 * against docker compose 2.26.1's {@code config} (golden/issue13-shell-words holds the same forms).
 */
class ShellWordsTest {

    @Test
    void quoted_words_and_dollar_parens_stay_one_word() {
        assertThat(ShellWords.split("cmd \"$(date -u +%F)\"")).containsExactly("cmd", "$(date -u +%F)");
        assertThat(ShellWords.split("cmd $(date -u +%F) after")).containsExactly("cmd", "$(date -u +%F)", "after");
        assertThat(ShellWords.split("echo $(a \"b c\") d")).containsExactly("echo", "$(a \"b c\")", "d");
        assertThat(ShellWords.split("echo `a b` x")).containsExactly("echo", "`a b`", "x");
    }

    @Test
    void a_backslash_takes_the_next_character_except_in_single_quotes() {
        assertThat(ShellWords.split("a\\ b \"c\\\"d\" 'e\\f' \"g\\h\" \"i\\\\j\""))
                .containsExactly("a b", "c\"d", "e\\f", "gh", "i\\j");
        assertThat(ShellWords.split("sh -c \"echo a \\\n  b\"")).containsExactly("sh", "-c", "echo a \n  b");
    }

    @Test
    void empty_quotes_are_words_and_only_ascii_blanks_separate() {
        assertThat(ShellWords.split("a '' \"\" b")).containsExactly("a", "", "", "b");
        assertThat(ShellWords.split("tab\there\u00a0nbsp")).containsExactly("tab", "here\u00a0nbsp");
        assertThat(ShellWords.split("   ")).isEmpty();
    }

    @Test
    void reading_stops_at_a_shell_operator_and_the_rest_is_reported() {
        var dropped = new ArrayList<String>();
        assertThat(ShellWords.split("echo a && echo b", dropped::add)).containsExactly("echo", "a");
        assertThat(ShellWords.split("echo a;b", dropped::add)).containsExactly("echo", "a");
        assertThat(ShellWords.split("echo 2>/dev/null x", dropped::add)).containsExactly("echo");
        assertThat(ShellWords.split("echo 'a && b' \"c|d\"", dropped::add)).containsExactly("echo", "a && b", "c|d");
        assertThat(dropped).containsExactly("&& echo b", ";b", ">/dev/null x");
    }

    @Test
    void what_compose_refuses_is_refused() {
        for (String bad : new String[] {"echo 'open", "echo \"open", "trailing\\", "echo $(open", "echo (x)", "a)"}) {
            assertThatThrownBy(() -> ShellWords.split(bad)).as(bad).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("invalid command line string");
        }
    }
}
