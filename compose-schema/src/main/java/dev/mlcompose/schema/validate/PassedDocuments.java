package dev.mlcompose.schema.validate;

import dev.mlcompose.schema.path.KeyPath;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Remembers, per place (Compose file, key path, schema), the digest of the last document read there that passed
 * the schema, so that loading an unchanged file again skips the validator. Building the validator from the
 * bundled schema is most of what validating costs a fresh process (50–90 ms of every command's start-up); a
 * digest costs ~1 ms. Only passes are remembered: a document with problems always meets the validator, so every
 * message is the validator's own. One small file per place, overwritten when the file changes; a directory
 * that cannot be read or written is simply no cache.
 */
final class PassedDocuments {

    /** The user's cache, as the process's environment names it. */
    static final PassedDocuments USER = inUserCache(System.getenv());

    /** Remembers nothing. */
    static final PassedDocuments NONE = new PassedDocuments(Optional.empty());


    /** The schemas' own digests, read once per process: a changed schema never meets an old pass. */
    private static final Map<String, String> SCHEMA_DIGESTS = new ConcurrentHashMap<>();

    private final Optional<Path> dir;

    PassedDocuments(Optional<Path> dir) {
        this.dir = dir;
    }

    /** {@code $XDG_CACHE_HOME/mlcompose/schema-passed}, else {@code ~/.cache/…}; none when neither is known. */
    static PassedDocuments inUserCache(Map<String, String> environment) {
        String xdg = environment.getOrDefault("XDG_CACHE_HOME", "");
        String home = environment.getOrDefault("HOME", "");
        Optional<Path> base = !xdg.isBlank() ? Optional.of(Path.of(xdg))
                : home.isBlank() ? Optional.empty() : Optional.of(Path.of(home, ".cache"));
        return new PassedDocuments(base.map(b -> b.resolve("mlcompose").resolve("schema-passed")));
    }

    /** Where a document sits: its file (absolute), its key path in the file, and the schema it is checked against. */
    static String place(String file, KeyPath base, String resource) {
        return Path.of(file).toAbsolutePath() + "\n" + base + "\n" + resource;
    }

    /** The digest that identifies {@code document} (its JSON text) under the schema at {@code resource}. */
    static String digest(String resource, String document) {
        String schema = SCHEMA_DIGESTS.computeIfAbsent(resource, PassedDocuments::schemaDigest);
        return sha256(schema + "\n" + document);
    }

    /** Whether the document at {@code place} (its file and key path) passed with {@code digest} last time. */
    boolean passed(String place, String digest) {
        return dir.map(d -> {
            try {
                return Files.readString(entry(d, place)).equals(digest);
            } catch (IOException | RuntimeException e) {
                return false;
            }
        }).orElse(false);
    }

    void remember(String place, String digest) {
        dir.ifPresent(d -> {
            try {
                Files.createDirectories(d);
                Path entry = entry(d, place);
                Path partial = Files.createTempFile(d, entry.getFileName().toString(), ".tmp");
                Files.writeString(partial, digest);
                Files.move(partial, entry, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (IOException | RuntimeException e) {
                // no cache: the next load validates again
            }
        });
    }

    private static Path entry(Path dir, String place) {
        return dir.resolve(sha256(place));
    }

    private static String schemaDigest(String resource) {
        try (InputStream in = PassedDocuments.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("the bundled schema " + resource + " is missing");
            }
            return sha256(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
