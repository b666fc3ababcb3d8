package dev.mlcompose.runner.cli.output;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class GoTemplateTest {

    private static GoTemplate.MapSubject box(String name, String status) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("Name", name);
        fields.put("Status", status);
        fields.put("ExitCode", 0);
        fields.put("Publishers", List.of());
        return new GoTemplate.MapSubject(fields, Map.of("team", "ml"));
    }

    @Test
    void fields_labels_functions_and_pipelines_print_as_go_prints_them() {
        var t = GoTemplate.parse("{{.Name}} {{.Label \"team\"}} {{json .Name}} {{.Name | upper}} {{.ExitCode}}"
                + " {{.Publishers}} {{truncate .Name 4}}");

        assertThat(t.render(List.of(box("pipe-box-1", "Up")), Map.of()))
                .isEqualTo("pipe-box-1 ml \"pipe-box-1\" PIPE-BOX-1 0 [] pipe\n");
    }

    @Test
    void a_table_has_a_header_and_columns_aligned_as_the_docker_cli_aligns_them() {
        var t = GoTemplate.parse("table {{.Name}}\\t{{.Status}}");

        // compose 2.26.1, `ps --format 'table {{.Name}}\t{{.Status}}'` on one container
        assertThat(t.render(List.of(box("pipe-box-1", "Up 19 minutes")), Map.of("Name", "NAME", "Status", "STATUS")))
                .isEqualTo("NAME         STATUS\npipe-box-1   Up 19 minutes\n");
        assertThat(GoTemplate.parse("table {{.Name}}\\t{{.ExitCode}}\\t{{.Status}}")
                .render(List.of(box("a", "Up")), Map.of()).lines().toList())
                .as("short cells take the minimum width of 10; a field without a header shows <no value>")
                .containsExactly("<no value>   <no value>   <no value>", "a            0            Up");
    }

    @Test
    void json_of_the_whole_subject_is_its_fields_and_trim_markers_drop_the_spaces() {
        assertThat(GoTemplate.parse("{{json .}}").render(List.of(box("a", "Up")), Map.of()))
                .isEqualTo("{\"Name\":\"a\",\"Status\":\"Up\",\"ExitCode\":0,\"Publishers\":[]}\n");
        assertThat(GoTemplate.parse("{{.Name -}}   :   {{- .Status}}").render(List.of(box("a", "Up")), Map.of()))
                .isEqualTo("a:Up\n");
    }

    @Test
    void what_it_cannot_read_is_refused_with_the_action_and_the_reason() {
        assertThatThrownBy(() -> GoTemplate.parse("{{.Name")).hasMessageContaining("unclosed action");
        assertThatThrownBy(() -> GoTemplate.parse("{{.Nope}}").render(List.of(box("a", "Up")), Map.of()))
                .hasMessage("{{.Nope}}: there is no field Nope");
        assertThatThrownBy(() -> GoTemplate.parse("{{printf \"%s\" .Name}}").render(List.of(box("a", "Up")), Map.of()))
                .hasMessageStartingWith("{{printf \"%s\" .Name}}: there is no function printf");
        assertThatThrownBy(() -> GoTemplate.parse("{{.Name | }}")).hasMessageContaining("an empty command");
        assertThatThrownBy(() -> GoTemplate.parse("{{(.Name)}}")).hasMessageContaining("cannot read (.Name)");
    }
}
