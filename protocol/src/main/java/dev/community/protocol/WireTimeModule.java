package dev.community.protocol;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.deser.std.StdScalarDeserializer;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.StdScalarSerializer;
import java.io.IOException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;

/**
 * The contract's time format: {@link Instant} written as ISO-8601 UTC with exactly three fraction digits
 * ({@code "2026-11-24T10:00:00.123Z"}, so clients can compare strings and parse one shape), read from any
 * ISO-8601 instant or offset date-time. Done here rather than with jackson-datatype-jsr310, whose output
 * drops trailing zero fractions and whose defaults write numbers.
 */
public final class WireTimeModule extends SimpleModule {

    private static final long serialVersionUID = 1L;

    /** {@code appendInstant(3)} always prints three fraction digits, unlike {@code ISO_INSTANT}. */
    static final DateTimeFormatter WIRE_FORMAT = new DateTimeFormatterBuilder().appendInstant(3).toFormatter();

    WireTimeModule() {
        super("community-wire-time");
        addSerializer(Instant.class, new InstantSerializer());
        addDeserializer(Instant.class, new InstantDeserializer());
    }

    /**
     * {@link #WIRE_FORMAT}'s text, written directly into 24 chars for the years 0000–9999. Every event carries a
     * time or two, and the formatter's field-by-field printing was a tenth of the message writer's CPU in the
     * ingest profile (docs/BENCHMARKS.md). Other years (never in practice) take the formatter.
     */
    public static String format(Instant value) {
        long seconds = value.getEpochSecond();
        java.time.LocalDate date = java.time.LocalDate.ofEpochDay(Math.floorDiv(seconds, 86_400));
        int year = date.getYear();
        if (year < 0 || year > 9999) {
            return WIRE_FORMAT.format(value);
        }
        int secondOfDay = (int) Math.floorMod(seconds, 86_400);
        char[] c = new char[24];
        digits(c, 0, year, 4);
        c[4] = '-';
        digits(c, 5, date.getMonthValue(), 2);
        c[7] = '-';
        digits(c, 8, date.getDayOfMonth(), 2);
        c[10] = 'T';
        digits(c, 11, secondOfDay / 3600, 2);
        c[13] = ':';
        digits(c, 14, secondOfDay / 60 % 60, 2);
        c[16] = ':';
        digits(c, 17, secondOfDay % 60, 2);
        c[19] = '.';
        digits(c, 20, value.getNano() / 1_000_000, 3); // truncated, as appendInstant(3) does
        c[23] = 'Z';
        return new String(c);
    }

    private static void digits(char[] out, int at, int value, int width) {
        for (int i = at + width - 1; i >= at; i--) {
            out[i] = (char) ('0' + value % 10);
            value /= 10;
        }
    }

    static Instant parse(String text) {
        try {
            return DateTimeFormatter.ISO_INSTANT.parse(text, Instant::from);
        } catch (DateTimeParseException notAnInstant) {
            return OffsetDateTime.parse(text, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant();
        }
    }

    private static final class InstantSerializer extends StdScalarSerializer<Instant> {
        private static final long serialVersionUID = 1L;

        InstantSerializer() {
            super(Instant.class);
        }

        @Override
        public void serialize(Instant value, JsonGenerator gen, SerializerProvider provider) throws IOException {
            gen.writeString(format(value));
        }
    }

    private static final class InstantDeserializer extends StdScalarDeserializer<Instant> {
        private static final long serialVersionUID = 1L;

        InstantDeserializer() {
            super(Instant.class);
        }

        @Override
        public Instant deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            if (!p.hasToken(JsonToken.VALUE_STRING)) {
                return (Instant) ctxt.handleUnexpectedToken(Instant.class, p);
            }
            String text = p.getText().trim();
            try {
                return parse(text);
            } catch (DateTimeParseException e) {
                return (Instant) ctxt.handleWeirdStringValue(Instant.class, text,
                        "expected an ISO-8601 instant such as 2026-11-24T10:00:00.123Z");
            }
        }
    }
}
