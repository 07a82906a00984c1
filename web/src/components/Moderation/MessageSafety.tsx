import { createContext, useContext, useState, type ReactNode } from 'react';
import type { DisplayMessage, Message, User } from '@community/client';
import { useBlockList } from './BlockListContext';
import type { UserAction } from './ModerateUserDialog';

/** What a message's safety entries ask of the room around them: RoomView opens the dialogs and shows failures. */
export interface MessageSafety {
  report: (message: Message) => void;
  moderateUser: (user: User, action?: UserAction) => void;
  fail: (error: unknown) => void;
}

export const MessageSafetyContext = createContext<MessageSafety | null>(null);

interface ActionsProps {
  message: Message;
  mine: boolean;
  isModerator: boolean;
}

/**
 * The entries of a message's action area for someone else's message: report it, block its author and, for
 * moderators, act on its author (warn, mute, ban with a duration). Nothing outside a room that provides them.
 */
export function MessageSafetyActions({ message, mine, isModerator }: ActionsProps) {
  const safety = useContext(MessageSafetyContext);
  const blocks = useBlockList();
  if (!safety || mine) return null;
  const author = message.author;
  return (
    <>
      <button type="button" title="Report" aria-label="Report" onClick={() => safety.report(message)}>⚑</button>
      {blocks.available ? (
        <button type="button" title={`Block ${author.username}`} aria-label="Block author"
          onClick={() => blocks.block(author).catch(safety.fail)}>⊘</button>
      ) : null}
      {isModerator ? (
        <button type="button" title={`Warn, mute or ban ${author.username}`} aria-label="Moderate author"
          onClick={() => safety.moderateUser(author)}>⚖</button>
      ) : null}
    </>
  );
}

/**
 * A message by someone I block shows collapsed, with a way to read it anyway or to unblock. (The server leaves
 * their messages out from the moment of blocking; this covers the ones already on screen.)
 */
export function BlockedAuthorGate({ message, children }: { message: DisplayMessage; children: ReactNode }) {
  const blocks = useBlockList();
  const safety = useContext(MessageSafetyContext);
  const [shown, setShown] = useState(false);
  if (message.pending || shown || !blocks.isBlocked(message.author.id)) return <>{children}</>;
  return (
    <li className="message blocked-collapsed" data-testid="blocked-message" data-seq={message.seq}>
      <span className="message-gutter" />
      <div className="message-body muted small">
        Message from a blocked user —{' '}
        <button type="button" className="link" onClick={() => setShown(true)}>show</button>
        <button type="button" className="link" onClick={() => blocks.unblock(message.author.id).catch((e: unknown) => safety?.fail(e))}>
          unblock {message.author.username}
        </button>
      </div>
    </li>
  );
}
