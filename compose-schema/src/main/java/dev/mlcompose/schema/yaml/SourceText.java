package dev.mlcompose.schema.yaml;

import dev.mlcompose.schema.InvalidProjectException;
import dev.mlcompose.schema.Problem;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The text of a Compose file: at most {@link YamlLimits#maxBytes} bytes of UTF-8. A byte that is not UTF-8 is
 * reported at its line and column (go-yaml, and so compose, only says "invalid trailing UTF-8 octet").
 */
public final class SourceText {

    private SourceText() {
    }

    /** Reads a Compose file, never more than the size limit allows. */
    public static String read(Path file) throws IOException {
        return read(file, "Compose files");
    }

    /** Reads a file of the given kind (named in the error, e.g. "env files"), never more than the size limit. */
    public static String read(Path file, String kind) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return decode(file.toString(), in.readNBytes((int) YamlLimits.DEFAULT.maxBytes() + 1), kind);
        }
    }

    /** Reads a stream (stdin, named {@code -}), never more than the size limit allows. */
    public static String read(String name, InputStream in) throws IOException {
        return decode(name, in.readNBytes((int) YamlLimits.DEFAULT.maxBytes() + 1));
    }

    /** Decodes a Compose file's bytes; over the size limit or not UTF-8 is an {@link InvalidProjectException}. */
    public static String decode(String name, byte[] bytes) {
        return decode(name, bytes, "Compose files");
    }

    private static String decode(String name, byte[] bytes, String kind) {
        long max = YamlLimits.DEFAULT.maxBytes();
        if (bytes.length > max) {
            throw new InvalidProjectException(new Problem(new Location(name, 1, 1), "",
                    "file is larger than " + (max >> 20) + " MiB, the most mlcompose reads"));
        }
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        CharBuffer out = CharBuffer.allocate(bytes.length);
        CoderResult result = decoder.decode(in, out, true);
        if (result.isError()) {
            throw new InvalidProjectException(new Problem(locate(name, out.flip()), "",
                    "invalid UTF-8 (byte 0x" + Integer.toHexString(bytes[in.position()] & 0xff)
                            + "): " + kind + " must be UTF-8 text"));
        }
        decoder.flush(out);
        return out.flip().toString();
    }

    /** The location just after {@code before}: 1-based line, and column in code points. */
    static Location locate(String name, CharSequence before) {
        int line = 1;
        int lineStart = 0;
        for (int i = 0; i < before.length(); i++) {
            char c = before.charAt(i);
            if (c == '\n' || (c == '\r' && (i + 1 == before.length() || before.charAt(i + 1) != '\n'))) {
                line++;
                lineStart = i + 1;
            }
        }
        String last = before.subSequence(lineStart, before.length()).toString();
        return new Location(name, line, last.codePointCount(0, last.length()) + 1);
    }
}
