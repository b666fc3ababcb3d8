package dev.mlcompose.schema.yaml;

/**
 * How much one Compose file may hold, checked while it is read and before anything is expanded, so that a
 * hostile file (an alias bomb, thousands of nesting levels, a huge file) costs bounded memory and time.
 * README.md ("Limits on what a file may cost") lists them next to what docker compose 2.26.1 does.
 *
 * @param maxBytes the file's size in bytes
 * @param maxDepth mappings and sequences nested in each other, counted after aliases are expanded
 * @param maxNodes scalars, mappings and sequences (keys included) of all the file's documents, counted as if
 *                 every alias and merge key were expanded (a billion-laughs guard)
 */
public record YamlLimits(long maxBytes, int maxDepth, long maxNodes) {

    /** The limits every load uses. */
    public static final YamlLimits DEFAULT = new YamlLimits(16L * 1024 * 1024, 250, 250_000);
}
