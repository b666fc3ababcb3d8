package dev.mlcompose.runner.engine.docker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mlcompose.runner.engine.EngineException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The credentials a use_api_socket container gets, as the docker CLI's {@code GetAllCredentials} and
 * {@code SaveToWriter} make them (expected texts written from docker/cli's configfile code).
 */
class RegistryCredentialsTest {

    @TempDir
    Path dir;

    private final List<String> calls = new ArrayList<>();

    /** Helpers that answer from a table: "name action input" to output; anything else is not found. */
    private RegistryCredentials helpers(Map<String, String> answers) {
        return new RegistryCredentials((name, action, input) -> {
            String call = (name + " " + action + " " + input).strip();
            calls.add(call);
            if (!answers.containsKey(call)) {
                throw new IOException("credentials not found in native keychain");
            }
            return answers.get(call);
        });
    }

    @Test
    void no_config_is_an_empty_auths_map() {
        assertThat(helpers(Map.of()).of(dir)).isEqualTo("{\n\t\"auths\": {}\n}");
    }

    @Test
    void file_auths_are_written_back_as_base64_auth_with_their_tokens_sorted_by_registry() throws IOException {
        Files.writeString(dir.resolve("config.json"), """
                {"auths": {
                  "registry.local:5000": {"username": "ml", "password": "s3cret"},
                  "https://index.docker.io/v1/": {"auth": "dXNlcjpwYXNz", "email": "x@y"},
                  "ghcr.io": {"identitytoken": "tok"}
                }, "psFormat": "table"}
                """);

        assertThat(helpers(Map.of()).of(dir)).isEqualTo("""
                {
                \t"auths": {
                \t\t"ghcr.io": {
                \t\t\t"identitytoken": "tok"
                \t\t},
                \t\t"https://index.docker.io/v1/": {
                \t\t\t"auth": "dXNlcjpwYXNz"
                \t\t},
                \t\t"registry.local:5000": {
                \t\t\t"auth": "bWw6czNjcmV0"
                \t\t}
                \t}
                }""");
    }

    @Test
    void a_creds_store_replaces_the_file_auths_and_cred_helpers_override_per_registry() throws IOException {
        Files.writeString(dir.resolve("config.json"), """
                {"auths": {"only.in.file": {"auth": "YTpi"}, "a.io": {}},
                 "credsStore": "desktop", "credHelpers": {"b.io": "ecr", "gone.io": "ecr"}}
                """);
        var credentials = helpers(Map.of(
                "desktop list", "{\"a.io\": \"alice\", \"t.io\": \"<token>\"}",
                "desktop get a.io", "{\"ServerURL\": \"a.io\", \"Username\": \"alice\", \"Secret\": \"pw\"}",
                "desktop get t.io", "{\"ServerURL\": \"t.io\", \"Username\": \"<token>\", \"Secret\": \"idt\"}",
                "ecr get b.io", "{\"ServerURL\": \"b.io\", \"Username\": \"AWS\", \"Secret\": \"k\"}"));

        assertThat(credentials.of(dir)).isEqualTo("""
                {
                \t"auths": {
                \t\t"a.io": {
                \t\t\t"auth": "YWxpY2U6cHc="
                \t\t},
                \t\t"b.io": {
                \t\t\t"auth": "QVdTOms="
                \t\t},
                \t\t"gone.io": {},
                \t\t"t.io": {
                \t\t\t"identitytoken": "idt"
                \t\t}
                \t}
                }""");
    }

    @Test
    void a_creds_store_that_cannot_list_fails_with_the_helper_named() throws IOException {
        Files.writeString(dir.resolve("config.json"), "{\"credsStore\": \"pass\"}");
        var broken = new RegistryCredentials((name, action, input) -> {
            throw new IOException("exec: docker-credential-pass: not found");
        });

        assertThatThrownBy(() -> broken.of(dir)).isInstanceOf(EngineException.class)
                .hasMessage("resolving credentials failed: docker-credential-pass list: exec: docker-credential-pass:"
                        + " not found");
    }
}
