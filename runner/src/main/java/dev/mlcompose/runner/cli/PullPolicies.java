package dev.mlcompose.runner.cli;

import dev.mlcompose.runner.plan.PullPolicy;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * {@code --pull} as picocli reads it, before any file is: {@code policy} (the default, hidden) leaves each service's
 * own {@code pull_policy}; any other word must be one of the command's.
 */
final class PullPolicies {

    private PullPolicies() {
    }

    /** {@code up}, {@code create}, {@code train}: always, missing, never or build. */
    static final class ForUp implements ITypeConverter<PullPolicy> {
        @Override
        public PullPolicy convert(String value) {
            return parse(value, List.of("always", "missing", "never", "build"));
        }
    }

    /** {@code run}: always, missing or never (one service's image; compose's run has no build policy). */
    static final class ForRun implements ITypeConverter<PullPolicy> {
        @Override
        public PullPolicy convert(String value) {
            return parse(value, List.of("always", "missing", "never"));
        }
    }

    private static PullPolicy parse(String value, List<String> words) {
        if (!value.equals("policy") && !words.contains(value)) {
            String last = words.get(words.size() - 1);
            throw new TypeConversionException("--pull must be " + String.join(", ", words.subList(0, words.size() - 1))
                    + " or " + last + ", not " + value);
        }
        return PullPolicy.valueOf(value.toUpperCase(Locale.ROOT));
    }
}
