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
final class WireTimeModule extends SimpleModule {

    private static final long serialVersionUID = 1L;

    /** {@code appendInstant(3)} always prints three fraction digits, unlike {@code ISO_INSTANT}. */
    static final DateTimeFormatter WIRE_FORMAT = new DateTimeFormatterBuilder().appendInstant(3).toFormatter();

    WireTimeModule() {
        super("community-wire-time");
        addSerializer(Instant.class, new InstantSerializer());
        addDeserializer(Instant.class, new InstantDeserializer());
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
            gen.writeString(WIRE_FORMAT.format(value));
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
