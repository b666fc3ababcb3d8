package dev.mlcompose.schema.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mlcompose.schema.model.Project;
import java.io.UncheckedIOException;
import java.util.Map;
import org.snakeyaml.engine.v2.api.Dump;
import org.snakeyaml.engine.v2.api.DumpSettings;
import org.snakeyaml.engine.v2.common.FlowStyle;

/** Prints a project as {@code docker compose config} does, in YAML or JSON. */
public final class ConfigPrinter {

    private ConfigPrinter() {
    }

    /** The project in compose's canonical shape, as plain maps and lists. */
    public static Map<String, Object> shape(Project project, boolean escapeDollars) {
        return new OutputShape(escapeDollars).shape(project.document());
    }

    public static String json(Project project, boolean escapeDollars) {
        return json(shape(project, escapeDollars));
    }

    /** A document of plain maps, lists and scalars as {@code config --format json} prints one. */
    public static String json(Object document) {
        var separators = Separators.createDefaultInstance().withObjectFieldValueSpacing(Separators.Spacing.AFTER);
        var printer = new DefaultPrettyPrinter(separators).withObjectIndenter(new DefaultIndenter("  ", "\n"))
                .withArrayIndenter(new DefaultIndenter("  ", "\n"));
        try {
            return new ObjectMapper().writer(printer).writeValueAsString(document) + "\n";
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static String yaml(Project project, boolean escapeDollars) {
        return yaml(shape(project, escapeDollars));
    }

    /** A document of plain maps, lists and scalars as {@code config} prints one. */
    public static String yaml(Object document) {
        var settings = DumpSettings.builder().setDefaultFlowStyle(FlowStyle.BLOCK).setIndent(2)
                .setIndicatorIndent(2).setIndentWithIndicator(true).setWidth(Integer.MAX_VALUE).build();
        return new Dump(settings).dumpToString(document);
    }
}
