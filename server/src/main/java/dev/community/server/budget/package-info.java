/**
 * Every client action's budget: token buckets per WebSocket connection (request frames), per user (REST calls,
 * connection tokens, reactions, group DMs, REST calls in progress) and per source address (requests without a
 * valid access token). A refusal is {@code rate_limited} with the time until the next token; every refusal and
 * the number of users and addresses tracked are metrics. Memory is bounded: per-user and per-address entries
 * live in size-capped maps that forget the idle.
 */
package dev.community.server.budget;
