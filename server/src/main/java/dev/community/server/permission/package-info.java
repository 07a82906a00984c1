/**
 * The permission model of the seed (§4): one place decides each rule, and both the REST and the WebSocket
 * paths ask it, so the two can never disagree.
 */
package dev.community.server.permission;
