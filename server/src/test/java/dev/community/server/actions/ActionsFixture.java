package dev.community.server.actions;

import dev.community.config.ConfigLoader;
import dev.community.config.ServerConfig;
import dev.community.server.budget.BudgetMetrics;
import dev.community.server.budget.Budgets;
import java.util.Map;
import dev.community.protocol.ClientFrame;
import dev.community.protocol.JsonCodec;
import dev.community.protocol.Message;
import dev.community.protocol.Role;
import dev.community.protocol.RoomType;
import dev.community.protocol.ServerEvent;
import dev.community.protocol.Visibility;
import dev.community.server.Blocking;
import dev.community.server.admission.AdmissionStore;
import dev.community.server.ServerMetrics;
import dev.community.server.auth.Principal;
import dev.community.server.moderation.ContentModeration;
import dev.community.server.moderation.ModerationVerdict;
import dev.community.server.room.EventEncoder;
import dev.community.server.room.PresenceSettings;
import dev.community.server.room.RoomBus;
import dev.community.server.room.RoomEvent;
import dev.community.server.room.RoomRegistry;
import dev.community.server.send.LocalSendThrottle;
import dev.community.server.send.MessageService;
import dev.community.server.send.RateLimiter;
import dev.community.server.send.SlowMode;
import dev.community.server.ws.Closer;
import dev.community.server.ws.ConnectionDirectory;
import dev.community.server.ws.ControlRelay;
import dev.community.server.ws.SessionControl;
import dev.community.storage.Membership;
import java.nio.charset.StandardCharsets;
import dev.community.storage.ModerationAction;
import dev.community.storage.RoomRecord;
import dev.community.storage.Storage;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netty.buffer.UnpooledByteBufAllocator;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * The actions over a real embedded store, with blocking work run in place and the live side recorded: what an
 * action published to the room bus is in {@link #published}. Content that contains "forbidden-word" is rejected
 * by content moderation.
 */
final class ActionsFixture implements AutoCloseable {
    static final String REJECTED_WORD = "forbidden-word";
    /** Reactions a user may add at once before the budget refuses (refilled one a minute). */
    static final int REACTIONS_BURST = 6;
    static final int MAX_DISTINCT_REACTIONS = 3;
    static final int MAX_PINS = 3;

    final Storage storage;
    final Clock clock = Clock.systemUTC();
    final List<RoomEvent> published = new CopyOnWriteArrayList<>();
    /** What session control handed on to the other nodes of a cluster. */
    final List<Relayed> relayed = new CopyOnWriteArrayList<>();
    final RoomActions actions;
    final AdmissionStore admission;
    final SimpleMeterRegistry meters = new SimpleMeterRegistry();

    ActionsFixture(Path dataDir) {
        storage = Storage.open(new ServerConfig.DatabaseConfig(Optional.empty(), Optional.empty(), Optional.empty(), 4),
                dataDir, new ServerConfig.WriterConfig(100, Duration.ofMillis(1), 1000), new SimpleMeterRegistry());
        ServerMetrics metrics = new ServerMetrics(new SimpleMeterRegistry());
        JsonCodec codec = new JsonCodec();
        RoomRegistry rooms = new RoomRegistry(metrics, Duration.ofSeconds(5),
                new PresenceSettings(100, Duration.ofSeconds(1), new EventEncoder(codec, UnpooledByteBufAllocator.DEFAULT)));
        RoomBus recording = new RoomBus() {
            @Override
            public void messageStored(Message message, String clientId) {
            }

            @Override
            public void publish(RoomEvent event) {
                published.add(event);
            }
        };
        admission = AdmissionStore.of(storage, Blocking.inPlace(), new SimpleMeterRegistry(), false);
        SessionControl control = new SessionControl(new ConnectionDirectory(), new Closer(metrics), clock, rooms,
                admission);
        control.relay(new ControlRelay() {
            @Override
            public void membershipChanged(UUID roomId, String userId, Membership updated) {
                relayed.add(new Relayed("membership", roomId, userId, updated));
            }

            @Override
            public void blockChanged(String blocker, String blocked, boolean blocking) {
                relayed.add(new Relayed("block", null, blocker, blocked + (blocking ? " blocked" : " unblocked")));
            }

            @Override
            public void roomChanged(RoomRecord updated) {
                relayed.add(new Relayed("room", updated.id(), null, updated));
            }

            @Override
            public void readUpdated(String userId, UUID roomId, byte[] event) {
                relayed.add(new Relayed("read", roomId, userId, new String(event, StandardCharsets.UTF_8)));
            }
        });
        ContentModeration moderation = new ContentModeration(content -> CompletableFuture.completedFuture(
                content.content().contains(REJECTED_WORD)
                        ? new ModerationVerdict(ModerationVerdict.Decision.REJECT, "a word on the list")
                        : ModerationVerdict.allow()), storage, metrics);
        MessageService sending = new MessageService(storage, Blocking.inPlace(), moderation,
                new LocalSendThrottle(new RateLimiter(1000, Duration.ofMinutes(1)), new SlowMode()), metrics, clock);
        var limits = ConfigLoader.load(new String[] {"--data.dir=" + dataDir, "--limits.reactions_burst=" + REACTIONS_BURST,
                "--limits.reactions_per_minute=1", "--limits.max_distinct_reactions=" + MAX_DISTINCT_REACTIONS,
                "--limits.max_pins_per_room=" + MAX_PINS}, Map.of())
                .limits();
        actions = RoomActions.wire(storage, Blocking.inPlace(), clock, sending, new LiveChanges(recording, control, codec),
                new Budgets(limits, new BudgetMetrics(new SimpleMeterRegistry())), admission, meters);
    }

    static Principal user(String id) {
        return new Principal(id, id + "-name", Instant.parse("2020-01-01T00:00:00Z"), 0, false,
                Instant.now().plusSeconds(3600));
    }

    static Principal staff(String id) {
        return new Principal(id, id + "-name", Instant.parse("2020-01-01T00:00:00Z"), 0, true,
                Instant.now().plusSeconds(3600));
    }

    /** A public circle owned by {@code owner}, with each of {@code members} in it as {@code role}. */
    RoomRecord room(String owner, Role role, String... members) {
        String slug = "a-" + UUID.randomUUID().toString().substring(0, 8);
        RoomRecord room = storage.rooms().create(slug, slug, RoomType.CIRCLE, Visibility.PUBLIC, owner, "");
        for (String member : members) {
            storage.memberships().join(room.id(), member, Role.MEMBER);
            if (role == Role.MUTED || role == Role.BANNED) {
                storage.memberships().restrict(room.id(), member, role, null);
            } else if (role != Role.MEMBER) {
                storage.memberships().setRole(room.id(), member, role);
            }
        }
        return room;
    }

    /** A message of {@code author} in the room, stored through the send action. */
    Message post(RoomRecord room, String author, String content) {
        return get(actions.messages().post(user(author), room.id(), frame(content))).message();
    }

    static ClientFrame.SendMessage frame(String content) {
        return new ClientFrame.SendMessage(content, UUID.randomUUID().toString(), null, null, "text", List.of(), List.of());
    }

    /** The room's audit trail, newest first. */
    List<ModerationAction> trail(RoomRecord room) {
        return storage.moderation().listForRoom(room.id(), null, 50).results();
    }

    <T extends ServerEvent> List<T> publishedOf(Class<T> type) {
        return published.stream().map(RoomEvent::event).filter(type::isInstance).map(type::cast).toList();
    }

    static <T> T get(CompletableFuture<T> future) {
        try {
            return future.get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** The refusal the action failed with (any other outcome fails the test). */
    static Refusal refused(CompletableFuture<?> future) {
        try {
            future.get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            for (Throwable cause = e; cause != null; cause = cause.getCause()) {
                if (cause instanceof Refusal refusal) {
                    return refusal;
                }
            }
            throw new AssertionError("failed otherwise than with a refusal", e);
        }
        throw new AssertionError("the action was not refused");
    }

    /** A change session control relayed: its kind (membership, block, room, read) and what it carried. */
    record Relayed(String kind, UUID roomId, String userId, Object carried) {
    }

    @Override
    public void close() {
        storage.close();
    }
}
