/**
 * Authentication: access JWTs issued by the host application are verified here, and exchanged for
 * single-use, short-lived connection tokens that a WebSocket client puts in its upgrade URL.
 */
package dev.community.server.auth;
