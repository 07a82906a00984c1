package dev.community.server;

import dev.community.config.ServerConfig;
import dev.community.protocol.JsonCodec;
import dev.community.server.auth.ConnectionTokens;
import dev.community.server.auth.JwtAuthenticator;
import dev.community.server.room.EventEncoder;
import dev.community.server.room.RoomBus;
import dev.community.server.room.RoomRegistry;
import dev.community.server.actions.RoomActions;
import dev.community.server.budget.Budgets;
import dev.community.server.ws.Closer;
import dev.community.server.ws.ConnectionDirectory;
import dev.community.server.ws.SessionControl;
import dev.community.server.admission.AdmissionStore;
import dev.community.storage.Storage;
import java.time.Clock;

/** The node's shared parts, wired once by {@link CommunityServer} and handed to the pipeline's handlers. */
public record ServerContext(
        ServerConfig config,
        Clock clock,
        JsonCodec codec,
        EventEncoder encoder,
        Storage storage,
        BlockingExecutor blocking,
        RoomRegistry rooms,
        RoomBus bus,
        ConnectionDirectory connections,
        SessionControl control,
        ConnectionTokens tokens,
        JwtAuthenticator authenticator,
        RoomActions actions,
        ServerMetrics metrics,
        Closer closer,
        Budgets budgets,
        AdmissionStore admission) {
}
