package dev.mlcompose.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mlcompose.schema.interpolate.MissingVariableException;
import dev.mlcompose.schema.interpolate.Template;
import dev.mlcompose.schema.interpolate.TemplateException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class TemplateTest {

    private final List<String> unset = new ArrayList<>();
    private final Template template = new Template(Map.of("SET", "v", "EMPTY", "")::get, unset::add);

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
        "$SET|v", "${SET}|v", "a-${SET}-b|a-v-b", "$$SET|$SET", "$${SET}|${SET}",
        "${UNSET:-d}|d", "${EMPTY:-d}|d", "${EMPTY-d}|''", "${UNSET-d}|d",
        "${SET:+alt}|alt", "${EMPTY:+alt}|''", "${EMPTY+alt}|alt", "${UNSET+alt}|''",
        "${UNSET:-${SET}}|v", "${UNSET:-${ALSO_UNSET:-deep}}|deep", "cost $5|cost $5", "${SET:?boom}|v"})
    void substitutes_like_compose(String text, String expected) {
        assertThat(template.substitute(text)).isEqualTo(expected);
    }

    @Test
    void unset_variable_becomes_empty_and_is_reported() {
        assertThat(template.substitute("x${NOPE}y")).isEqualTo("xy");
        assertThat(unset).containsExactly("NOPE");
    }

    @Test
    void required_variable_names_itself_and_the_message() {
        assertThatThrownBy(() -> template.substitute("${TOKEN:?set TOKEN first}"))
                .isInstanceOf(MissingVariableException.class)
                .hasMessage("required variable TOKEN is missing a value: set TOKEN first");
        assertThatThrownBy(() -> template.substitute("${EMPTY:?}")).isInstanceOf(MissingVariableException.class);
        assertThat(template.substitute("${EMPTY?}")).isEmpty();
    }

    @Test
    void malformed_braces_are_errors() {
        assertThatThrownBy(() -> template.substitute("${SET")).isInstanceOf(TemplateException.class);
        assertThatThrownBy(() -> template.substitute("${}")).isInstanceOf(TemplateException.class);
        assertThatThrownBy(() -> template.substitute("${SET!x}")).isInstanceOf(TemplateException.class);
    }
}
