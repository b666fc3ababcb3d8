package dev.mlcompose.schema.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.mlcompose.schema.model.Project;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;

/**
 * A service's configuration hash: SHA-256 of its canonical JSON (keys sorted). It changes exactly when
 * the service's resolved configuration does, which is what convergence compares against the
 * {@code com.docker.compose.config-hash} label.
 */
public final class ConfigHash {

    private ConfigHash() {
    }

    public static String of(Project project, String service) {
        Object config = ((Map<?, ?>) ConfigPrinter.shape(project, false).get("services")).get(service);
        if (config == null) {
            throw new IllegalArgumentException("no such service: " + service);
        }
        try {
            // keys sorted at every level: the hash must not depend on any map's iteration order
            byte[] json = new ObjectMapper().configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true)
                    .writeValueAsBytes(config);
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(json));
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

}
