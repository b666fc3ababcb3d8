package dev.mlcompose.runner.engine.docker;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mlcompose.runner.engine.EngineException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * The user's registry credentials as compose hands them to a {@code use_api_socket} container
 * ({@code apiSocket.go}: the CLI config's {@code GetAllCredentials}, written by {@code SaveToWriter}): the
 * {@code auths} of config.json, or, when it names a {@code credsStore}, what that helper lists; then each
 * registry of {@code credHelpers} from its helper. Each is written as {@code auth} (base64 of user:password) with
 * its tokens, registries sorted and tab-indented, as the docker CLI writes its config.
 */
final class RegistryCredentials {

    /** Runs {@code docker-credential-NAME ACTION} with {@code input} on stdin; its output, or an exception. */
    @FunctionalInterface
    interface Helpers {
        String run(String name, String action, String input) throws IOException;
    }

    /** What a helper says for a registry it has nothing for (docker-credential-helpers' ErrCredentialsNotFound). */
    private static final String NOT_FOUND = "credentials not found in native keychain";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Helpers helpers;

    RegistryCredentials(Helpers helpers) {
        this.helpers = helpers;
    }

    /** The helpers found on the PATH, as the docker CLI runs them. */
    static RegistryCredentials onPath() {
        return new RegistryCredentials(RegistryCredentials::runHelper);
    }

    /** The credentials of the CLI config in {@code configDir}, as config.json text; {@code {"auths": {}}} if none. */
    String of(Path configDir) {
        JsonNode config = read(configDir.resolve("config.json"));
        var auths = new TreeMap<String, ObjectNode>();
        String store = config.path("credsStore").asText("");
        if (store.isEmpty()) {
            config.path("auths").fields().forEachRemaining(e -> auths.put(e.getKey(), fromFile(e.getValue())));
        } else {
            list(store).forEach(registry -> auths.put(registry, fromHelper(store, registry, config)));
        }
        config.path("credHelpers").fields().forEachRemaining(e -> {
            try {
                auths.put(e.getKey(), fromHelper(e.getValue().asText(), e.getKey(), config));
            } catch (EngineException failed) {
                // compose only logs a registry whose helper fails (configfile.GetAllCredentials)
            }
        });
        return write(auths);
    }

    /** A config.json entry: {@code auth} (or username and password) kept as base64 {@code auth}, tokens as they are. */
    private static ObjectNode fromFile(JsonNode entry) {
        String auth = entry.path("auth").asText("");
        String username = entry.path("username").asText("");
        String password = entry.path("password").asText("");
        if (auth.isEmpty() && !(username.isEmpty() && password.isEmpty())) {
            auth = base64(username + ":" + password);
        }
        return saved(auth, entry.path("identitytoken").asText(""), entry.path("registrytoken").asText(""));
    }

    /** A helper's {@code get}: a user name of {@code <token>} means the secret is an identity token. */
    private ObjectNode fromHelper(String helper, String registry, JsonNode config) {
        JsonNode got = call(helper, "get", registry);
        if (got == null) {
            return saved("", "", "");
        }
        String username = got.path("Username").asText("");
        String secret = got.path("Secret").asText("");
        String registryToken = config.path("auths").path(registry).path("registrytoken").asText("");
        return username.equals("<token>") ? saved("", secret, registryToken)
                : saved(username.isEmpty() && secret.isEmpty() ? "" : base64(username + ":" + secret), "", registryToken);
    }

    private List<String> list(String helper) {
        JsonNode listed = call(helper, "list", "");
        var registries = new ArrayList<String>();
        if (listed != null) {
            listed.fieldNames().forEachRemaining(registries::add);
        }
        return registries;
    }

    /** The helper's JSON answer; null when it has nothing for the registry. */
    private JsonNode call(String helper, String action, String input) {
        try {
            return JSON.readTree(helpers.run(helper, action, input));
        } catch (IOException | RuntimeException e) {
            if (String.valueOf(e.getMessage()).contains(NOT_FOUND)) {
                return null;
            }
            throw new EngineException(EngineException.Kind.FAILED, "resolving credentials failed: docker-credential-"
                    + helper + " " + action + ": " + e.getMessage(), e);
        }
    }

    private static ObjectNode saved(String auth, String identityToken, String registryToken) {
        ObjectNode node = JsonNodeFactory.instance.objectNode();
        putIfSet(node, "auth", auth);
        putIfSet(node, "identitytoken", identityToken);
        putIfSet(node, "registrytoken", registryToken);
        return node;
    }

    private static void putIfSet(ObjectNode node, String field, String value) {
        if (!value.isEmpty()) {
            node.put(field, value);
        }
    }

    private static String base64(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    private static JsonNode read(Path file) {
        if (!Files.isRegularFile(file)) {
            return JsonNodeFactory.instance.objectNode();
        }
        try {
            return JSON.readTree(file.toFile());
        } catch (IOException e) {
            throw new EngineException(EngineException.Kind.INVALID, "resolving credentials failed: " + file + ": "
                    + e.getMessage(), e);
        }
    }

    /** As Go's {@code json.MarshalIndent(c, "", "\t")} writes it: tab-indented, {@code {}} for an empty object. */
    private static String write(Map<String, ObjectNode> auths) {
        if (auths.isEmpty()) {
            return "{\n\t\"auths\": {}\n}";
        }
        var out = new StringBuilder("{\n\t\"auths\": {");
        String separator = "\n";
        for (var registry : auths.entrySet()) {
            out.append(separator).append("\t\t").append(quoted(registry.getKey())).append(": ");
            out.append(registry.getValue().isEmpty() ? "{}" : entry(registry.getValue()));
            separator = ",\n";
        }
        return out.append("\n\t}\n}").toString();
    }

    private static String entry(ObjectNode fields) {
        var out = new StringBuilder("{");
        String separator = "\n";
        for (var field : (Iterable<Map.Entry<String, JsonNode>>) fields::fields) {
            out.append(separator).append("\t\t\t").append(quoted(field.getKey())).append(": ")
                    .append(quoted(field.getValue().asText()));
            separator = ",\n";
        }
        return out.append("\n\t\t}").toString();
    }

    private static String quoted(String text) {
        try {
            return JSON.writeValueAsString(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String runHelper(String name, String action, String input) throws IOException {
        Process process = new ProcessBuilder("docker-credential-" + name, action).redirectErrorStream(true).start();
        try (var stdin = process.getOutputStream()) {
            stdin.write(input.getBytes(StandardCharsets.UTF_8));
        }
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IOException("no answer within 30s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
        if (process.exitValue() != 0) {
            throw new IOException(output);
        }
        return output;
    }
}
