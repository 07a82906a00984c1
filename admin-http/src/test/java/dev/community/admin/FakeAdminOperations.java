package dev.community.admin;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BiFunction;

/** An {@link AdminOperations} that records every call (with its thread) and answers what a test set up. */
final class FakeAdminOperations implements AdminOperations {

    record Call(String method, List<Object> args, String thread) {
    }

    record Audit(String action, String detail) {
    }

    final List<Call> calls = new CopyOnWriteArrayList<>();
    final List<Audit> audits = new CopyOnWriteArrayList<>();
    final Map<UUID, RoomPresence> rooms = new ConcurrentHashMap<>();
    volatile NodeStats stats = new NodeStats(0, 0, 0, 0, false, List.of());
    volatile int disconnectResult;
    volatile boolean logLevelAccepted = true;
    volatile boolean draining;
    /** When set, {@link #audit} throws it (after recording), as a broken audit store would. */
    volatile RuntimeException auditFailure;
    volatile BiFunction<UUID, String, CompletableFuture<?>> messages =
            (room, content) -> CompletableFuture.failedFuture(AdminException.notFound("no room " + room));

    @Override
    public NodeStats stats() {
        record("stats");
        return stats;
    }

    @Override
    public Optional<RoomPresence> presence(UUID roomId) {
        record("presence", roomId);
        return Optional.ofNullable(rooms.get(roomId));
    }

    @Override
    public int disconnectUser(String userId, int closeCode, String reason) {
        record("disconnectUser", userId, closeCode, reason);
        return disconnectResult;
    }

    @Override
    public CompletableFuture<?> postSystemMessage(UUID roomId, String content) {
        record("postSystemMessage", roomId, content);
        return messages.apply(roomId, content);
    }

    @Override
    public boolean setLogLevel(String logger, String level) {
        record("setLogLevel", logger, level);
        return logLevelAccepted;
    }

    @Override
    public void drain(Duration window) {
        record("drain", window);
        draining = true;
    }

    @Override
    public boolean draining() {
        return draining;
    }

    @Override
    public void audit(String action, String detail) {
        audits.add(new Audit(action, detail));
        if (auditFailure != null) {
            throw auditFailure;
        }
    }

    /** The recorded calls of one method ({@link #draining()} is not recorded: /ready polls it). */
    List<Call> calls(String method) {
        return calls.stream().filter(c -> c.method().equals(method)).toList();
    }

    private void record(String method, Object... args) {
        calls.add(new Call(method, List.of(args), Thread.currentThread().getName()));
    }
}
