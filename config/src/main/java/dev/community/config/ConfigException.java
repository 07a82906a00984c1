package dev.community.config;

/**
 * A configuration that cannot be used. Unchecked because the only sensible reaction is to stop the
 * start-up and show the message, which always names the offending key (or file, flag or variable)
 * and the rule it broke, e.g. {@code "server.port must be 0..65535 (got 70000)"}.
 */
public final class ConfigException extends RuntimeException {

    public ConfigException(String message) {
        super(message);
    }

    public ConfigException(String message, Throwable cause) {
        super(message, cause);
    }
}
