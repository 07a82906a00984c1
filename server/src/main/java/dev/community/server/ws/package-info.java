/**
 * The WebSocket side: the gatekeeper that runs the contract's pre-upgrade checks for both endpoints (with
 * {@code UpgradeAdmission} and {@code UpgradeRefusals}), the room socket's handler and the user stream's (made by
 * {@code Sessions} with the collaborators each uses: {@code FrameReading}, {@code FrameWriting}, {@code TokenLifetime}
 * for the socket, {@code RoomEntrance}, {@code StorageReads}, {@code RoomFrameActions}, {@code RoomReplies} for its
 * rooms), the socket rules they share ({@code SocketHandler}), one connection's
 * part in one room ({@code RoomSubscription}, a room socket's only room or one of a stream's subscriptions), and
 * session control, which applies changes made elsewhere to every live session and stream.
 */
package dev.community.server.ws;
