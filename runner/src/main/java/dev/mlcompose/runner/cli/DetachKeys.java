package dev.mlcompose.runner.cli;

import java.util.regex.Pattern;

/** {@code --detach-keys} as the docker CLI reads them: comma-separated keys, each one character or {@code ctrl-X}. */
final class DetachKeys {

    private static final Pattern KEY = Pattern.compile("ctrl-[a-z@\\[\\\\\\]^_]|[^,]");

    private DetachKeys() {
    }

    /** {@code keys} when every key is one the engine knows; else a usage error naming the first one it does not. */
    static String checked(String keys) {
        for (String key : keys.split(",", -1)) {
            if (!KEY.matcher(key).matches()) {
                throw new CliException(ExitCodes.USAGE, "--detach-keys " + keys + ": \"" + key
                        + "\" is not a key (one character, or ctrl- and one of a-z @ [ \\ ] ^ _)");
            }
        }
        return keys;
    }
}
