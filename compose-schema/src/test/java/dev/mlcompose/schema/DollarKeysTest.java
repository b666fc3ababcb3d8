package dev.mlcompose.schema;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mlcompose.schema.config.ConfigPrinter;
import dev.mlcompose.schema.load.ComposeLoader;
import dev.mlcompose.schema.load.LoadRequest;
import dev.mlcompose.schema.model.Project;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Mapping keys are never interpolated, so {@code $$} in a key stays {@code $$}; compose's output escapes it. */
class DollarKeysTest {

    @TempDir
    Path dir;

    @Test
    void keys_keep_their_dollars_values_lose_the_escape() throws IOException {
        Files.writeString(dir.resolve("compose.yaml"), """
                services:
                  proxy:
                    image: traefik
                    labels:
                      "traefik.http.middlewares.auth$$.basicauth.users": "admin:$$apr1$$xyz"
                      "com.example.${NOT_A_VARIABLE}": literal
                    environment:
                      - LIST_$$=value
                """);
        Project p = ComposeLoader.load(LoadRequest.of(dir, Map.of("NOT_A_VARIABLE", "x")));
        var proxy = p.service("proxy").orElseThrow();
        assertThat(proxy.labels()).containsEntry("traefik.http.middlewares.auth$$.basicauth.users", "admin:$apr1$xyz")
                .containsEntry("com.example.${NOT_A_VARIABLE}", "literal");
        assertThat(proxy.environment()).containsOnlyKeys("LIST_$"); // in list form the entry is a value
        assertThat(ConfigPrinter.json(p, true)).contains("\"traefik.http.middlewares.auth$$$$.basicauth.users\": "
                + "\"admin:$$apr1$$xyz\"", "\"LIST_$$\": \"value\"");
        assertThat(ConfigPrinter.json(p, false)).contains("\"traefik.http.middlewares.auth$$.basicauth.users\"");
    }
}
