/**
 * permessage-deflate (RFC 7692) when {@code ws.compression} is on: the negotiation, always without context takeover
 * so memory per connection stays bounded ({@link dev.community.server.deflate.PerMessageDeflate}), and the fan-out's
 * deflate-once frames ({@link dev.community.server.deflate.DeflatedFrames}).
 */
package dev.community.server.deflate;
