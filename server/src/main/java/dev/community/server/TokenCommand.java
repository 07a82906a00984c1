package dev.community.server;

import com.auth0.jwt.JWT;
import com.auth0.jwt.algorithms.Algorithm;
import dev.community.config.ConfigLoader;
import dev.community.config.ServerConfig;
import dev.community.protocol.UserIds;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Unmatched;

/**
 * Mints an HS256 access token from the server's own secret (configured, or generated in data.dir on first run),
 * so a developer can connect a client without a host application. Production tokens come from the host.
 */
@Command(name = "token", mixinStandardHelpOptions = true,
        description = "Prints an access JWT for USER_ID signed with the server's HS256 secret.")
final class TokenCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "USER_ID", description = "the sub claim: 1-64 of [A-Za-z0-9_.:@-]")
    private String userId;

    @Option(names = "--username", description = "display name (default: USER_ID)")
    private String username;

    @Option(names = "--ttl-hours", defaultValue = "24", description = "lifetime in hours (default: ${DEFAULT-VALUE})")
    private long ttlHours;

    @Option(names = "--trust-level", defaultValue = "0", description = "trust_level claim (default: ${DEFAULT-VALUE})")
    private int trustLevel;

    @Option(names = "--staff", description = "mark the user as platform staff")
    private boolean staff;

    @Option(names = "--joined-days-ago", description = "joined_at claim, this many days ago")
    private Integer joinedDaysAgo;

    @Unmatched
    private List<String> settings = new java.util.ArrayList<>();

    @Override
    public Integer call() {
        if (!UserIds.isValid(userId)) {
            System.err.println("USER_ID must be 1-64 characters of [A-Za-z0-9_.:@-]");
            return 2;
        }
        ServerConfig config = ConfigLoader.load(settings.toArray(String[]::new), System.getenv());
        if (!"HS256".equals(config.jwt().algorithm()) || config.jwt().secret().isEmpty()) {
            System.err.println("token minting needs an HS256 secret; with " + config.jwt().algorithm()
                    + " tokens come from the host application");
            return 2;
        }
        Instant now = Instant.now();
        var builder = JWT.create()
                .withSubject(userId)
                .withClaim("username", username == null ? userId : username)
                .withIssuedAt(now)
                .withExpiresAt(now.plus(Duration.ofHours(ttlHours)))
                .withClaim("trust_level", trustLevel)
                .withClaim("staff", staff);
        if (joinedDaysAgo != null) {
            builder.withClaim("joined_at", now.minus(Duration.ofDays(joinedDaysAgo)).getEpochSecond());
        }
        config.jwt().issuer().ifPresent(builder::withIssuer);
        config.jwt().audience().ifPresent(builder::withAudience);
        System.out.println(builder.sign(Algorithm.HMAC256(config.jwt().secret().get())));
        return 0;
    }
}
