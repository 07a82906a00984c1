package dev.community.loadtest.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The run's result as JSON (snake_case, indented); NaN figures are written as the string "NaN". */
public final class JsonReport {
    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .enable(SerializationFeature.INDENT_OUTPUT)
            .build();

    private JsonReport() {
    }

    public static String toJson(RunResult result) {
        try {
            return MAPPER.writeValueAsString(result);
        } catch (IOException e) {
            throw new UncheckedIOException("could not write the result as JSON", e);
        }
    }

    public static void write(RunResult result, Path file) throws IOException {
        Files.writeString(file, toJson(result));
    }

    /** Reads a result file back as a tree (for tools and tests). */
    public static com.fasterxml.jackson.databind.JsonNode read(Path file) throws IOException {
        return MAPPER.readTree(file.toFile());
    }
}
