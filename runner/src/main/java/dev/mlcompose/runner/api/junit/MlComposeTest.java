package dev.mlcompose.runner.api.junit;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Brings a Compose project up for a test class and injects its {@link dev.mlcompose.runner.api.ComposeEnvironment}
 * into fields and parameters of that type:
 * <pre>{@code
 * @MlComposeTest(file = "examples/ml-pipeline.yml")
 * class InferenceTest {
 *     ComposeEnvironment env;
 *     @Test void predicts() { var url = "http://" + env.endpoint("inference", 8000) + "/predict"; … }
 * }
 * }</pre>
 * A failed test gets the services' last log lines in its report.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@ExtendWith(MlComposeExtension.class)
public @interface MlComposeTest {

    /** The Compose file(s), relative to the working directory. */
    String[] file();

    /** Profiles to activate. */
    String[] profiles() default {};

    /** One project for the class (default), or a fresh one for each test method. */
    Lifecycle lifecycle() default Lifecycle.PER_CLASS;

    /** Deadline for the project to be ready, in seconds. */
    int waitTimeoutSeconds() default 300;

    /** How long a project lives. */
    enum Lifecycle { PER_CLASS, PER_METHOD }
}
