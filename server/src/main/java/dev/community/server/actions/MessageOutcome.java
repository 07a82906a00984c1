package dev.community.server.actions;

import dev.community.protocol.Message;

/**
 * A message as an action left it, for the transport to render.
 *
 * @param seesHidden the caller is a moderator of the room, so hidden content is shown to them whole
 * @param duplicate  a send whose client_id was stored before: the message is the first copy, nothing new was stored
 */
public record MessageOutcome(Message message, boolean seesHidden, boolean duplicate) {
}
