package dev.community.loadtest.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Load is only ever aimed at this machine. */
class LoopbackTargetTest {

    @ParameterizedTest
    @CsvSource({
            "http://127.0.0.1:8080, 127.0.0.1:8080",
            "ws://127.0.0.1:8080/ws, 127.0.0.1:8080",
            "http://127.9.8.7:1234, 127.9.8.7:1234",
            "http://localhost:18080, localhost:18080",
            "http://[::1]:8080, [::1]:8080",
            "http://127.0.0.1, 127.0.0.1:80",
            "https://127.0.0.1, 127.0.0.1:443",
            "wss://localhost:8443/ws, localhost:8443"})
    void acceptsLoopback(String url, String authority) {
        assertThat(LoopbackTarget.parse(url).authority()).isEqualTo(authority);
        assertThat(LoopbackTarget.parse(url).address().isLoopbackAddress()).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "http://10.0.0.1:8080", "http://192.168.1.10:8080", "http://172.16.0.1", "http://8.8.8.8",
            "http://example.com:8080", "http://localhost.example.com", "http://127.0.0.1.nip.io",
            "http://128.0.0.1", "http://127.0.0.256", "https://10.0.0.1:8443", "ftp://127.0.0.1",
            "http://[::2]:8080", "http://[fe80::1]:8080", "http://0.0.0.0:8080", "not a url", "127.0.0.1:8080"})
    void refusesAnythingElse(String url) {
        assertThatThrownBy(() -> LoopbackTarget.parse(url)).isInstanceOf(IllegalArgumentException.class);
    }
}
