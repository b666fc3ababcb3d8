package dev.mlcompose.runner.watch;

import dev.mlcompose.schema.model.Service;
import dev.mlcompose.schema.model.Service.WatchRule;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * One service's {@code develop.watch} rules, read once: which changed file means what. A file is left alone when
 * the build context's {@code .dockerignore} ignores it, when it is an editor's temporary file or under
 * {@code .git}, when its rule's {@code ignore} patterns match it, or when the rule has {@code include} patterns
 * and none matches it.
 */
final class ServiceRules {

    /** Swap, backup and lock files of common editors, and {@code .git} (compose's fixed list, plus VS Code's). */
    private static final List<String> ALWAYS_IGNORED = List.of("**/.git", "**/*___jb_old___", "**/*___jb_tmp___",
            "**/.idea", "**/.#*", "**/#*#", "**/4913", "**/*~", "**/.*.swp", "**/.*.swx", "**/.*.swo", "**/.*.swn",
            "**/.*.kate-swp", "**/*-go-tmp-umask", "**/.vscode");

    private record Compiled(WatchRule rule, Path path, IgnorePatterns ignore, Optional<IgnorePatterns> include) {
    }

    private final Service service;
    private final List<Compiled> rules;
    private final IgnorePatterns dockerignore;

    private ServiceRules(Service service, List<Compiled> rules, IgnorePatterns dockerignore) {
        this.service = service;
        this.rules = rules;
        this.dockerignore = dockerignore;
    }

    /** {@code rules} of {@code service}, whose build context is {@code context} (absolute) when it has one. */
    static ServiceRules of(Service service, List<WatchRule> rules, Optional<Path> context) {
        var compiled = new ArrayList<Compiled>();
        for (WatchRule rule : rules) {
            Path path = Path.of(rule.path()).normalize();
            var ignore = new ArrayList<>(ALWAYS_IGNORED);
            ignore.addAll(rule.ignore());
            compiled.add(new Compiled(rule, path, IgnorePatterns.of(path, ignore),
                    rule.include().isEmpty() ? Optional.empty() : Optional.of(IgnorePatterns.of(path, rule.include()))));
        }
        return new ServiceRules(service, compiled, context.map(IgnorePatterns::dockerignore).orElse(IgnorePatterns.NONE));
    }

    Service service() {
        return service;
    }

    List<WatchRule> rules() {
        return rules.stream().map(Compiled::rule).toList();
    }

    /**
     * The directories to watch: a rule's path when it is a directory, else the directory that holds it (the file
     * may be made or replaced later, as editors do).
     */
    Set<Path> roots() {
        var roots = new LinkedHashSet<Path>();
        for (Compiled c : rules) {
            roots.add(Files.isDirectory(c.path()) || c.path().getParent() == null ? c.path() : c.path().getParent());
        }
        return roots;
    }

    /** What the change of {@code file} (absolute) means: one change per rule it falls under, in the file's order. */
    List<Change> changes(Path file) {
        Path changed = file.normalize();
        var out = new ArrayList<Change>();
        if (dockerignore.matches(changed)) {
            return out;
        }
        for (Compiled c : rules) {
            if (!changed.startsWith(c.path()) || c.ignore().matches(changed)
                    || c.include().isPresent() && !c.include().get().matches(changed)) {
                continue;
            }
            String relative = c.path().relativize(changed).toString().replace('\\', '/');
            out.add(new Change(c.rule(), changed, c.rule().target().map(t -> relative.isEmpty() ? t
                    : t.replaceFirst("/+$", "") + "/" + relative)));
        }
        return out;
    }
}
