/**
 * Live rooms: which connections of this node are in which room, presence, typing, and fan-out. An event is
 * encoded once into a {@link dev.community.server.room.Delivery}; each event loop that holds members of the
 * room gets one task that writes retained duplicates of the same bytes to its own channels. Cross-node
 * delivery plugs in behind {@link dev.community.server.room.RoomBus} without touching session code.
 */
package dev.community.server.room;
