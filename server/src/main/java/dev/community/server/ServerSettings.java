package dev.community.server;

import dev.community.config.ConfigDefaults;
import dev.community.config.ConfigLoader;
import dev.community.config.ServerConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * The server settings a sub-command reads to act like the server it talks to (so that {@code token} and
 * {@code chat} sign with the same secret): the ones that matter are options here, so {@code --help} lists them;
 * any other {@code --key=value} is passed on and checked exactly as the server checks it.
 */
final class ServerSettings {
    @Option(names = "--data.dir", paramLabel = "DIR",
            description = "the server's data directory, where it generated its JWT secret (default: "
                    + ConfigDefaults.DATA_DIR + ")")
    String dataDir;

    @Option(names = "--config", paramLabel = "FILE", description = "the server's properties file, if it has one")
    String configFile;

    @Option(names = "--auth.jwt.secret", paramLabel = "SECRET",
            description = "the server's HS256 secret, when it is configured rather than generated in the data directory")
    String secret;

    @Option(names = "--auth.jwt.issuer", paramLabel = "ISSUER", description = "the iss claim the server checks, if any")
    String issuer;

    @Option(names = "--auth.jwt.audience", paramLabel = "AUDIENCE", description = "the aud claim the server checks, if any")
    String audience;

    /** These settings and {@code others} (each {@code --key=value}) over the COMMUNITY_* variables of {@code env}. */
    ServerConfig load(List<String> others, Map<String, String> env) {
        List<String> flags = new ArrayList<>();
        add(flags, "data.dir", dataDir);
        add(flags, "config", configFile);
        add(flags, "auth.jwt.secret", secret);
        add(flags, "auth.jwt.issuer", issuer);
        add(flags, "auth.jwt.audience", audience);
        flags.addAll(others);
        return ConfigLoader.load(flags.toArray(String[]::new), env);
    }

    private static void add(List<String> flags, String key, String value) {
        if (value != null) {
            flags.add("--" + key + "=" + value);
        }
    }
}
