package dev.community.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The small checks every validator builds on: user ids, UUID strings, storable text and code point length. */
class TextRulesTest {

    @ParameterizedTest
    @ValueSource(strings = {"u", "u1", "alice_b.c:d@e-f", "A9", "auth0:123",
            "0123456789012345678901234567890123456789012345678901234567890123"})
    void acceptsUserIds(String id) {
        assertThat(UserIds.isValid(id)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "a b", "auth0|x", "bøb", "a/b", "a\u0000", "😀",
            "01234567890123456789012345678901234567890123456789012345678901234"})
    void refusesOtherUserIds(String id) {
        assertThat(UserIds.isValid(id)).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"0190e0a0-0000-7000-8000-0000000000aa", "0190E0A0-0000-7000-8000-0000000000AA",
            "00000000-0000-0000-0000-000000000000", "ffffffff-ffff-ffff-ffff-ffffffffffff"})
    void parsesCanonicalUuids(String text) {
        assertThat(UuidStrings.parseOrNull(text)).isEqualTo(UUID.fromString(text));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "1-1-1-1-1", "0190e0a0000070008000000000000aa", "0190e0a0-0000-7000-8000-0000000000a",
            "0190e0a0-0000-7000-8000-0000000000aaa", "0190e0a0_0000-7000-8000-0000000000aa",
            "0190e0a0-0000-7000-8000-0000000000ag", "0190e0a0-0000-7000-8000-0000000000a٣",
            "{190e0a0-0000-7000-8000-0000000000a}"})
    void refusesOtherUuidStrings(String text) {
        assertThat(UuidStrings.parseOrNull(text)).isNull();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {"abc|3", "😀|1", "😀😀a|3", "👩‍👩‍👧‍👦|7", "''|0"})
    void countsCodePoints(String text, int expected) {
        assertThat(Texts.codePointLength(text)).isEqualTo(expected);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "plain", "😀", "a😀b", "\uffff", "\u0001"})
    void storableTextHasNoNulOrLoneSurrogates(String text) {
        assertThat(Texts.isStorable(text)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"\u0000", "a\u0000b", "\ud83d", "\ude00", "\ude00\ud83d", "a\ud83db", "😀\ud83d"})
    void unstorableText(String text) {
        assertThat(Texts.isStorable(text)).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "\t\n", "\u00a0", "\u200b", "\ufeff \u2060"})
    void blankText(String text) {
        assertThat(Texts.isBlank(text)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"a", " a ", "\u200ba", "😀", ".", "\u0301"})
    void nonBlankText(String text) {
        assertThat(Texts.isBlank(text)).isFalse();
    }
}
