package dev.mlcompose.runner.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mlcompose.runner.engine.PortBinding;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class PsFieldsTest {

    @Test
    void how_long_ago_reads_as_go_units_says_it() {
        assertThat(PsFields.humanDuration(Duration.ofMillis(400))).isEqualTo("Less than a second");
        assertThat(PsFields.humanDuration(Duration.ofSeconds(1))).isEqualTo("1 second");
        assertThat(PsFields.humanDuration(Duration.ofSeconds(59))).isEqualTo("59 seconds");
        assertThat(PsFields.humanDuration(Duration.ofSeconds(90))).isEqualTo("About a minute");
        assertThat(PsFields.humanDuration(Duration.ofMinutes(21))).isEqualTo("21 minutes");
        assertThat(PsFields.humanDuration(Duration.ofMinutes(89))).isEqualTo("About an hour");
        assertThat(PsFields.humanDuration(Duration.ofMinutes(91))).isEqualTo("2 hours");
        assertThat(PsFields.humanDuration(Duration.ofDays(3))).isEqualTo("3 days");
        assertThat(PsFields.humanDuration(Duration.ofDays(20))).isEqualTo("2 weeks");
        assertThat(PsFields.humanDuration(Duration.ofDays(70))).isEqualTo("2 months");
        assertThat(PsFields.humanDuration(Duration.ofDays(800))).isEqualTo("2 years");
    }

    @Test
    void commands_are_quoted_and_long_values_cut_with_an_ellipsis() {
        assertThat(PsFields.quote("sleep 3600")).isEqualTo("\"sleep 3600\"");
        assertThat(PsFields.quote("echo \"hi\"\tthere\\")).isEqualTo("\"echo \\\"hi\\\"\\tthere\\\\\"");
        assertThat(PsFields.ellipsis("sh -c 'trap 'exit 0' TERM", 20)).isEqualTo("sh -c 'trap 'exit 0…").hasSize(20);
        assertThat(PsFields.ellipsis("short", 20)).isEqualTo("short");
    }

    @Test
    void ports_group_runs_and_list_other_mappings_last_as_the_docker_cli_does() {
        // what compose 2.26.1 printed for the ps-parity scenario's web service
        var ports = List.of(new PortBinding("", "", 0, "tcp"), new PortBinding("", "", 4000, "udp"),
                new PortBinding("127.0.0.1", "18787", 18787, "tcp"), new PortBinding("127.0.0.1", "32798", 80, "tcp"),
                new PortBinding("127.0.0.1", "32772", 9090, "udp"));
        assertThat(PsFields.DisplayedPorts.of(ports))
                .isEqualTo("0/tcp, 4000/udp, 127.0.0.1:18787->18787/tcp, 127.0.0.1:32798->80/tcp, 127.0.0.1:32772->9090/udp");

        var range = List.of(new PortBinding("", "", 3000, "tcp"), new PortBinding("", "", 3001, "tcp"),
                new PortBinding("0.0.0.0", "8000", 8000, "tcp"), new PortBinding("0.0.0.0", "8001", 8001, "tcp"),
                new PortBinding("::", "8000", 8000, "tcp"));
        assertThat(PsFields.DisplayedPorts.of(range))
                .isEqualTo("3000-3001/tcp, 0.0.0.0:8000-8001->8000-8001/tcp, :::8000->8000/tcp");
    }
}
