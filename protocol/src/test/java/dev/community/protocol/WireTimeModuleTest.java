package dev.community.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The direct time printer writes exactly what the contract's formatter writes. */
class WireTimeModuleTest {

    @Test
    void printsWhatTheFormatterPrintsAcrossTheYearsAndEveryFraction() {
        SplittableRandom random = new SplittableRandom(16);
        long from = Instant.parse("0000-01-01T00:00:00Z").getEpochSecond();
        long to = Instant.parse("9999-12-31T23:59:59Z").getEpochSecond();
        for (int i = 0; i < 200_000; i++) {
            Instant instant = Instant.ofEpochSecond(random.nextLong(from, to + 1), random.nextInt(1_000_000_000));
            assertThat(WireTimeModule.format(instant)).isEqualTo(WireTimeModule.WIRE_FORMAT.format(instant));
        }
    }

    @Test
    void edgesAndYearsBeyondFourDigitsMatchToo() {
        for (String text : new String[] {"1970-01-01T00:00:00Z", "1969-12-31T23:59:59.999999999Z",
            "2026-12-05T07:11:00.120Z", "2000-02-29T12:00:00.001Z", "0000-01-01T00:00:00Z",
            "9999-12-31T23:59:59.999Z", "+10000-01-01T00:00:00Z", "-0001-12-31T23:59:59Z"}) {
            Instant instant = Instant.parse(text);
            assertThat(WireTimeModule.format(instant)).as(text).isEqualTo(WireTimeModule.WIRE_FORMAT.format(instant));
        }
        assertThat(WireTimeModule.format(Instant.parse("2026-11-24T10:00:00.123456Z")))
                .isEqualTo("2026-11-24T10:00:00.123Z");
    }
}
