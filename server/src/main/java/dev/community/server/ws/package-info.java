/**
 * The WebSocket side: the gatekeeper that runs the contract's pre-upgrade checks, the per-connection room
 * session, and the handler that turns client frames into actions.
 */
package dev.community.server.ws;
