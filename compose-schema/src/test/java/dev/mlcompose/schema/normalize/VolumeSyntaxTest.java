package dev.mlcompose.schema.normalize;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The short volume syntax as compose-go's format/volume.go reads it (checked against compose 2.26.1). */
class VolumeSyntaxTest {

    private final List<String> ignored = new ArrayList<>();

    private Map<String, Object> parse(String spec) {
        return VolumeSyntax.parse(spec, ignored::add);
    }

    @Test
    void consistency_modes_are_accepted_alone_and_with_other_options_and_leave_nothing() {
        assertThat(parse("./a:/a:cached")).isEqualTo(parse("./a:/a"));
        assertThat(parse("./a:/a:ro,delegated")).isEqualTo(parse("./a:/a:ro"));
        assertThat(parse("./a:/a:Z,consistent,ro")).isEqualTo(parse("./a:/a:Z,ro"));
        assertThat(parse("data:/d:cached")).isEqualTo(parse("data:/d"));
        assertThat(ignored).isEmpty();
    }

    @Test
    void the_last_of_ro_and_rw_wins_and_unknown_options_are_ignored_and_reported() {
        assertThat(parse("./a:/a:ro,rw")).doesNotContainKey("read_only");
        assertThat(parse("./a:/a:rw,ro")).containsEntry("read_only", true);
        assertThat(parse("./a:/a:ro,fast")).isEqualTo(parse("./a:/a:ro"));
        assertThat(ignored).containsExactly("fast");
    }

    @Test
    void a_lone_letter_before_a_colon_is_a_windows_drive() {
        assertThat(parse("C:\\data:/data")).containsEntry("source", "C:\\data").containsEntry("target", "/data");
        assertThat(parse("v:/v")).containsEntry("type", "volume").containsEntry("target", "v:/v")
                .doesNotContainKey("source");
    }

    @Test
    void empty_sections_and_too_many_colons_are_errors() {
        for (String bad : new String[] {"./a:/b:", ":/b", "./a:/b:ro:x"}) {
            assertThatThrownBy(() -> parse(bad)).as(bad).isInstanceOf(IllegalArgumentException.class);
        }
    }
}
