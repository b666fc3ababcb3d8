package dev.mlcompose.schema.yaml;

import java.math.BigInteger;
import java.util.Optional;
import java.util.regex.Pattern;
import org.snakeyaml.engine.v2.api.ConstructNode;
import org.snakeyaml.engine.v2.events.ScalarEvent;
import org.snakeyaml.engine.v2.nodes.Tag;
import org.snakeyaml.engine.v2.schema.CoreSchema;

/** Types scalars by the YAML 1.2 core schema, as go-yaml (and so compose) types them. */
final class ScalarValues {

    static final Tag RESET = new Tag("!reset");
    static final Tag OVERRIDE = new Tag("!override");

    private static final Pattern LEGACY_OCTAL = Pattern.compile("^[-+]?0[0-7]+$");

    private final CoreSchema schema = new CoreSchema();

    CoreSchema schema() {
        return schema;
    }

    /** The tag the event names, or the one the core schema resolves for it ({@code !} means "not plain"). */
    Tag tag(ScalarEvent event) {
        Optional<String> tag = event.getTag();
        if (tag.isEmpty() || tag.get().equals("!")) {
            return resolve(event.getValue(), event.getImplicit().canOmitTagInPlainScalar());
        }
        return new Tag(tag.get());
    }

    boolean isMergeKey(ScalarEvent event) {
        return tag(event).equals(Tag.MERGE);
    }

    /**
     * The typed value: {@link String}, {@link Long}, {@link BigInteger}, {@link Double}, {@link Boolean} or null.
     *
     * @throws IllegalArgumentException when an explicit tag does not fit the text ({@code !!int abc})
     */
    Object value(ScalarEvent event) {
        String text = event.getValue();
        if (event.isPlain() && event.getTag().isEmpty() && LEGACY_OCTAL.matcher(text).matches()) {
            // go-yaml (compose) reads 0440 as octal, as YAML 1.1 did; file modes are written that way
            return narrow(new BigInteger(text.replaceFirst("^([-+]?)0", "$1"), 8));
        }
        Tag tag = tag(event);
        if (tag.equals(RESET) || tag.equals(OVERRIDE)) {
            tag = resolve(text, event.isPlain());
        }
        ConstructNode construct = schema.getSchemaTagConstructors().get(tag);
        if (construct == null || tag.equals(Tag.STR)) {
            return text;
        }
        try {
            Object value = construct.construct(new org.snakeyaml.engine.v2.nodes.ScalarNode(tag, text,
                    event.getScalarStyle()));
            return value instanceof Integer i ? Long.valueOf(i) : value instanceof BigInteger b ? narrow(b) : value;
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("\"" + text + "\" is not a valid " + tag.getValue()
                    .replace(Tag.PREFIX, "!!"));
        }
    }

    private Tag resolve(String text, boolean plain) {
        return schema.getScalarResolver().resolve(text, plain);
    }

    private static Object narrow(BigInteger value) {
        return value.bitLength() < 64 ? (Object) value.longValue() : value;
    }
}
