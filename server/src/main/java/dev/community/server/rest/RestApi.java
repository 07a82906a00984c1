package dev.community.server.rest;

import dev.community.server.actions.CrossRoomReads;
import dev.community.server.actions.RoomAccess;
import dev.community.protocol.ErrorCode;
import dev.community.protocol.ProtocolException;
import dev.community.server.OnLoop;
import dev.community.server.ServerContext;
import dev.community.server.auth.AuthenticationException;
import dev.community.server.auth.Principal;
import dev.community.server.http.AnonymousBudget;
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

    private final ServerContext app;
    private final AnonymousBudget anonymous;
    private final List<Route> routes = new ArrayList<>();

    public RestApi(ServerContext app) {
        this.app = app;
        this.anonymous = new AnonymousBudget(app.budgets(), app.metrics(), app.codec());
        RoomAccess access = app.actions().access();
        new RoomEndpoints(app, access).register(this);
        new MessageEndpoints(app, access, app.actions().messages()).register(this);
        new PinEndpoints(app.actions().pins()).register(this);
        new MemberEndpoints(app, access).register(this);
        new ThreadEndpoints(app, access).register(this);
        new DirectMessageEndpoints(app, access).register(this);
        new BlockEndpoints(app).register(this);
        new UserEndpoints(app).register(this);
        new ModerationEndpoints(app.codec(), app.actions().moderation()).register(this);
        CrossRoomReads reads = new CrossRoomReads(app.storage(), access);
        new SearchEndpoints(app, reads).register(this);
        new MentionEndpoints(app, reads).register(this);
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
            principal = app.authenticator().verify(HttpRouter.bearer(request));
        } catch (AuthenticationException e) {
            if (!anonymous.refused(ctx, keepAlive)) {
                FullHttpResponse response = HttpResponses.error(app.codec(), ErrorCode.UNAUTHORIZED, e.getMessage());
                response.headers().set(HttpHeaderNames.WWW_AUTHENTICATE, "Bearer");
                HttpResponses.send(ctx, keepAlive, response);
            }
            return;
        }
        String userId = principal.userId();
        long retryAfter = app.budgets().takeRestRequest(userId);
        if (retryAfter > 0) {
            app.metrics().rejected(ErrorCode.RATE_LIMITED.wire());
            HttpResponses.send(ctx, keepAlive, HttpResponses.rateLimited(app.codec(), retryAfter,
                    "too many requests for this user; slow down"));
            return;
        }
        if (!app.budgets().startRestCall(userId)) {
            app.metrics().rejected(ErrorCode.RATE_LIMITED.wire());
            HttpResponses.send(ctx, keepAlive, HttpResponses.rateLimited(app.codec(), CONCURRENCY_RETRY_MILLIS,
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
        app.budgets().endRestCall(userId);
        HttpResponses.send(ctx, keepAlive, pathExists
                ? HttpResponses.error(app.codec(), HttpResponseStatus.METHOD_NOT_ALLOWED, ErrorCode.NOT_FOUND,
                        "method not allowed on this path")
                : HttpResponses.error(app.codec(), ErrorCode.NOT_FOUND, "no such endpoint"));
    }

    private void run(ChannelHandlerContext ctx, boolean keepAlive, Endpoint endpoint, RestRequest request) {
        CompletableFuture<RestResponse> result;
        try {
            result = endpoint.handle(request);
        } catch (Exception e) {
            result = CompletableFuture.failedFuture(e);
        }
        OnLoop.then(result, ctx.executor(), (response, failure) -> {
            app.budgets().endRestCall(request.principal().userId());
            HttpResponses.send(ctx, keepAlive, failure == null ? toHttp(response) : toHttp(failure, request));
        });
    }

    private FullHttpResponse toHttp(RestResponse response) {
        if (response.body() == null) {
            return HttpResponses.empty(response.status());
        }
        return HttpResponses.json(response.status(), app.codec().writeBytes(response.body()));
    }

    private FullHttpResponse toHttp(Throwable failure, RestRequest request) {
        Throwable cause = OnLoop.unwrap(failure);
        if (cause instanceof ProtocolException e) {
            return HttpResponses.error(app.codec(), HttpResponseStatus.BAD_REQUEST, e.code(), e.getMessage());
        }
        if (cause instanceof Refusal e) {
            return e.retryAfterMillis() == null ? HttpResponses.error(app.codec(), e.code(), e.getMessage())
                    : HttpResponses.retryLater(app.codec(), e.code(), e.retryAfterMillis(), e.getMessage());
        }
        if (cause instanceof ConflictException e) {
            return HttpResponses.error(app.codec(), ErrorCode.CONFLICT, e.getMessage());
        }
        if (cause instanceof DataRefusedException e) {
            // A value validation let through and the schema refused: the client learns that much, the log the rest.
            String requestId = RequestIds.next();
            log.warn("{} {} refused by the database [request_id={}]", request.method(), request.path(), requestId,
                    e.getCause());
            return HttpResponses.error(app.codec(), ErrorCode.INVALID_PAYLOAD, e.getMessage() + " (request_id "
                    + requestId + ")");
        }
        if (cause instanceof IllegalArgumentException e) {
            // the store refusing a value of ours (a cursor it did not issue): the message is the store's own words
            return HttpResponses.error(app.codec(), ErrorCode.INVALID_PAYLOAD, e.getMessage());
        }
        if (cause instanceof MessageRejectedException) {
            return HttpResponses.error(app.codec(), ErrorCode.INVALID_PAYLOAD, "the message cannot be stored");
        }
        if (cause instanceof StorageUnavailableException) {
            app.metrics().rejected(ErrorCode.UNAVAILABLE.wire());
            return HttpResponses.error(app.codec(), ErrorCode.UNAVAILABLE, "storage is unavailable; retry");
        }
        String requestId = RequestIds.next();
        log.warn("{} {} failed [request_id={}]", request.method(), request.path(), requestId, cause);
        return HttpResponses.internal(app.codec(), requestId);
    }

    private record Route(HttpMethod method, Pattern pattern, List<String> params, Endpoint endpoint) {
    }
}
