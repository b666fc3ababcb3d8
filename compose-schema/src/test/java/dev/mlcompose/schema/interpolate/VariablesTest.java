package dev.mlcompose.schema.interpolate;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** What {@code config --variables} reads off strings as written. */
class VariablesTest {

    @Test
    void each_form_says_whether_it_is_required_and_gives_its_default_or_alternate_as_written() {
        var found = Variables.in(List.of("busybox:${TAG:-1.36}", "${MODE}", "$PLAIN and ${OPT-adam}",
                "${LR:?set a learning rate}", "${ALT:+yes}", "${OUTER:-${INNER:-deep}}", "$${ESCAPED} and $$NOT"));

        assertThat(found.values()).extracting(v -> v.name() + " " + v.required() + " " + v.defaultValue().orElse("-")
                + " " + v.alternateValue().orElse("-")).containsExactly(
                "ALT false - yes", "INNER false deep -", "LR true - -", "MODE false - -", "OPT false adam -",
                "OUTER false ${INNER:-deep} -", "PLAIN false - -", "TAG false 1.36 -");
    }

    @Test
    void a_variable_used_twice_keeps_what_either_use_says_and_broken_templates_are_left_to_interpolation() {
        var found = Variables.in(List.of("${GPU}", "${GPU:-0}", "${GPU:?needed}", "${unclosed", "${9bad}"));

        assertThat(found).containsOnlyKeys("GPU");
        assertThat(found.get("GPU").required()).isTrue();
        assertThat(found.get("GPU").defaultValue()).contains("0");
    }
}
