package dev.community.server.cluster;

import dev.community.protocol.User;
import dev.community.server.room.LiveRoom;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * Who is present in one live room on the other nodes, as this node knows it: loaded from Redis when the room
 * goes live and at every presence refresh, and kept current between them by the other nodes' presence envelopes.
 * Each change is pushed into the {@link LiveRoom}, whose room_state lists these users with the local ones.
 */
final class PresenceView {
    private final LiveRoom room;
    private final Map<String, User> users = new HashMap<>();
    private final Map<String, Set<String>> nodes = new HashMap<>();

    PresenceView(LiveRoom room) {
        this.room = room;
    }

    /** Replaces the view with what Redis holds (users live on other nodes, with those nodes). */
    synchronized void replace(Map<User, Set<String>> present) {
        users.clear();
        nodes.clear();
        present.forEach((user, on) -> {
            users.put(user.id(), user);
            nodes.put(user.id(), new HashSet<>(on));
        });
        publish();
    }

    synchronized void present(User user, String nodeId) {
        users.put(user.id(), user);
        nodes.computeIfAbsent(user.id(), id -> new HashSet<>()).add(nodeId);
        publish();
    }

    synchronized void absent(String userId, String nodeId) {
        Set<String> on = nodes.get(userId);
        if (on != null && on.remove(nodeId) && on.isEmpty()) {
            nodes.remove(userId);
            users.remove(userId);
        }
        publish();
    }

    synchronized void gone(String userId) {
        nodes.remove(userId);
        users.remove(userId);
        publish();
    }

    synchronized boolean isPresent(String userId) {
        return users.containsKey(userId);
    }

    private void publish() {
        room.presentElsewhere(users);
    }
}
