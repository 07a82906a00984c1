package dev.community.server.lounge;

import com.auth0.jwt.JWT;
import com.auth0.jwt.algorithms.Algorithm;
import com.fasterxml.jackson.databind.JsonNode;
import dev.community.config.ServerConfig;
import dev.community.protocol.ErrorCode;
import dev.community.protocol.ProtocolException;
import dev.community.protocol.Texts;
import dev.community.protocol.UserIds;
import dev.community.server.ServerContext;
import dev.community.server.http.HttpResponses;
import io.netty.buffer.ByteBufUtil;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.text.Normalizer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code /lounge/dev-sign-in}: for a developer's own machine, lets a person type a username and receive an access
 * JWT signed with the server's HS256 secret, standing in for the host application. Off unless
 * {@code web.dev_sign_in=true}; then {@code GET} answers {@code {"enabled": true}} and {@code POST {"username"}}
 * answers {@code {"access_token", "user", "expires_in"}}. Off, both are 404 as if the path did not exist; on, it
 * answers only clients on this machine (loopback), and everyone else gets the same 404.
 */
public final class DevSignIn {
    static final String PATH = "/lounge/dev-sign-in";
    /** Long enough for a day of development, short enough that a leaked token does not live on. */
    static final Duration TTL = Duration.ofHours(12);
    static final int MAX_USERNAME_CODE_POINTS = 64;
    private static final Logger log = LoggerFactory.getLogger(DevSignIn.class);

    private final ServerContext app;
    private final Clock clock;

    DevSignIn(ServerContext app) {
        this.app = app;
        this.clock = app.clock();
    }

    /** Logged once at start: an operator must notice this switch in a production log. */
    public static void announce(ServerConfig config) {
        if (config.web().devSignIn()) {
            log.warn("DEVELOPMENT SIGN-IN IS ON (web.dev_sign_in=true): anyone who reaches {} can sign in as any user."
                    + " It must never be on in production.", PATH);
        }
        LoungeFiles files = new LoungeFiles(config.web().dir());
        if (files.built()) {
            log.info("the Lounge web client is served at /lounge/ from {}", files.root());
        } else {
            log.info("the Lounge web client is not built in {}: /lounge/ explains how ({})", files.root(),
                    LoungeResponses.BUILD_COMMAND);
        }
    }

    /**
     * @param fromLoopback the request comes from this machine: only then does the sign-in answer, so a server
     *                     started with it by mistake does not hand out tokens to the network
     */
    FullHttpResponse handle(FullHttpRequest request, boolean fromLoopback) {
        if (!app.config().web().devSignIn() || !fromLoopback) {
            return HttpResponses.error(app.codec(), ErrorCode.NOT_FOUND, "no such endpoint");
        }
        if (HttpMethod.GET.equals(request.method())) {
            return HttpResponses.json(HttpResponseStatus.OK, app.codec().writeBytes(Map.of("enabled", true)));
        }
        if (!HttpMethod.POST.equals(request.method())) {
            FullHttpResponse response = HttpResponses.error(app.codec(), HttpResponseStatus.METHOD_NOT_ALLOWED,
                    ErrorCode.NOT_FOUND, "use GET or POST");
            response.headers().set(HttpHeaderNames.ALLOW, "GET, POST");
            return response;
        }
        String username;
        boolean staff;
        try {
            JsonNode body = app.codec().readTree(ByteBufUtil.getBytes(request.content()));
            JsonNode name = body.path("username");
            if (!name.isTextual()) {
                return invalid("username must be a string");
            }
            username = name.asText().strip();
            staff = body.path("staff").asBoolean(false);
        } catch (ProtocolException e) {
            return HttpResponses.error(app.codec(), HttpResponseStatus.BAD_REQUEST, e.code(), e.getMessage());
        }
        if (username.isEmpty() || Texts.codePointLength(username) > MAX_USERNAME_CODE_POINTS || !Texts.isStorable(username)) {
            return invalid("username must be 1-" + MAX_USERNAME_CODE_POINTS + " characters");
        }
        String userId = userIdOf(username);
        if (userId.isEmpty()) {
            return invalid("username needs at least one letter or digit");
        }
        Instant now = clock.instant();
        ServerConfig.JwtConfig jwt = app.config().jwt();
        var token = JWT.create()
                .withSubject(userId)
                .withClaim("username", username)
                .withClaim("staff", staff)
                .withIssuedAt(now)
                .withExpiresAt(now.plus(TTL));
        jwt.issuer().ifPresent(token::withIssuer);
        jwt.audience().ifPresent(token::withAudience);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("access_token", token.sign(Algorithm.HMAC256(jwt.secret().orElseThrow())));
        body.put("user", Map.of("id", userId, "username", username));
        body.put("expires_in", TTL.toSeconds());
        log.info("development sign-in as {}{}", userId, staff ? " (staff)" : "");
        return HttpResponses.json(HttpResponseStatus.OK, app.codec().writeBytes(body));
    }

    /**
     * The user id a username signs in as: accents dropped, lower case, every run of other characters one '-',
     * at most 64 characters of the contract's {@code [A-Za-z0-9_.:@-]}. "José Núñez" → "jose-nunez".
     */
    static String userIdOf(String username) {
        String plain = Normalizer.normalize(username, Normalizer.Form.NFD).replaceAll("\\p{M}+", "")
                .toLowerCase(Locale.ROOT);
        StringBuilder id = new StringBuilder();
        boolean dash = false;
        for (int i = 0; i < plain.length() && id.length() < UserIds.MAX_LENGTH; i++) {
            char c = plain.charAt(i);
            boolean kept = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '.';
            if (kept) {
                id.append(c);
                dash = false;
            } else if (!dash && id.length() > 0) {
                id.append('-');
                dash = true;
            }
        }
        while (id.length() > 0 && (id.charAt(id.length() - 1) == '-' || id.charAt(id.length() - 1) == '.')) {
            id.setLength(id.length() - 1);
        }
        return id.toString();
    }

    private FullHttpResponse invalid(String message) {
        return HttpResponses.error(app.codec(), HttpResponseStatus.BAD_REQUEST, ErrorCode.INVALID_PAYLOAD, message);
    }
}
