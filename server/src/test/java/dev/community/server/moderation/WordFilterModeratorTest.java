package dev.community.server.moderation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.community.config.ServerConfig;
import dev.community.protocol.RoomType;
import dev.community.protocol.User;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class WordFilterModeratorTest {
    static final WordFilterModerator FILTER = new WordFilterModerator(List.of("spam", "été", "don't", "ass"),
            List.of("(?i)buy\\s+now", "\\b\\d{16}\\b"), ModerationVerdict.Decision.HIDE);

    @ParameterizedTest(name = "\"{0}\" -> {1}")
    @CsvSource(delimiter = '|', textBlock = """
            plain talk                 | allow
            SPAM!                      | hide
            this is spam.              | hide
            spammer                    | allow
            antispam                   | allow
            spam_bot                   | allow
            l'été                      | hide
            ÉTÉ                        | hide
            don't                      | hide
            dont                       | allow
            class assignment           | allow
            ass                        | hide
            Buy  NOW                   | hide
            buynow                     | allow
            card 1234567812345678      | hide
            card 12345678123456789     | allow
            """)
    void matchesWholeWordsInAnyCaseAndPatternsAnywhere(String text, String expected) {
        assertThat(FILTER.check(text).decision().wire()).isEqualTo(expected);
    }

    @Test
    void theVerdictSaysWhatMatched() {
        assertThat(FILTER.check("SPAM").reason()).isEqualTo("blocked word \"spam\"");
        assertThat(FILTER.check("buy now").reason()).isEqualTo("blocked pattern /(?i)buy\\s+now/");
        assertThat(FILTER.check("fine").reason()).isEmpty();
    }

    @Test
    void anEmptyFilterAllowsEverythingAndIsBuiltFromConfig() {
        var empty = WordFilterModerator.from(new ServerConfig.ModerationConfig(List.of(), List.of(), "reject"));
        assertThat(empty.check("spam").decision()).isEqualTo(ModerationVerdict.Decision.ALLOW);
        var rejecting = WordFilterModerator.from(new ServerConfig.ModerationConfig(List.of("spam"), List.of(), "reject"));
        assertThat(rejecting.review(new ContentReview(UUID.randomUUID(), RoomType.FORUM, new User("u", "u"), "spam", false))
                .join().decision()).isEqualTo(ModerationVerdict.Decision.REJECT);
        assertThatThrownBy(() -> new WordFilterModerator(List.of("x"), List.of(), ModerationVerdict.Decision.ALLOW))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
