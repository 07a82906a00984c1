package dev.community.server.rest;

import dev.community.server.actions.CrossRoomReads;
import dev.community.server.actions.RoomAccess;
import dev.community.server.actions.RoomActions;
import dev.community.protocol.ErrorCode;
import dev.community.protocol.JsonCodec;
import dev.community.protocol.ProtocolException;
import dev.community.server.OnLoop;
import dev.community.server.ServerMetrics;
import dev.community.server.StorageReads;
import dev.community.server.auth.AuthenticationException;
import dev.community.server.auth.Principal;
import dev.community.server.http.HttpResponses;
import dev.community.server.http.RequestIds;
import dev.community.server.http.HttpRouter;
import dev.community.server.actions.Refusal;
import dev.community.storage.ConflictException;
import dev.community.storage.DataRefusedException;
import dev.community.storage.MessageRejectedException;
import dev.community.storage.StorageUnavailableException;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The REST route table: authenticates the bearer JWT, matches {@code METHOD /path/{param}/}, runs the endpoint
 * and turns its result or failure into the contract's response. A path that exists with another method is a
 * 405; anything else under {@code /community/} is a 404.
 */
public final class RestApi {
    private static final Logger log = LoggerFactory.getLogger(RestApi.class);
    private static final Pattern PARAM = Pattern.compile("\\{([a-z_]+)}");
    /** What a client over its concurrent-calls budget is told to wait: about one typical call. */
    static final long CONCURRENCY_RETRY_MILLIS = 250;

    private final RestCallers callers;
    private final JsonCodec codec;
    private final ServerMetrics metrics;
    private final List<Route> routes = new ArrayList<>();

    /**
     * The route table with every endpoint of the contract, each given the collaborators it uses.
     *
     * @param store   the reads the endpoints make themselves (lists and pages), off the loop
     * @param actions every change, and the room access reads are judged by
     */
    public RestApi(RestCallers callers, JsonCodec codec, ServerMetrics metrics, StorageReads store,
                   RoomActions actions) {
        this.callers = callers;
        this.codec = codec;
        this.metrics = metrics;
        RoomAccess access = actions.access();
        new RoomEndpoints(codec, store, access, actions.settings(), actions.members(), actions.readMarks())
                .register(this);
        new MessageEndpoints(codec, store, access, actions.messages(), actions.reactions(), actions.reports())
                .register(this);
        new PinEndpoints(actions.pins()).register(this);
        new MemberEndpoints(codec, store, access, actions.members()).register(this);
        new ThreadEndpoints(codec, store, access, actions.threads()).register(this);
        new DirectMessageEndpoints(codec, store, access, actions.conversations()).register(this);
        new BlockEndpoints(codec, store, actions.conversations()).register(this);
        new UserEndpoints(store).register(this);
        new ModerationEndpoints(codec, actions.moderation()).register(this);
        CrossRoomReads reads = new CrossRoomReads(store.storage(), access);
        new SearchEndpoints(store.blocking(), reads).register(this);
        new MentionEndpoints(store.blocking(), reads).register(this);
    }

    /** Adds a route; {@code template} is like {@code /community/rooms/{room_id}/messages/}. */
    public void route(HttpMethod method, String template, Endpoint endpoint) {
        List<String> names = new ArrayList<>();
        Matcher m = PARAM.matcher(template);
        StringBuilder regex = new StringBuilder("^");
        int last = 0;
        while (m.find()) {
            regex.append(Pattern.quote(template.substring(last, m.start()))).append("([^/]+)");
            names.add(m.group(1));
            last = m.end();
        }
        String rest = template.substring(last);
        if (rest.endsWith("/")) {
            regex.append(Pattern.quote(rest.substring(0, rest.length() - 1))).append("/?$");
        } else {
            regex.append(Pattern.quote(rest)).append("$");
        }
        routes.add(new Route(method, Pattern.compile(regex.toString()), names, endpoint));
    }

    public boolean handles(String path) {
        return path.startsWith("/community/");
    }

