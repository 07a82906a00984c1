/**
 * Every change to a room, for every transport. REST endpoints and WebSocket sessions parse what the client sent,
 * call one of these actions, and render its result (or its {@link dev.community.server.actions.Refusal}); the rules
 * are applied here, once, and every change that live sessions must see takes one road
 * ({@link dev.community.server.actions.LiveChanges}: the room bus for room events, session control and its relay
 * for changes to sessions), so it reaches every socket on every node the same way. One class per family:
 * messages, reactions, reports, read marks, moderation, room settings, members, threads, conversations (DMs and
 * blocks), held together by {@link dev.community.server.actions.RoomActions}; who may open a room at all is
 * {@link dev.community.server.actions.RoomAccess}. docs/ARCHITECTURE-rules.md lists which rule lives where.
 */
package dev.community.server.actions;
