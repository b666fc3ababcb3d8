package dev.mlcompose.schema.yaml;

/** Where a YAML node was written: file, 1-based line and column. */
public record Location(String file, int line, int column) {

    /** A location for values that no file wrote (defaults, command-line input). */
    public static final Location NONE = new Location("", 0, 0);

    public boolean isKnown() {
        return line > 0;
    }

    @Override
    public String toString() {
        return isKnown() ? file + ":" + line + ":" + column : file;
    }
}
