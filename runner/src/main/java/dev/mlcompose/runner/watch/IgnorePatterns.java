package dev.mlcompose.runner.watch;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * {@code .dockerignore}-style patterns relative to one directory, as compose's watch reads its {@code ignore}
 * lists: {@code *} and {@code ?} stay within a path segment, {@code **} spans any number of them (none included),
 * a pattern that matches a directory matches everything under it, and {@code !} re-includes; the last pattern
 * that matches a path decides. Paths outside the directory match nothing.
 */
final class IgnorePatterns {

    private record Pattern(List<PathMatcher> forms, boolean exclusion) {
        boolean matches(Path relative) {
            return forms.stream().anyMatch(f -> f.matches(relative));
        }
    }

    static final IgnorePatterns NONE = new IgnorePatterns(Path.of("/"), List.of());

    private final Path base;
    private final List<Pattern> patterns;

    private IgnorePatterns(Path base, List<Pattern> patterns) {
        this.base = base;
        this.patterns = List.copyOf(patterns);
    }

    /** {@code lines} as patterns of {@code base}; blank lines and {@code #} comments are left out. */
    static IgnorePatterns of(Path base, List<String> lines) {
        var patterns = new ArrayList<Pattern>();
        for (String line : lines) {
            String text = line.strip();
            if (text.isEmpty() || text.startsWith("#")) {
                continue;
            }
            boolean exclusion = text.startsWith("!");
            String pattern = clean(exclusion ? text.substring(1).strip() : text);
            if (!pattern.isEmpty()) {
                patterns.add(new Pattern(forms(pattern), exclusion));
            }
        }
        return new IgnorePatterns(base, patterns);
    }

    /** The build context's {@code .dockerignore}, or no pattern when it has none. */
    static IgnorePatterns dockerignore(Path context) {
        Path file = context.resolve(".dockerignore");
        try {
            return Files.isRegularFile(file) ? of(context, Files.readAllLines(file)) : NONE;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    /** Whether {@code path} (absolute) or a directory above it, up to the base, is ignored. */
    boolean matches(Path path) {
        if (patterns.isEmpty() || !path.startsWith(base) || path.equals(base)) {
            return false;
        }
        Path relative = base.relativize(path);
        boolean ignored = false;
        for (Pattern pattern : patterns) {
            if (matchesOrParent(pattern, relative)) {
                ignored = !pattern.exclusion();
            }
        }
        return ignored;
    }

    private static boolean matchesOrParent(Pattern pattern, Path relative) {
        for (int n = 1; n <= relative.getNameCount(); n++) {
            if (pattern.matches(relative.subpath(0, n))) {
                return true;
            }
        }
        return false;
    }

    /** As moby's patternmatcher cleans a pattern: no leading slash, no {@code .} segments, no trailing slash. */
    private static String clean(String pattern) {
        String p = Path.of("/" + pattern).normalize().toString();
        return p.equals("/") ? "" : p.substring(1);
    }

    /**
     * The JDK glob forms of one pattern. A JDK glob's {@code **} needs the slashes around it, where Docker's also
     * matches no segment at all, so {@code **}{@code /a} is tried as {@code a} too and {@code a/**}{@code /b} as
     * {@code a/b}; braces, which Docker's patterns do not have, are literal.
     */
    private static List<PathMatcher> forms(String pattern) {
        String glob = pattern.replace("{", "\\{").replace("}", "\\}");
        Set<String> forms = new LinkedHashSet<>();
        forms.add(glob);
        String shortest = glob;
        while (shortest.startsWith("**/")) {
            shortest = shortest.substring(3);
        }
        shortest = shortest.replace("/**/", "/");
        forms.add(shortest);
        forms.add(glob.replace("/**/", "/"));
        if (glob.startsWith("**/")) {
            forms.add(glob.substring(3));
        }
        var fs = FileSystems.getDefault();
        return forms.stream().filter(f -> !f.isEmpty()).map(f -> fs.getPathMatcher("glob:" + f)).toList();
    }
}
