package dev.mlcompose.schema.load;

import java.util.Locale;

/** Compose's project-name rules (compose-go loader.go NormalizeProjectName). */
public final class ProjectName {

    private ProjectName() {
    }

    /** Lower-cases and keeps only {@code [a-z0-9_-]}, without a leading {@code _} or {@code -}. */
    public static String normalize(String name) {
        String lower = name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_-]", "");
        return lower.replaceFirst("^[_-]+", "");
    }

    public static boolean isValid(String name) {
        return name.matches("^[a-z0-9][a-z0-9_-]*$");
    }
}
