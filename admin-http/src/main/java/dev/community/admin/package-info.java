/**
 * The operator port of a node: {@code GET /metrics}, {@code /health} and {@code /ready}, and the admin API
 * under {@code /admin/} behind its own bearer token.
 *
 * <p>This module sees the rest of the server only through small interfaces: {@link dev.community.admin.ReadinessCheck}
 * (is the database, the cluster bus, ... reachable) and {@link dev.community.admin.AdminOperations} (what the admin
 * API may do to the node). The server implements them and starts an {@link dev.community.admin.AdminServer}; nothing
 * here knows Netty pipelines of the public port, JDBC or Redis.
 *
 * <p>Threads: one Netty event loop serves the port and never blocks; every call into the interfaces runs on
 * small bounded executors the admin server owns.
 */
package dev.community.admin;
