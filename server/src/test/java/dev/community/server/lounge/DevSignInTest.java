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
            Zoë ✨ 2              | zoe-2
            日本                   | xn--wgv71a
            Zoë 日本               | xn--zo--kma5630kcvb
            がっこう               | xn--p8jlv7d
            Привет                | xn--b1agh1afp
            søren                 | xn--sren-gra
            علي                   | xn--4gbws
            علي2                  | u-a75a9558b4d0f808
            """)
    void usernamesBecomeSafeUserIds(String username, String expected) {
        String id = DevSignIn.userIdOf(username);
        assertThat(id).isEqualTo(expected);
        if (!id.isEmpty()) {
            assertThat(UserIds.isValid(id)).isTrue();
        }
    }

    @ParameterizedTest
    @CsvSource({"日本", "日本語", "x日本"})
    void aNameTooLongForPunycodeStillGetsAValidIdOfItsOwn(String word) {
        String name = word.repeat(30);
        String id = DevSignIn.userIdOf(name);
        assertThat(id).matches("u-[0-9a-f]{16}");
        assertThat(UserIds.isValid(id)).isTrue();
        assertThat(DevSignIn.userIdOf(name)).isEqualTo(id);
        assertThat(DevSignIn.userIdOf(name + "x")).isNotEqualTo(id);
    }

    @ParameterizedTest
    @CsvSource({"65", "200"})
    void longUsernamesAreCutToTheLongestUserId(int length) {
        String id = DevSignIn.userIdOf("x".repeat(length));
        assertThat(id).hasSize(UserIds.MAX_LENGTH);
        assertThat(UserIds.isValid(id)).isTrue();
    }
}
