package dev.community.server;

import dev.community.config.ServerConfig;
import dev.community.protocol.UserIds;
import dev.community.server.auth.AccessTokenMinter;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Unmatched;

/**
 * Mints an HS256 access token from the server's own secret (configured, or generated in data.dir on first run),
 * so a developer can connect a client without a host application. Production tokens come from the host.
 */
@Command(name = "token", mixinStandardHelpOptions = true, versionProvider = Version.class, sortOptions = false,
        header = "Prints an access token for local development.",
        description = "Prints an access JWT for USER_ID signed with the server's HS256 secret (for development:"
                + " in production the host application issues them).",
        footer = {"", "Any other --key=value server setting is accepted too, and checked as the server checks it ("
                + CommandFailures.EVERY_KEY + ")."})
final class TokenCommand implements Callable<Integer> {
    @ParentCommand
    private Main launcher;

    @Spec
    private CommandSpec spec;

    @Parameters(index = "0", paramLabel = "USER_ID", description = "the sub claim: 1-64 of [A-Za-z0-9_.:@-]")
    private String userId;

    @Option(names = "--username", paramLabel = "NAME", description = "display name (default: USER_ID)")
    private String username;

    @Option(names = "--ttl-hours", paramLabel = "HOURS", defaultValue = "24", description = "lifetime in hours (default: ${DEFAULT-VALUE})")
    private long ttlHours;

    @Option(names = "--trust-level", paramLabel = "LEVEL", defaultValue = "0", description = "trust_level claim (default: ${DEFAULT-VALUE})")
    private int trustLevel;

    @Option(names = "--staff", description = "mark the user as platform staff")
    private boolean staff;

    @Option(names = "--joined-days-ago", paramLabel = "DAYS", description = "joined_at claim, this many days ago")
    private Integer joinedDaysAgo;

    @Mixin
    private ServerSettings server;

    @Unmatched
    private List<String> otherSettings = new ArrayList<>();

    @Override
    public Integer call() {
        if (!UserIds.isValid(userId)) {
            throw new CommandFailure("USER_ID must be 1-64 characters of [A-Za-z0-9_.:@-] (got '" + userId + "')",
                    CommandFailures.USAGE);
        }
        ServerConfig config = server.load(otherSettings, launcher.env());
        AccessTokenMinter.unavailable(config.jwt()).ifPresent(reason -> {
            throw new CommandFailure(reason, CommandFailures.USAGE);
        });
        Clock clock = Clock.systemUTC();
        String token = new AccessTokenMinter(config.jwt(), clock).mint(userId, username == null ? userId : username,
                Duration.ofHours(ttlHours), trustLevel, staff,
                joinedDaysAgo == null ? null : clock.instant().minus(Duration.ofDays(joinedDaysAgo)));
        spec.commandLine().getOut().println(token);
        spec.commandLine().getOut().flush();
        return 0;
    }
}
