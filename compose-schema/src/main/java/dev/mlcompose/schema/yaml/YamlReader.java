package dev.mlcompose.schema.yaml;

import dev.mlcompose.schema.InvalidProjectException;
import dev.mlcompose.schema.Problem;
import java.util.List;
import java.util.Optional;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.api.lowlevel.Parse;
import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.exceptions.ReaderException;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;

/**
 * Reads YAML 1.2 text into {@link Node}s with their marks. SnakeYAML Engine's parser gives the events (its
 * parser keeps its own stack); {@link NodeComposer} builds the nodes, resolves anchors, aliases and merge keys
 * ({@code <<}), keeps Compose's {@code !reset}/{@code !override} tags, and enforces the {@link YamlLimits}.
 * Duplicate keys and non-scalar keys are errors.
 */
public final class YamlReader {

    private final ScalarValues scalars = new ScalarValues();
    private final YamlLimits limits;

    public YamlReader() {
        this(YamlLimits.DEFAULT);
    }

    public YamlReader(YamlLimits limits) {
        this.limits = limits;
    }

    /** Reads every document of a file; an empty file gives an empty list. */
    public List<Node> read(String file, String text) {
        // The whole text in one window: with the default 1 KiB window, SnakeYAML's reader copies the window for
        // every chunk of one long token, which took 24 s for an 8 MiB string.
        var settings = LoadSettings.builder().setLabel(file).setSchema(scalars.schema())
                .setBufferSize(Math.max(1024, text.length() + 1))
                .setCodePointLimit((int) Math.min(Integer.MAX_VALUE, limits.maxBytes())).build();
        try {
            return new NodeComposer(file, limits, scalars).compose(new Parse(settings).parseString(text));
        } catch (MarkedYamlEngineException e) {
            var mark = e.getProblemMark().or(e::getContextMark);
            throw new InvalidProjectException(new Problem(location(file, mark), "", yamlMessage(e)));
        } catch (ReaderException e) {
            Location at = SourceText.locate(file, text.substring(0, text.offsetByCodePoints(0,
                    Math.min(e.getPosition(), text.codePointCount(0, text.length())))));
            throw new InvalidProjectException(new Problem(at, "", "invalid YAML: character U+"
                    + String.format("%04X", e.getCodePoint()) + " is not allowed in YAML text"));
        } catch (YamlEngineException e) {
            throw new InvalidProjectException(new Problem(new Location(file, 1, 1), "", "invalid YAML: "
                    + e.getMessage()));
        }
    }

    private static Location location(String file, Optional<Mark> mark) {
        return mark.map(m -> new Location(file, m.getLine() + 1, m.getColumn() + 1))
                .orElse(new Location(file, 1, 1));
    }

    private static String yamlMessage(MarkedYamlEngineException e) {
        String problem = e.getProblem() == null ? "" : e.getProblem();
        String context = e.getContext() == null ? "" : e.getContext() + ": ";
        return "invalid YAML: " + context + problem;
    }
}
