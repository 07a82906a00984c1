package dev.community.config;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The merged raw values of every key, each remembering which layer set it, with typed readers whose
 * errors name the key, the rule, the offending value (never a secret's) and where it came from.
 */
final class LayeredSettings {

    /** Marks values nobody set, so error messages do not blame an operator for a default. */
    static final String DEFAULT_SOURCE = "default";

    private record Setting(String value, String source) {
    }

    private final Map<String, Setting> settings = new HashMap<>();

    /** Sets {@code key} from a later layer, replacing what an earlier layer said. Values are trimmed. */
    void put(String key, String value, String source) {
        settings.put(key, new Setting(value.strip(), source));
    }

    /** A value that must be present and non-empty. */
    String required(String key) {
        String value = raw(key);
        if (value.isEmpty()) {
            throw error(key + " must not be empty", key);
        }
        return value;
    }

    /** A value whose absence means something; an empty value is absent, so a later layer can clear it. */
    Optional<String> optional(String key) {
        String value = raw(key);
        return value.isEmpty() ? Optional.empty() : Optional.of(value);
    }

    /** An integer within {@code min..max}; {@code Integer.MAX_VALUE} as max means "at least min". */
    int integer(String key, int min, int max) {
        String value = required(key);
        int parsed;
        try {
            parsed = Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw error(key + " must be an integer (got " + quoted(key) + ")", key);
        }
        if (parsed < min || parsed > max) {
            String rule = max == Integer.MAX_VALUE ? "at least " + min : min + ".." + max;
            throw error(key + " must be " + rule + " (got " + parsed + ")", key);
        }
        return parsed;
    }

    /** Exactly {@code true} or {@code false} (any case): "yes", "1" and "on" are typos, not booleans. */
    boolean bool(String key) {
        String value = required(key).toLowerCase(Locale.ROOT);
        return switch (value) {
            case "true" -> true;
            case "false" -> false;
            default -> throw error(key + " must be true or false (got " + quoted(key) + ")", key);
        };
    }

    /** One of {@code allowed}, compared ignoring case and returned in the allowed spelling. */
    String choice(String key, List<String> allowed) {
        String value = required(key);
        for (String candidate : allowed) {
            if (candidate.equalsIgnoreCase(value)) {
                return candidate;
            }
        }
        throw error(key + " must be one of " + String.join(", ", allowed) + " (got " + quoted(key) + ")", key);
    }

    /** A comma-separated list; an empty value is an empty list, an empty entry ("a,,b") an error. */
    List<String> list(String key) {
        String value = raw(key);
        if (value.isEmpty()) {
            return List.of();
        }
        List<String> entries = new ArrayList<>();
        for (String entry : value.split(",", -1)) {
            String trimmed = entry.strip();
            if (trimmed.isEmpty()) {
                throw error(key + " has an empty entry (got " + quoted(key) + ")", key);
            }
            entries.add(trimmed);
        }
        return List.copyOf(entries);
    }

    /** The value for an error message: quoted, or "****" for secrets, which never reach a log. */
    String quoted(String key) {
        return ConfigKeys.SECRETS.contains(key) ? "****" : "'" + raw(key) + "'";
    }

    /**
     * An error whose message is followed by where the operator set the keys involved (defaults are not
     * mentioned), e.g. {@code "server.port must be 0..65535 (got 70000) [set by COMMUNITY_SERVER_PORT]"}.
     */
    ConfigException error(String message, String... keys) {
        Set<String> sources = new LinkedHashSet<>();
        for (String key : keys) {
            Setting setting = settings.get(key);
            if (setting != null && !DEFAULT_SOURCE.equals(setting.source())) {
                sources.add(setting.source());
            }
        }
        return new ConfigException(sources.isEmpty() ? message : message + " [set by " + String.join(", ", sources) + "]");
    }

    private String raw(String key) {
        Setting setting = settings.get(key);
        return setting == null ? "" : setting.value();
    }
}
