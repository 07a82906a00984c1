import { memo, useState } from 'react';
import { Avatar } from '../Avatar';
import { excerpt, formatTime, hueOf } from '../../lib/format';
import { mentionsMe, splitMentions } from '../../lib/mentions';
import type { DisplayMessage, Message, ModerationActionName } from '@community/client';
import type { Me } from '../../services/session';
import { BlockedAuthorGate, MessageSafetyActions } from '../Moderation';

export const QUICK_REACTIONS = ['👍', '❤️', '😂', '🎉', '😮', '👀'];

export interface MessageActions {
  onReply: (message: Message) => void;
  onToggleReaction: (message: Message, emoji: string) => void;
  onEdit: (message: Message, content: string) => Promise<void>;
  onDelete: (message: Message) => void;
  onModerate: (message: Message, action: ModerationActionName) => void;
  onTogglePin: (message: Message) => void;
  onRetry: (clientId: string) => void;
  onDiscard: (clientId: string) => void;
  onOpenDm: (userId: string) => void;
}

interface Props extends MessageActions {
  message: DisplayMessage;
  me: Me;
  isModerator: boolean;
  replyTo: Message | undefined;
  compact: boolean;
  connected: boolean;
  /** This is the message a search result or a pin jumped to. */
  focused: boolean;
}

