package dev.community.server.ws;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class OriginPolicyTest {

    @ParameterizedTest(name = "Origin {0} with Host {1} -> {2}")
    @CsvSource(nullValues = "null", textBlock = """
            http://127.0.0.1:8080,   127.0.0.1:8080,  true
            https://chat.example,    chat.example,    true
            HTTPS://Chat.Example,    chat.example,    true
            http://127.0.0.1:8080,   127.0.0.1:9090,  false
            http://127.0.0.1,        127.0.0.1:8080,  false
            https://evil.example,    chat.example,    false
            https://chat.example.evil.example, chat.example, false
            https://chat.example/,   chat.example,    false
            https://u@chat.example,  chat.example,    false
            ftp://chat.example,      chat.example,    false
            chat.example,            chat.example,    false
            null,                    chat.example,    false
            https://chat.example,    null,            false
            https://chat.example,    '',              false
            """)
    void onlyTheServersOwnOriginIsSameOrigin(String origin, String host, boolean expected) {
        assertThat(origin != null && OriginPolicy.sameOrigin(origin, host)).isEqualTo(expected);
    }
}
