package dev.community.server;

import dev.community.config.ServerConfig;
import dev.community.protocol.JsonCodec;
import dev.community.protocol.UserIds;
import dev.community.server.auth.AccessTokenMinter;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Unmatched;

/**
 * A terminal chat client, so a new user can talk to a running server a minute after cloning: it mints (or takes)
 * an access token, joins a room, prints every event as one JSON line and sends each line typed on stdin as a
 * message (see {@link TerminalChat}).
 */
@Command(name = "chat", mixinStandardHelpOptions = true, versionProvider = Version.class, sortOptions = false,
        header = "Chats in a room from the terminal.",
        description = "Joins a room and chats from the terminal: each line you type is sent as a message, every event"
                + " is printed as one JSON line. At the end of input it waits for the server to acknowledge what"
                + " was sent, then leaves (so `echo hi | community-server chat --user alice` posts one message).",
        footer = {"", "Without --token it signs a token with the local server's secret, so pass the server's"
                + " --data.dir (or --auth.jwt.secret) when it is not ./data. Exit status: 0 when the input ended and"
                + " everything sent was acknowledged, 1 when the server refused or closed the connection."})
final class ChatCommand implements Callable<Integer> {
    /** How long a token minted here lives: long enough for a session at the terminal. */
    static final Duration MINTED_TOKEN_LIFETIME = Duration.ofHours(12);

    @ParentCommand
    private Main launcher;

    @Spec
    private CommandSpec spec;

    @Option(names = "--user", paramLabel = "USER_ID", required = true, description = "your user id (the token's sub)")
    private String userId;

    @Option(names = "--room", paramLabel = "ROOM", defaultValue = "general", description = "room id, or a forum slug (default: ${DEFAULT-VALUE})")
    private String room;

    @Option(names = "--url", paramLabel = "URL", defaultValue = "http://127.0.0.1:8080", description = "the server (default: ${DEFAULT-VALUE})")
    private String url;

    @Option(names = "--token", paramLabel = "JWT", description = "an access JWT; default: one signed with the local server's secret")
    private String accessToken;

    @Mixin
    private ServerSettings server;

    @Unmatched
    private List<String> otherSettings = new ArrayList<>();

    @Override
    public Integer call() {
        if (!UserIds.isValid(userId)) {
            throw new CommandFailure("--user must be 1-64 characters of [A-Za-z0-9_.:@-] (got '" + userId + "')",
                    CommandFailures.USAGE);
        }
        URI base = serverUri();
        String jwt = accessToken;
        String signedWith = null;
        if (jwt == null) {
            ServerConfig config = server.load(otherSettings, launcher.env());
            AccessTokenMinter.unavailable(config.jwt()).ifPresent(reason -> {
                throw new CommandFailure(reason + ": pass one with --token=ACCESS_JWT", CommandFailures.USAGE);
            });
            jwt = new AccessTokenMinter(config.jwt(), Clock.systemUTC())
                    .mint(userId, userId, MINTED_TOKEN_LIFETIME, 0, false, null);
            signedWith = config.jwt().secretFile().map(file -> "the secret in " + file.toAbsolutePath().normalize())
                    .orElse("the configured auth.jwt.secret");
        }
        var chat = new TerminalChat(base, userId, jwt, signedWith, new JsonCodec(), spec.commandLine().getOut());
        var input = new BufferedReader(new InputStreamReader(launcher.stdin(), StandardCharsets.UTF_8));
        return chat.run(chat.resolveRoom(room), input);
    }

    private URI serverUri() {
        try {
            URI uri = new URI(url.endsWith("/") ? url.substring(0, url.length() - 1) : url);
            if (("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) && uri.getHost() != null) {
                return uri;
            }
        } catch (URISyntaxException e) {
            // reported below
        }
        throw new CommandFailure("--url must be the server's http:// or https:// address (got '" + url + "')",
                CommandFailures.USAGE);
    }
}
