package dev.mlcompose.runner.cli.output;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mlcompose.runner.run.ProgressEvent;
import dev.mlcompose.runner.run.ProgressEvent.Status;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

class ProgressPrinterTest {

    private final StringWriter out = new StringWriter();

    @Test
    void plain_lines_mark_what_is_under_way_and_what_is_reached() {
        var printer = new ProgressPrinter(new PrintWriter(out), "plain", false);
        printer.on(ProgressEvent.image("demo/app:1", Status.BUILDING, "app"));
        printer.on(ProgressEvent.container("demo-app-1", Status.STARTED));

        assertThat(out.toString().lines()).containsExactly(
                " … Image demo/app:1                       Building  app",
                " ✔ Container demo-app-1                       Started");
    }

    @Test
    void json_is_one_object_per_line_with_the_detail_escaped() {
        var printer = new ProgressPrinter(new PrintWriter(out), "json", false);
        printer.on(ProgressEvent.container("demo-train-1", Status.RETRYING, "attempt 1/3 failed: \"oom\""));

        assertThat(out.toString()).matches("\\{\"kind\":\"Container\",\"id\":\"demo-train-1\",\"status\":\"Retrying\","
                + "\"detail\":\"attempt 1/3 failed: \\\\\"oom\\\\\"\",\"elapsed\":\\d+\\.\\d{3}}\\R");
    }

    @Test
    void quiet_prints_nothing() {
        new ProgressPrinter(new PrintWriter(out), "quiet", false).on(ProgressEvent.volume("demo_data", Status.CREATED));

        assertThat(out.toString()).isEmpty();
    }
}
