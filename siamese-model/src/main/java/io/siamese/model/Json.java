package io.siamese.model;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * JSON for configs, model headers and reports, the one place the project touches a JSON library (Jackson databind,
 * declared in this module at the version the parent pom sets; ND4J's shaded copy is ND4J's own and not an API).
 * Records are supported, NaN is allowed (an unknown rate is written as {@code "NaN"} and read back quoted or bare),
 * unknown properties are ignored so that newer files still load; files are indented, {@link #writeCompact} gives one
 * line. The output is byte for byte what the shaded Jackson 2.13 wrote before, so every model file, checkpoint and
 * config written earlier reads back unchanged (JsonTest and ModelFileTest hold files and strings of that version).
 */
public final class Json {

    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
            .enable(SerializationFeature.INDENT_OUTPUT)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    private Json() {
    }

    public static String write(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write " + value.getClass().getSimpleName() + " as JSON", e);
        }
    }

    /** One line, for machine-readable command output. */
    public static String writeCompact(Object value) {
        try {
            return MAPPER.writer().without(SerializationFeature.INDENT_OUTPUT).writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write " + value.getClass().getSimpleName() + " as JSON", e);
        }
    }

    public static <T> T read(String json, Class<T> type) {
        try {
            return MAPPER.readValue(json, type);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot read " + type.getSimpleName() + " from JSON: " + e.getOriginalMessage(), e);
        }
    }

    public static <T> T read(Path file, Class<T> type) {
        try {
            return read(Files.readString(file, StandardCharsets.UTF_8), type);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    /** Writes atomically: a temporary file beside the target, then a rename. */
    public static void write(Path file, Object value) {
        AtomicFiles.writeString(file, write(value) + "\n");
    }
}
