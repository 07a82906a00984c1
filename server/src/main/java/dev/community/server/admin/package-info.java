/** The server's side of the operator port: what the admin API does to this node, and the drain for rolling deploys. */
package dev.community.server.admin;
