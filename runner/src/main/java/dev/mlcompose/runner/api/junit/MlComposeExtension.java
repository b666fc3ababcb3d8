package dev.mlcompose.runner.api.junit;

import dev.mlcompose.runner.api.ComposeEnvironment;
import dev.mlcompose.runner.api.MlCompose;
import java.lang.reflect.Field;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.stream.Collectors;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.jupiter.api.extension.TestExecutionExceptionHandler;

/** The JUnit 5 side of {@link MlComposeTest}: lifecycle, injection and failure reports. */
public final class MlComposeExtension implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback,
        AfterEachCallback, ParameterResolver, TestExecutionExceptionHandler {

    private static final ExtensionContext.Namespace NS = ExtensionContext.Namespace.create(MlComposeExtension.class);
    private static final int REPORT_LINES = 20;

    @Override
    public void beforeAll(ExtensionContext context) {
        if (settings(context).lifecycle() == MlComposeTest.Lifecycle.PER_CLASS) {
            store(context).put("env", start(settings(context)));
        }
    }

    @Override
    public void beforeEach(ExtensionContext context) throws IllegalAccessException {
        if (settings(context).lifecycle() == MlComposeTest.Lifecycle.PER_METHOD) {
            store(context).put("env", start(settings(context)));
        }
        inject(context.getRequiredTestInstance(), environment(context));
    }

    @Override
    public void afterEach(ExtensionContext context) {
        if (settings(context).lifecycle() == MlComposeTest.Lifecycle.PER_METHOD) {
            close(store(context));
        }
    }

    @Override
    public void afterAll(ExtensionContext context) {
        close(store(context));
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == ComposeEnvironment.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return environment(context);
    }

    /** Adds the services' last log lines to a failing test's report. */
    @Override
    public void handleTestExecutionException(ExtensionContext context, Throwable failure) throws Throwable {
        ComposeEnvironment env = environment(context);
        if (env != null) {
            String logs = env.lastLines(REPORT_LINES).entrySet().stream()
                    .map(e -> "--- " + e.getKey() + " (last " + REPORT_LINES + " lines)\n" + String.join("\n", e.getValue()))
                    .collect(Collectors.joining("\n"));
            failure.addSuppressed(new AssertionError("logs of project " + env.projectName() + ":\n" + logs, null));
        }
        throw failure;
    }

    private static ComposeEnvironment start(MlComposeTest settings) {
        Path[] files = Arrays.stream(settings.file()).map(Path::of).toArray(Path[]::new);
        return MlCompose.project(files[0], Arrays.copyOfRange(files, 1, files.length))
                .withProfiles(settings.profiles()).withWaitTimeout(Duration.ofSeconds(settings.waitTimeoutSeconds()))
                .up();
    }

    private static void inject(Object instance, ComposeEnvironment env) throws IllegalAccessException {
        for (Class<?> type = instance.getClass(); type != null; type = type.getSuperclass()) {
            for (Field field : type.getDeclaredFields()) {
                if (field.getType() == ComposeEnvironment.class) {
                    field.setAccessible(true);
                    field.set(instance, env);
                }
            }
        }
    }

    private static ComposeEnvironment environment(ExtensionContext context) {
        for (ExtensionContext c = context; c != null; c = c.getParent().orElse(null)) {
            ComposeEnvironment env = store(c).get("env", ComposeEnvironment.class);
            if (env != null) {
                return env;
            }
        }
        return null;
    }

    private static void close(ExtensionContext.Store store) {
        ComposeEnvironment env = store.remove("env", ComposeEnvironment.class);
        if (env != null) {
            env.close();
        }
    }

    private static MlComposeTest settings(ExtensionContext context) {
        return context.getRequiredTestClass().getAnnotation(MlComposeTest.class);
    }

    private static ExtensionContext.Store store(ExtensionContext context) {
        return context.getStore(NS);
    }
}
