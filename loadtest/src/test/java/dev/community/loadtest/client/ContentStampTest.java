package dev.community.loadtest.client;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ContentStampTest {

    @Test
    void roundTripsTimeAndClientIdAndPadsToTheLength() {
        String content = ContentStamp.content(987_654_321L, "k1-3-99", 200);
        assertThat(content).hasSize(200).startsWith("lt 987654321 k1-3-99 x");
        assertThat(ContentStamp.nanos(content)).isEqualTo(987_654_321L);
        assertThat(ContentStamp.clientId(content)).isEqualTo("k1-3-99");
    }

    @Test
    void neverCutsTheStampWhenThePayloadIsShort() {
        String content = ContentStamp.content(1L, "id", 1);
        assertThat(content).isEqualTo("lt 1 id x");
        assertThat(ContentStamp.clientId(content)).isEqualTo("id");
    }

    @ParameterizedTest
    @CsvSource(value = {
            "hello, -1, NULL",
            "lt, -1, NULL",
            "lt x y z, -1, y",
            "lt 12, -1, NULL",
            "lt 12 id, 12, NULL",
            "Lt 12 id x, -1, NULL",
            "NULL, -1, NULL"}, nullValues = "NULL")
    void readsOnlyWhatIsThere(String content, long nanos, String clientId) {
        assertThat(ContentStamp.nanos(content)).isEqualTo(nanos);
        assertThat(ContentStamp.clientId(content)).isEqualTo(clientId);
    }
}
