package dev.community.admin;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

class BearerTokenTest {
    private final BearerToken token = new BearerToken("t0ken-value");

    @ParameterizedTest
    @ValueSource(strings = {"Bearer t0ken-value", "bearer t0ken-value", "BEARER t0ken-value", "Bearer  t0ken-value ",
        "Bearer t0ken-value\t"})
    void acceptsTheTokenUnderTheBearerSchemeInAnyCase(String header) {
        assertThat(token.matches(header)).isTrue();
    }

    @ParameterizedTest
    @NullSource
    @ValueSource(strings = {"", "t0ken-value", "Bearer", "Bearer ", "Basic t0ken-value", "Bearert0ken-value",
        "Bearer t0ken-valu", "Bearer t0ken-value2", "Bearer T0KEN-VALUE", "Token t0ken-value", "Bearer t0ken value"})
    void refusesAnythingElse(String header) {
        assertThat(token.matches(header)).isFalse();
    }
}
