package dev.community.admin;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class AdminAuditTest {

    static Stream<Arguments> quoting() {
        return Stream.of(
                Arguments.of("plain", "\"plain\""),
                Arguments.of("", "\"\""),
                Arguments.of("say \"hi\"", "\"say \\\"hi\\\"\""),
                Arguments.of("back\\slash", "\"back\\\\slash\""),
                Arguments.of("two\nlines", "\"two\\u000alines\""),
                Arguments.of("carriage\r\nreturn", "\"carriage\\u000d\\u000areturn\""),
                Arguments.of("bell\u0007", "\"bell\\u0007\""),
                Arguments.of("naïve 日本", "\"naïve 日本\""));
    }

    @ParameterizedTest
    @MethodSource("quoting")
    void quotingEscapesWhatCouldForgeALogLine(String raw, String quoted) {
        assertThat(AdminAudit.quote(raw)).isEqualTo(quoted);
    }

    @ParameterizedTest
    @ValueSource(ints = {201, 500})
    void quotingCutsLongValues(int length) {
        assertThat(AdminAudit.quote("x".repeat(length))).isEqualTo("\"" + "x".repeat(200) + "...\"");
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 199, 200})
    void quotingKeepsValuesUpTo200Characters(int length) {
        assertThat(AdminAudit.quote("x".repeat(length))).isEqualTo("\"" + "x".repeat(length) + "\"");
    }
}
