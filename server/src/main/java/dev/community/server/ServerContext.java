package dev.community.server;

import dev.community.config.ServerConfig;
import dev.community.protocol.JsonCodec;
import dev.community.server.auth.ConnectionTokens;
import dev.community.server.auth.JwtAuthenticator;
import dev.community.server.room.RoomRegistry;
import dev.community.server.actions.RoomActions;
import dev.community.server.budget.Budgets;
import dev.community.server.ws.Closer;
import dev.community.server.ws.ConnectionDirectory;
import dev.community.server.ws.SessionControl;
import dev.community.storage.Storage;
import java.time.Clock;

/**
 * The node's shared parts as {@link CommunityServer} (the composition root) wired them, in one record for the tests
 * and probes that reach into a running node ({@code CommunityServer.context()}). No class of the server takes it:
 * each gets the collaborators it uses, passed by the composition root ({@code architecture/ArchitectureTest}).
 */
public record ServerContext(
        ServerConfig config,
        Clock clock,
        JsonCodec codec,
        Storage storage,
        BlockingExecutor blocking,
        RoomRegistry rooms,
        ConnectionDirectory connections,
        SessionControl control,
        ConnectionTokens tokens,
        JwtAuthenticator authenticator,
        RoomActions actions,
        ServerMetrics metrics,
        Closer closer,
        Budgets budgets) {
}
