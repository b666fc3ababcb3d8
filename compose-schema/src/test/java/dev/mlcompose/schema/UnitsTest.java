package dev.mlcompose.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mlcompose.schema.env.DotEnv;
import dev.mlcompose.schema.model.ByteSize;
import dev.mlcompose.schema.model.GoDuration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class UnitsTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({"90s,1m30s", "1m30s,1m30s", "500ms,500ms", "1h,1h0m0s", "0s,0s", "1.5s,1.5s", "2h45m,2h45m0s",
        "100us,100µs", "10ns,10ns", "0,0s"})
    void durations_print_as_go_does(String text, String printed) {
        assertThat(GoDuration.format(GoDuration.parse(text))).isEqualTo(printed);
    }

    @Test
    void days_and_iso_durations_are_not_go_durations() {
        assertThatThrownBy(() -> GoDuration.parse("1d")).hasMessageContaining("invalid duration");
        assertThatThrownBy(() -> GoDuration.parse("PT30S")).hasMessageContaining("invalid duration");
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({"512m,536870912", "1g,1073741824", "1GB,1073741824", "1.5g,1610612736", "100,100", "64k,65536",
        "2b,2"})
    void sizes_use_binary_units(String text, long bytes) {
        assertThat(ByteSize.parse(text).bytes()).isEqualTo(bytes);
    }

    @Test
    void sizes_and_durations_beyond_64_bits_are_refused_not_wrapped() {
        assertThatThrownBy(() -> ByteSize.parse("18446744073709551616m")).hasMessageContaining("out of range");
        assertThat(ByteSize.parse("8191p").bytes()).isEqualTo(8191L << 50);
        assertThatThrownBy(() -> ByteSize.parse("8192p")).hasMessageContaining("out of range");
        assertThat(GoDuration.format(GoDuration.parse("2562047h47m16.854775807s"))).isEqualTo("2562047h47m16.854775807s");
        assertThatThrownBy(() -> GoDuration.parse("2562047h47m16.854775808s")).hasMessageContaining("out of range");
        assertThatThrownBy(() -> GoDuration.parse("9999999999h")).hasMessageContaining("out of range");
    }

    @Test
    void bad_size_is_rejected_with_a_hint() {
        assertThatThrownBy(() -> ByteSize.parse("lots")).hasMessageContaining("512m");
        assertThat(ByteSize.ofMebibytes(512).human()).isEqualTo("512 MiB");
    }

    @Test
    void dot_env_dialect() {
        String text = """
                # comment
                export A=1
                B = two words # trailing comment
                C='literal $A'
                D="line\\nbreak ${A}"
                E=${A}-${MISSING:-x}
                HOST_ONLY
                """;
        var env = DotEnv.parse(text, Map.of("HOST_ONLY", "from-host")::get);
        assertThat(env).containsExactly(Map.entry("A", "1"), Map.entry("B", "two words"),
                Map.entry("C", "literal $A"), Map.entry("D", "line\nbreak 1"), Map.entry("E", "1-x"),
                Map.entry("HOST_ONLY", "from-host"));
    }

    @Test
    void a_variable_in_a_dot_env_value_is_the_callers_before_the_files_own() {
        // compose 2.26.1: with A=proc in the process, `A=file` then `B=${A}-b` in .env gives B=proc-b
        var env = DotEnv.parse("A=file\nB=${A}-b\nC=${OWN}-c\nOWN=x\nD=${OWN}-d\n", Map.of("A", "proc")::get);
        assertThat(env).containsExactly(Map.entry("A", "file"), Map.entry("B", "proc-b"), Map.entry("C", "-c"),
                Map.entry("OWN", "x"), Map.entry("D", "x-d"));
    }
}
