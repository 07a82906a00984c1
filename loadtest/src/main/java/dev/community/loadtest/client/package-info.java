/**
 * The harness's own WebSocket client on Netty: one event loop group sized to the cores, each simulated client a
 * small object confined to one loop. A client gets its connection token and upgrades on the same keep-alive TCP
 * connection, parses only what the audit and the latency figures need, and spreads over several loopback source
 * addresses to go past one address's ephemeral ports.
 */
package dev.community.loadtest.client;
