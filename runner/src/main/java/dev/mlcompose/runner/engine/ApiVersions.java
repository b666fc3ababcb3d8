package dev.mlcompose.runner.engine;

/** Engine API versions ({@code 1.41}, {@code 1.45}) compared as numbers, not as text. */
public final class ApiVersions {

    private ApiVersions() {
    }

    public static boolean atLeast(String version, String minimum) {
        return compare(version, minimum) >= 0;
    }

    public static int compare(String a, String b) {
        String[] x = a.split("\\.");
        String[] y = b.split("\\.");
        for (int i = 0; i < Math.max(x.length, y.length); i++) {
            int c = Integer.compare(part(x, i), part(y, i));
            if (c != 0) {
                return c;
            }
        }
        return 0;
    }

    private static int part(String[] parts, int i) {
        try {
            return i < parts.length ? Integer.parseInt(parts[i]) : 0;
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