function MessageItemImpl(props: Props) {
  const { message, me, isModerator, replyTo, compact, connected, focused } = props;
  // my own reactions come with the message from the server (my_reactions), so they survive a reload
  const myReactions = new Set(message.my_reactions ?? []);
  const [editing, setEditing] = useState(false);
  const [draft, setDraft] = useState(message.content);
  const [picking, setPicking] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const mine = message.author.id === me.id;
  const pending = message.pending;
  const highlighted = !mine && mentionsMe(message.content, message.mentions, me);
  const classes = ['message', compact ? 'compact' : '', mine ? 'mine' : '', highlighted ? 'mentions-me' : '',
    pending ? `pending pending-${pending}` : '', message.is_deleted ? 'deleted' : '', message.is_hidden ? 'hidden' : '',
    message.is_pinned ? 'pinned' : '', focused ? 'focused' : '']
    .filter(Boolean)
    .join(' ');

  const saveEdit = async () => {
    const text = draft.trim();
    if (!text || text === message.content) {
      setEditing(false);
      return;
    }
    try {
      await props.onEdit(message, text);
      setEditing(false);
      setError(null);
    } catch (e) {
      setError(e instanceof Error ? e.message : 'The edit failed.');
    }
  };

  const reactions = Object.entries(message.reaction_counts ?? {}).filter(([, n]) => n > 0);
  const canAct = !pending && !message.is_deleted;

  return (
    <li className={classes} data-testid="message" data-seq={pending ? undefined : message.seq} data-pending={pending}>
      {compact ? <span className="message-gutter" /> : <Avatar user={message.author} />}
      <div className="message-body">
        {!compact && (
          <div className="message-meta">
            <button type="button" className="author" style={{ ['--hue' as string]: hueOf(message.author.id) }}
              onClick={() => !mine && props.onOpenDm(message.author.id)} title={mine ? 'You' : `Message ${message.author.username}`}>
              {message.author.username}
            </button>
            <time dateTime={message.created_at}>{formatTime(message.created_at)}</time>
            {message.edited_at && !message.is_deleted ? <span className="edited">(edited)</span> : null}
            {message.is_hidden ? <span className="tag tag-hidden">hidden</span> : null}
          </div>
        )}
        {message.is_pinned ? <span className="tag tag-pinned" data-testid="pinned-tag">📌 pinned</span> : null}
        {message.reply_to_id && !message.is_deleted ? (
          <div className="reply-quote">
            ↪ {replyTo ? (
              <>
                <strong>{replyTo.author.username}</strong> {replyTo.is_deleted ? 'deleted message' : excerpt(replyTo.content)}
              </>
            ) : 'an earlier message'}
          </div>
        ) : null}
        {editing ? (
          <div className="edit-box">
            <textarea value={draft} onChange={(e) => setDraft(e.target.value)} maxLength={4000} autoFocus
              onKeyDown={(e) => {
                if (e.key === 'Enter' && !e.shiftKey) {
                  e.preventDefault();
                  void saveEdit();
                } else if (e.key === 'Escape') setEditing(false);
              }} />
            <div className="edit-actions">
              <button type="button" className="button small" onClick={() => void saveEdit()}>Save</button>
              <button type="button" className="button small ghost" onClick={() => setEditing(false)}>Cancel</button>
            </div>
          </div>
        ) : (
          <div className="message-content" data-testid="message-content">
            {message.is_deleted ? (
              <em className="tombstone">message deleted</em>
            ) : message.is_hidden && !message.content ? (
              <em className="tombstone">hidden by a moderator</em>
            ) : (
              splitMentions(message.content, me).map((part, i) =>
                part.mention ? (
                  <span key={i} className={part.mine ? 'mention mention-me' : 'mention'}>{part.text}</span>
                ) : (
                  <span key={i}>{part.text}</span>
                ),
              )
            )}
          </div>
        )}
        {pending ? (
          <div className="pending-line" data-testid="pending-status">
            {pending === 'sending' && <span>{connected ? 'sending…' : 'waiting for the connection…'}</span>}
            {pending === 'waiting' && <span>waiting to send</span>}
            {pending === 'failed' && (
              <>
                <span className="failed">not sent{message.error ? `: ${message.error}` : ''}</span>
                <button type="button" className="link" onClick={() => props.onRetry(message.client_id!)}>Retry</button>
                <button type="button" className="link" onClick={() => props.onDiscard(message.client_id!)}>Discard</button>
              </>
            )}
          </div>
        ) : null}
        {reactions.length > 0 && (
          <div className="reactions">
            {reactions.map(([emoji, count]) => (
              <button key={emoji} type="button" className={`reaction${myReactions.has(emoji) ? ' reacted' : ''}`}
                onClick={() => props.onToggleReaction(message, emoji)} aria-label={`${emoji} ${count}`}
                aria-pressed={myReactions.has(emoji)}>
                {emoji} <span>{count}</span>
              </button>
            ))}
          </div>
        )}
        {error ? <div className="inline-error">{error}</div> : null}
      </div>
      {canAct && (
        <div className="message-actions" role="toolbar" aria-label="Message actions">
          <button type="button" title="Reply" aria-label="Reply" onClick={() => props.onReply(message)}>↩</button>
          <button type="button" title="React" aria-label="React" onClick={() => setPicking((p) => !p)}>☺</button>
          {mine && (
            <button type="button" title="Edit" aria-label="Edit" onClick={() => { setDraft(message.content); setEditing(true); }}>✎</button>
          )}
          {(mine || isModerator) && (
            <button type="button" title="Delete" aria-label="Delete" onClick={() => props.onDelete(message)}>🗑</button>
          )}
          {isModerator && (
            <button type="button" title={message.is_pinned ? 'Unpin' : 'Pin'} aria-label={message.is_pinned ? 'Unpin' : 'Pin'}
              onClick={() => props.onTogglePin(message)}>{message.is_pinned ? '📍' : '📌'}</button>
          )}
          {isModerator && !mine && (
            <>
              <button type="button" title={message.is_hidden ? 'Unhide' : 'Hide'} aria-label={message.is_hidden ? 'Unhide' : 'Hide'}
                onClick={() => props.onModerate(message, message.is_hidden ? 'unhide' : 'hide')}>{message.is_hidden ? '◉' : '◌'}</button>
              <button type="button" title="Mute author…" aria-label="Mute author"
                onClick={() => props.onModerate(message, 'mute')}>🔇</button>
            </>
          )}
          <MessageSafetyActions message={message} mine={mine} isModerator={isModerator} />
          {picking && (
            <div className="reaction-picker">
              {QUICK_REACTIONS.map((emoji) => (
                <button key={emoji} type="button" onClick={() => { setPicking(false); props.onToggleReaction(message, emoji); }}>
                  {emoji}
                </button>
              ))}
            </div>
          )}
        </div>
      )}
    </li>
  );
}

/** A message by someone I block is collapsed until asked for (BlockedAuthorGate). */
function MessageItemUnlessBlocked(props: Props) {
  return <BlockedAuthorGate message={props.message}><MessageItemImpl {...props} /></BlockedAuthorGate>;
}

export const MessageItem = memo(MessageItemUnlessBlocked);
