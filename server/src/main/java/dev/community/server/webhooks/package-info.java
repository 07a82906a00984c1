/**
 * Outgoing webhooks to the host application (docs/PROTOCOL.md §6): {@link dev.community.server.webhooks.WebhookEvents}
 * turns each change, inside the transaction that makes it, into outbox rows (the storage's
 * {@link dev.community.storage.ChangeEvents}); {@link dev.community.server.webhooks.WebhookDispatcher} claims due rows
 * and sends them, signed by {@link dev.community.server.webhooks.WebhookSigner} (Standard Webhooks), on its own
 * bounded threads and HTTP client: a slow or dead receiver never holds an event loop, the blocking pool or the
 * message writer.
 */
package dev.community.server.webhooks;
