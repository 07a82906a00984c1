/**
 * The soak scenario's additions to a run: mixed REST traffic (reads, writes, reactions, moderation, DMs), a fault
 * command run every few minutes, and the server's resources sampled at a coarse interval with a trend per resource.
 */
package dev.community.loadtest.soak;
