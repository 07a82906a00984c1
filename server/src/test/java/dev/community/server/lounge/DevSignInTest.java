package dev.community.server.lounge;

import static org.assertj.core.api.Assertions.assertThat;

import dev.community.protocol.UserIds;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DevSignInTest {

    @ParameterizedTest(name = "\"{0}\" -> \"{1}\"")
    @CsvSource(delimiter = '|', quoteCharacter = '"', emptyValue = "", textBlock = """
            alice                 | alice
            Alice                 | alice
            José Núñez            | jose-nunez
            "  bob  the builder " | bob-the-builder
            o'brien               | o-brien
            carol_99.x            | carol_99.x
            a@b:c/d               | a-b-c-d
            ---dash---            | dash
            trailing.             | trailing
            ✨🎉                   | ""
            日本                   | ""
            Zoë ✨ 2              | zoe-2
            """)
    void usernamesBecomeSafeUserIds(String username, String expected) {
        String id = DevSignIn.userIdOf(username);
        assertThat(id).isEqualTo(expected);
        if (!id.isEmpty()) {
            assertThat(UserIds.isValid(id)).isTrue();
        }
    }

    @ParameterizedTest
    @CsvSource({"65", "200"})
    void longUsernamesAreCutToTheLongestUserId(int length) {
        String id = DevSignIn.userIdOf("x".repeat(length));
        assertThat(id).hasSize(UserIds.MAX_LENGTH);
        assertThat(UserIds.isValid(id)).isTrue();
    }
}
