package dev.community.loadtest;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The harness speaks the wire through the protocol module: its code spells no path, query parameter, field, event
 * or claim name of the contract itself (comments may mention them). A copy would drift when the contract moves.
 * A line that spells the same word for something else says so at its end ({@value #NOT_THE_CONTRACT}).
 */
class WireLiteralsTest {
    static final String NOT_THE_CONTRACT = "a label of the operator port's metrics, not a contract name";
    private static final String NAMES = "event|type|seq|content|client_id|connection_token|since_seq|expires_in"
            + "|results|next_cursor|error|code|message|username|joined_at|trust_level|staff"
            + "|new_message|room_state|send_message|request_history|ping|pong";
    /**
     * Code that spells the contract: a path literal, a literal that is one of its names, a JSON fragment naming a
     * field ({@code "\"seq\":"}), or a query parameter ({@code "&since_seq="}). Prose that mentions a name is fine.
     */
    private static final Pattern WIRE_LITERAL = Pattern.compile("\"(/auth/|/ws/|/community/)"
            + "|\"(" + NAMES + ")\"|\\\\\"(" + NAMES + ")\\\\\"|[?&](" + NAMES + ")=");

    @Test
    void noContractNameIsSpelledOutsideTheProtocolModule() throws IOException {
        List<String> found = new ArrayList<>();
        try (Stream<Path> files = Files.walk(Path.of("src/main/java"))) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                List<String> lines = Files.readAllLines(file);
                for (int i = 0; i < lines.size(); i++) {
                    String code = lines.get(i).strip();
                    if (code.startsWith("*") || code.startsWith("/*") || code.startsWith("//")
                            || code.endsWith("// " + NOT_THE_CONTRACT)) {
                        continue;
                    }
                    if (WIRE_LITERAL.matcher(code).find()) {
                        found.add(file + ":" + (i + 1) + ": " + code);
                    }
                }
            }
        }
        assertThat(found).isEmpty();
    }
}
