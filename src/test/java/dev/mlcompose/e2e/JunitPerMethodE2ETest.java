package dev.mlcompose.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import dev.mlcompose.runner.api.ComposeEnvironment;
import dev.mlcompose.runner.api.junit.MlComposeTest;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.platform.testkit.engine.EngineTestKit;

/** {@code lifecycle = PER_METHOD}: each test gets its own project, removed after it. */
class JunitPerMethodE2ETest {

    static final List<String> SEEN = new CopyOnWriteArrayList<>();

    /** Run only through the test kit below. */
    @MlComposeTest(file = "scenarios/interop/compose.yaml", lifecycle = MlComposeTest.Lifecycle.PER_METHOD)
    static class PerMethodInner {
        @Test
        void first(ComposeEnvironment env) {
            SEEN.add(env.projectName());
        }

        @Test
        void second(ComposeEnvironment env) {
            SEEN.add(env.projectName());
        }
    }

    @Test
    void each_test_method_gets_a_fresh_project_that_is_removed_after_it() {
        SEEN.clear();

        EngineTestKit.engine("junit-jupiter").selectors(selectClass(PerMethodInner.class)).execute()
                .testEvents().assertStatistics(stats -> stats.succeeded(2));

        assertThat(SEEN).hasSize(2).doesNotHaveDuplicates();
        SEEN.forEach(project -> assertThat(Docker.containers(project)).as(project + " removed").isEmpty());
    }
}
