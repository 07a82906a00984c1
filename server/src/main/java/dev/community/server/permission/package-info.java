/**
 * The permission model: who may open a room, post, edit, delete, moderate, give roles and create rooms. One place
 * decides each rule, and both the REST and the WebSocket paths ask it, so the two can never disagree.
 */
package dev.community.server.permission;
