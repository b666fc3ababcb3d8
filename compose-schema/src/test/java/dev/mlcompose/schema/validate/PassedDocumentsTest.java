package dev.mlcompose.schema.validate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mlcompose.schema.Problem;
import dev.mlcompose.schema.yaml.JsonTree;
import dev.mlcompose.schema.yaml.YamlReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A document that passed is not validated again while it is unchanged; problems are never taken from the cache. */
class PassedDocumentsTest {

    @TempDir
    Path cache;

    private List<Problem> validate(String yaml) {
        var document = new YamlReader().read("/project/compose.yaml", yaml).get(0);
        var validator = new SchemaValidator(SchemaValidator.RESOURCE, new PassedDocuments(Optional.of(cache)));
        return validator.validate(document);
    }

    @Test
    void a_pass_is_remembered_and_an_unchanged_document_is_taken_from_it() throws IOException {
        String yaml = "services: {app: {image: app}}\n";
        assertThat(validate(yaml)).isEmpty();
        try (var entries = Files.list(cache)) {
            Path entry = entries.findFirst().orElseThrow();
            // proof that the second read trusts the entry: forged for a document the schema rejects, it passes
            String invalid = "services: {app: {image: 42, bogus: true}}\n";
            var document = new YamlReader().read("/project/compose.yaml", invalid).get(0);
            String forged = PassedDocuments.digest(SchemaValidator.RESOURCE, JsonTree.of(document).toString());
            Files.writeString(entry, forged);
            assertThat(validate(invalid)).isEmpty();
        }
    }

    @Test
    void a_changed_document_is_validated_again_and_its_problems_reported() {
        assertThat(validate("services: {app: {image: app}}\n")).isEmpty();

        assertThat(validate("services: {app: {image: app, bogus: true}}\n"))
                .extracting(Problem::toString).anyMatch(p -> p.contains("bogus"));
        assertThat(validate("services: {app: {image: app, bogus: true}}\n")).as("a failure is never remembered")
                .isNotEmpty();
    }

    @Test
    void a_cache_that_cannot_be_written_only_costs_time() throws IOException {
        Path file = Files.writeString(cache.resolve("not-a-directory"), "");
        var validator = new SchemaValidator(SchemaValidator.RESOURCE, new PassedDocuments(Optional.of(file)));
        var document = new YamlReader().read("/project/compose.yaml", "services: {app: {image: app}}\n").get(0);

        assertThat(validator.validate(document)).isEmpty();
        assertThat(validator.validate(document)).isEmpty();
    }
}
