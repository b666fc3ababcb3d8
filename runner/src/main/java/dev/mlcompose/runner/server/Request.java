package dev.mlcompose.runner.server;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a client asks the server to run, as its {@link Frames#REQUEST} frame carries it: NUL-separated UTF-8 fields,
 * the protocol's version, the working directory, "1" where stdin and stdout are a terminal, the number of
 * arguments, the arguments, then the environment as {@code KEY=VALUE} entries.
 */
record Request(Path workingDirectory, boolean console, List<String> args, Map<String, String> environment) {

    static final String VERSION = "1";

    static Request parse(byte[] payload) {
        String text = new String(payload, StandardCharsets.UTF_8);
        List<String> fields = Arrays.asList(text.split("\0", -1));
        if (fields.size() < 4 || !fields.get(0).equals(VERSION)) {
            throw new IllegalArgumentException("the client speaks another protocol than version " + VERSION
                    + " (a launcher of another mlcompose version?)");
        }
        int argc = Integer.parseInt(fields.get(3));
        if (argc < 0 || 4 + argc > fields.size()) {
            throw new IllegalArgumentException("the request names " + argc + " arguments and holds fewer");
        }
        var env = new LinkedHashMap<String, String>();
        for (String entry : fields.subList(4 + argc, fields.size())) {
            int eq = entry.indexOf('=');
            if (eq > 0) {
                env.put(entry.substring(0, eq), entry.substring(eq + 1));
            }
        }
        return new Request(Path.of(fields.get(1)), fields.get(2).equals("1"), List.copyOf(fields.subList(4, 4 + argc)),
                Map.copyOf(env));
    }
}
