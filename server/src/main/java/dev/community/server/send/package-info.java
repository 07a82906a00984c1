/**
 * The send path shared by the WebSocket and REST: permission, per-user rate limit and per-room slow mode
 * (all in memory), then the batched writer. Acknowledgement and fan-out happen when the writer commits.
 */
package dev.community.server.send;
