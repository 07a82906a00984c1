package dev.community.protocol;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.io.SerializedString;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.AbstractList;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A list whose JSON was written once and is copied as it is into every document that carries it: room_state's
 * online list in a large room is the same for every member connecting between two presence summaries, and
 * encoding its hundreds of users once per connect was a sixth of the event loops' time in a reconnect storm
 * (docs/BENCHMARKS.md). Read as a list it is the list it was made from; only its encoding is shared.
 */
@JsonSerialize(using = EncodedList.Writer.class)
public final class EncodedList<T> extends AbstractList<T> {
    private final List<T> elements;
    /** Each element's JSON, in order. */
    private final List<SerializedString> encoded;

    private EncodedList(List<T> elements, List<SerializedString> encoded) {
        this.elements = elements;
        this.encoded = encoded;
    }

    /** {@code elements} (copied) with each one's JSON as {@code codec} writes it. */
    public static <T> EncodedList<T> of(List<T> elements, JsonCodec codec) {
        List<T> copy = List.copyOf(elements);
        return new EncodedList<>(copy, copy.stream().map(e -> encode(e, codec)).toList());
    }

    /**
     * {@code element} followed by this list's first {@code max - 1} elements: only {@code element} is encoded, the
     * others' JSON is shared.
     */
    public EncodedList<T> withFirst(T element, int max, JsonCodec codec) {
        int kept = Math.max(0, Math.min(elements.size(), max - 1));
        List<T> all = new ArrayList<>(kept + 1);
        List<SerializedString> json = new ArrayList<>(kept + 1);
        all.add(element);
        json.add(encode(element, codec));
        all.addAll(elements.subList(0, kept));
        json.addAll(encoded.subList(0, kept));
        return new EncodedList<>(Collections.unmodifiableList(all), Collections.unmodifiableList(json));
    }

    private static SerializedString encode(Object element, JsonCodec codec) {
        return new SerializedString(new String(codec.writeBytes(element), StandardCharsets.UTF_8));
    }

    @Override
    public T get(int index) {
        return elements.get(index);
    }

    @Override
    public int size() {
        return elements.size();
    }

    /** Writes the elements' JSON as it was encoded. */
    static final class Writer extends StdSerializer<EncodedList<?>> {
        private static final SerializedString OPEN = new SerializedString("[");
        private static final SerializedString COMMA = new SerializedString(",");
        private static final SerializedString CLOSE = new SerializedString("]");

        @SuppressWarnings({"unchecked", "rawtypes"})
        Writer() {
            super((Class) EncodedList.class);
        }

        @Override
        public void serialize(EncodedList<?> list, JsonGenerator gen, SerializerProvider provider) throws IOException {
            // the array's start goes through writeRawValue (which places the separator before it); the rest is raw
            gen.writeRawValue(OPEN);
            for (int i = 0; i < list.encoded.size(); i++) {
                if (i > 0) {
                    gen.writeRaw(COMMA);
                }
                gen.writeRaw(list.encoded.get(i));
            }
            gen.writeRaw(CLOSE);
        }
    }
}
