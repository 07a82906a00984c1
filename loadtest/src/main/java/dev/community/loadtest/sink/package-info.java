/**
 * A webhook receiver for the benchmarks ({@code community-loadtest webhook-sink}): answers every signed POST with
 * 204 and counts the deliveries, the distinct {@code webhook-id}s (so redeliveries show) and the bad signatures. It
 * runs on the same machine as the server under test, so it is built to cost little: Netty with native epoll, one or
 * two event loops, keep-alive connections, and per request little more than its own buffers and its id.
 */
package dev.community.loadtest.sink;
