package dev.community.server;

import dev.community.config.ConfigDefaults;
import dev.community.config.ConfigLoader;
import dev.community.config.ServerConfig;
import java.io.InputStream;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Unmatched;

/**
 * The launcher: with no command it runs the server; {@code token} mints an access token and {@code chat} chats from
 * the terminal, both for local development. Failures a person can fix are reported in one line
 * ({@link CommandFailures}).
 */
@Command(name = "community-server", mixinStandardHelpOptions = true, versionProvider = Version.class,
        subcommands = {TokenCommand.class, ChatCommand.class},
        customSynopsis = {"community-server [--key=value...]        runs the server",
                "       community-server token|chat [OPTIONS]   see COMMAND --help"},
        description = {"", "With no command, runs the community messaging server: WebSockets and the REST API on"
                + " server.port, /metrics, /health, /ready and the admin API on admin.port. Settings are --key=value"
                + " flags, COMMUNITY_* environment variables (db.url is COMMUNITY_DB_URL) or a properties file"
                + " (--config=FILE); a flag wins over a variable, a variable over the file.", ""},
        commandListHeading = "%nCommands:%n")
public final class Main implements Callable<Integer> {
    private final Map<String, String> env;
    private final InputStream stdin;

    @Spec
    private CommandSpec spec;

    @Unmatched
    private List<String> settings = new ArrayList<>();

    /** @param env the process environment (only COMMUNITY_* variables are read); @param stdin what chat reads */
    Main(Map<String, String> env, InputStream stdin) {
        this.env = Map.copyOf(env);
        this.stdin = stdin;
    }

    public static void main(String[] args) {
        TemporaryDirectBuffers.bound(); // before anything does channel I/O: the JDK reads it once
        System.exit(commandLine(new Main(System.getenv(), System.in)).execute(args));
    }

    /** The launcher's command line, with its one-line failure reports and the common keys in its help. */
    static CommandLine commandLine(Main main) {
        CommandLine commandLine = new CommandLine(main).setExecutionExceptionHandler(new CommandFailures());
        commandLine.getCommandSpec().usageMessage().footer(commonKeys());
        return commandLine;
    }

    Map<String, String> env() {
        return env;
    }

    InputStream stdin() {
        return stdin;
    }

    @Override
    public Integer call() throws Exception {
        if (!settings.isEmpty() && !settings.get(0).startsWith("-")) {
            throw new CommandFailure("unknown command '" + settings.get(0) + "': the commands are token and chat;"
                    + " with no command the server starts (see --help)", CommandFailures.USAGE);
        }
        ServerConfig config = ConfigLoader.load(settings.toArray(String[]::new), env);
        Logging.apply(config);
        CommunityServer server = new CommunityServer(config, Clock.systemUTC());
        server.start();
        ShutdownSignals.onTermOrInt(server::close);
        server.awaitStopped();
        return 0;
    }

    /** The footer of --help: the keys a newcomer reaches for first, with their defaults, and where the rest are. */
    private static String[] commonKeys() {
        return new String[] {
            "",
            "Common settings (default):",
            "  --server.port=PORT        WebSockets and REST (" + ConfigDefaults.SERVER_PORT + ")",
            "  --admin.port=PORT         /metrics, /health, /ready, admin API (" + ConfigDefaults.ADMIN_PORT + ")",
            "  --data.dir=DIR            embedded store, generated JWT secret (" + ConfigDefaults.DATA_DIR + ")",
            "  --db.url=JDBC_URL         PostgreSQL: jdbc:postgresql://HOST/DB (embedded)",
            "  --redis.url=URL           Redis for several nodes (single node)",
            "  --auth.jwt.secret=SECRET  the host's HS256 secret (generated in data.dir)",
            "  --web.dev_sign_in=true    development sign-in at /lounge/ (" + ConfigDefaults.WEB_DEV_SIGN_IN + ")",
            "  --log.level=LEVEL         TRACE, DEBUG, INFO, WARN, ERROR (" + ConfigDefaults.LOG_LEVEL + ")",
            "Every key, its default and how to tune it: docs/OPERATIONS.md",
            "",
            "Examples:",
            "  community-server                       serve on :8080, data in ./data",
            "  community-server token alice           print an access token for alice",
            "  community-server chat --user alice     chat in the general forum",
        };
    }
}
