/**
 * Message retention: the purge that removes messages older than their room's retention (or the server's default)
 * in small batches on a thread of its own, with its meters.
 */
package dev.community.server.retention;