    public void handle(ChannelHandlerContext ctx, FullHttpRequest request, boolean keepAlive) {
        QueryStringDecoder uri = new QueryStringDecoder(request.uri());
        Principal principal;
        try {
            principal = callers.authenticator().verify(HttpRouter.bearer(request));
        } catch (AuthenticationException e) {
            if (!callers.anonymous().refused(ctx, keepAlive)) {
                FullHttpResponse response = HttpResponses.error(codec, ErrorCode.UNAUTHORIZED, e.getMessage());
                response.headers().set(HttpHeaderNames.WWW_AUTHENTICATE, "Bearer");
                HttpResponses.send(ctx, keepAlive, response);
            }
            return;
        }
        String userId = principal.userId();
        long retryAfter = callers.budgets().takeRestRequest(userId);
        if (retryAfter > 0) {
            metrics.rejected(ErrorCode.RATE_LIMITED.wire());
            HttpResponses.send(ctx, keepAlive, HttpResponses.rateLimited(codec, retryAfter,
                    "too many requests for this user; slow down"));
            return;
        }
        if (!callers.budgets().startRestCall(userId)) {
            metrics.rejected(ErrorCode.RATE_LIMITED.wire());
            HttpResponses.send(ctx, keepAlive, HttpResponses.rateLimited(codec, CONCURRENCY_RETRY_MILLIS,
                    "too many requests of this user in progress; wait for their answers"));
            return;
        }
        boolean pathExists = false;
        for (Route route : routes) {
            Matcher m = route.pattern.matcher(uri.path());
            if (!m.matches()) {
                continue;
            }
            pathExists = true;
            if (!route.method.equals(request.method())) {
                continue;
            }
            Map<String, String> params = new HashMap<>();
            for (int i = 0; i < route.params.size(); i++) {
                params.put(route.params.get(i), m.group(i + 1));
            }
            RestRequest rest = new RestRequest(principal, request.method(), uri.path(), params, uri.parameters(),
                    ByteBufUtil.getBytes(request.content()));
            run(ctx, keepAlive, route.endpoint, rest);
            return;
        }
        callers.budgets().endRestCall(userId);
        HttpResponses.send(ctx, keepAlive, pathExists
                ? HttpResponses.error(codec, HttpResponseStatus.METHOD_NOT_ALLOWED, ErrorCode.NOT_FOUND,
                        "method not allowed on this path")
                : HttpResponses.error(codec, ErrorCode.NOT_FOUND, "no such endpoint"));
    }

    private void run(ChannelHandlerContext ctx, boolean keepAlive, Endpoint endpoint, RestRequest request) {
        CompletableFuture<RestResponse> result;
        try {
            result = endpoint.handle(request);
        } catch (Exception e) {
            result = CompletableFuture.failedFuture(e);
        }
        OnLoop.then(result, ctx.executor(), (response, failure) -> {
            callers.budgets().endRestCall(request.principal().userId());
            HttpResponses.send(ctx, keepAlive, failure == null ? toHttp(response) : toHttp(failure, request));
        });
    }

    private FullHttpResponse toHttp(RestResponse response) {
        if (response.body() == null) {
            return HttpResponses.empty(response.status());
        }
        return HttpResponses.json(response.status(), codec.writeBytes(response.body()));
    }

    private FullHttpResponse toHttp(Throwable failure, RestRequest request) {
        Throwable cause = OnLoop.unwrap(failure);
        if (cause instanceof ProtocolException e) {
            return HttpResponses.error(codec, HttpResponseStatus.BAD_REQUEST, e.code(), e.getMessage());
        }
        if (cause instanceof Refusal e) {
            return e.retryAfterMillis() == null ? HttpResponses.error(codec, e.code(), e.getMessage())
                    : HttpResponses.retryLater(codec, e.code(), e.retryAfterMillis(), e.getMessage());
        }
        if (cause instanceof ConflictException e) {
            return HttpResponses.error(codec, ErrorCode.CONFLICT, e.getMessage());
        }
        if (cause instanceof DataRefusedException e) {
            // A value validation let through and the schema refused: the client learns that much, the log the rest.
            String requestId = RequestIds.next();
            log.warn("{} {} refused by the database [request_id={}]", request.method(), request.path(), requestId,
                    e.getCause());
            return HttpResponses.error(codec, ErrorCode.INVALID_PAYLOAD, e.getMessage() + " (request_id "
                    + requestId + ")");
        }
        if (cause instanceof IllegalArgumentException e) {
            // the store refusing a value of ours (a cursor it did not issue): the message is the store's own words
            return HttpResponses.error(codec, ErrorCode.INVALID_PAYLOAD, e.getMessage());
        }
        if (cause instanceof MessageRejectedException) {
            return HttpResponses.error(codec, ErrorCode.INVALID_PAYLOAD, "the message cannot be stored");
        }
        if (cause instanceof StorageUnavailableException) {
            metrics.rejected(ErrorCode.UNAVAILABLE.wire());
            return HttpResponses.error(codec, ErrorCode.UNAVAILABLE, "storage is unavailable; retry");
        }
        String requestId = RequestIds.next();
        log.warn("{} {} failed [request_id={}]", request.method(), request.path(), requestId, cause);
        return HttpResponses.internal(codec, requestId);
    }

    private record Route(HttpMethod method, Pattern pattern, List<String> params, Endpoint endpoint) {
    }
}
