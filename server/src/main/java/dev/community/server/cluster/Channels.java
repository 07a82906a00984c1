package dev.community.server.cluster;

import java.util.UUID;

/**
 * The names of the cluster's channels, each starting with the deployment's prefix. The part in braces is a hash tag
 * (on a Redis Cluster a room's channel then lives on the same shard as the room's presence).
 */
final class Channels {
    private final String prefix;

    Channels(String prefix) {
        this.prefix = prefix;
    }

    /** Where a room's events travel between the nodes that have members in it. */
    String room(UUID roomId) {
        return prefix + "room:{" + roomId + "}";
    }

    /** Session control (bans, mutes, blocks) and resync requests: every node listens. */
    String control() {
        return prefix + "control";
    }
}
