package dev.community.server.lounge;

import com.fasterxml.jackson.databind.JsonNode;
import dev.community.config.ServerConfig;
import dev.community.protocol.JsonCodec;
import java.time.Clock;
import dev.community.protocol.ErrorCode;
import dev.community.protocol.ProtocolException;
import dev.community.protocol.Texts;
import dev.community.protocol.UserIds;
import dev.community.server.auth.AccessTokenMinter;
import dev.community.server.http.HttpResponses;
import io.netty.buffer.ByteBufUtil;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.net.IDN;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.text.Normalizer;
import java.util.HexFormat;
import java.time.Duration;
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
    /** Bytes of the name's hash in an id IDNA cannot spell: 64 bits, so distinct names do not meet in practice. */
    private static final int HASHED_ID_BYTES = 8;
    private static final Logger log = LoggerFactory.getLogger(DevSignIn.class);

    /** {@code web.dev_sign_in}: off, the endpoint answers 404. */
    private final boolean enabled;
    private final JsonCodec codec;
    /** Null while the sign-in is off (then the server may verify with a public key and could not mint). */
    private final AccessTokenMinter minter;

    DevSignIn(ServerConfig config, Clock clock, JsonCodec codec) {
        this.enabled = config.web().devSignIn();
        this.codec = codec;
        this.minter = enabled ? new AccessTokenMinter(config.jwt(), clock) : null;
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
        if (!enabled || !fromLoopback) {
            return HttpResponses.error(codec, ErrorCode.NOT_FOUND, "no such endpoint");
        }
        if (HttpMethod.GET.equals(request.method())) {
            return HttpResponses.json(HttpResponseStatus.OK, codec.writeBytes(Map.of("enabled", true)));
        }
        if (!HttpMethod.POST.equals(request.method())) {
            FullHttpResponse response = HttpResponses.error(codec, HttpResponseStatus.METHOD_NOT_ALLOWED,
                    ErrorCode.NOT_FOUND, "use GET or POST");
            response.headers().set(HttpHeaderNames.ALLOW, "GET, POST");
            return response;
        }
        String username;
        boolean staff;
        try {
            JsonNode body = codec.readTree(ByteBufUtil.getBytes(request.content()));
            JsonNode name = body.path("username");
            if (!name.isTextual()) {
                return invalid("username must be a string");
            }
            username = name.asText().strip();
            staff = body.path("staff").asBoolean(false);
        } catch (ProtocolException e) {
            return HttpResponses.error(codec, HttpResponseStatus.BAD_REQUEST, e.code(), e.getMessage());
        }
        if (username.isEmpty() || Texts.codePointLength(username) > MAX_USERNAME_CODE_POINTS || !Texts.isStorable(username)) {
            return invalid("username must be 1-" + MAX_USERNAME_CODE_POINTS + " characters");
        }
        String userId = userIdOf(username);
        if (userId.isEmpty()) {
            return invalid("username needs at least one letter or digit");
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("access_token", minter.mint(userId, username, TTL, 0, staff, null));
        body.put("user", Map.of("id", userId, "username", username));
        body.put("expires_in", TTL.toSeconds());
        log.info("development sign-in as {}{}", userId, staff ? " (staff)" : "");
        return HttpResponses.json(HttpResponseStatus.OK, codec.writeBytes(body));
    }

    /**
     * The user id a username signs in as, within the contract's {@code [A-Za-z0-9_.:@-]}, at most 64 characters.
     * A name in Latin letters keeps them, without accents, lower case, every run of other characters one '-':
     * "José Núñez" → "jose-nunez". A name with letters or digits of any other script becomes the same kind of slug
     * in IDNA's ASCII form (Punycode, as for domain names): "日本" → "xn--wgv71a". Where that is not possible (a
     * slug IDNA refuses, or one too long) the id is "u-" and a hash of the name. Empty when the name has no letter
     * or digit at all.
     */
    static String userIdOf(String username) {
        String lower = username.toLowerCase(Locale.ROOT);
        String latin = Normalizer.normalize(lower, Normalizer.Form.NFD).replaceAll("\\p{M}+", "");
        if (latin.codePoints().noneMatch(c -> c > 0x7f && Character.isLetterOrDigit(c))) {
            return slug(latin);
        }
        // Accents are not stripped here: in other scripts a mark can change the word (が is not か).
        String composed = Normalizer.normalize(lower, Normalizer.Form.NFC);
        String unicode = slug(composed);
        try {
            String ascii = IDN.toASCII(unicode, IDN.ALLOW_UNASSIGNED);
            if (UserIds.isValid(ascii)) {
                return ascii;
            }
        } catch (IllegalArgumentException refusedByIdna) {
            // e.g. right-to-left letters followed by a digit, or a part over 63 characters: fall through
        }
        return "u-" + HexFormat.of().formatHex(sha256(composed), 0, HASHED_ID_BYTES);
    }

    /** Letters, digits, '_' and '.' kept; every run of anything else one '-'; no '-' or '.' at either end. */
    private static String slug(String text) {
        StringBuilder id = new StringBuilder();
        boolean dash = false;
        for (int i = 0; i < text.length() && id.length() < UserIds.MAX_LENGTH; ) {
            int c = text.codePointAt(i);
            i += Character.charCount(c);
            boolean kept = c < 0x80 ? (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '.'
                    : Character.isLetterOrDigit(c);
            if (kept) {
                id.appendCodePoint(c);
                dash = false;
            } else if (!dash && id.length() > 0) {
                id.append('-');
                dash = true;
            }
        }
        while (id.length() > 0 && (id.charAt(id.length() - 1) == '-' || id.charAt(id.length() - 1) == '.')) {
            id.setLength(id.length() - 1);
        }
        while (id.length() > 0 && id.charAt(0) == '.') {
            id.deleteCharAt(0);
        }
        return id.toString();
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    private FullHttpResponse invalid(String message) {
        return HttpResponses.error(codec, HttpResponseStatus.BAD_REQUEST, ErrorCode.INVALID_PAYLOAD, message);
    }
}
