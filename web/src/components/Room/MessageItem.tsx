import { memo, useEffect, useRef, useState, type KeyboardEvent, type PointerEvent, type MouseEvent } from 'react';
import { Avatar } from '../Avatar';
import { Attachments, RichText } from './RichText';
import { excerpt, formatTime, hueOf } from '../../lib/format';
import { mentionsMe } from '../../lib/mentions';
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
  /** Roving focus: the one message of the list that Tab enters (0), the others are reached with the arrow keys. */
  tabIndex?: 0 | -1;
  /** The first message that was unread when the room was opened (the divider stands before it). */
  firstUnread?: boolean;
}

/** A press held this long on a touch screen opens the actions (as a tap does) instead of selecting text. */
const LONG_PRESS_MS = 450;
/** What a tap on these must do by itself, not open the message's actions. */
const INTERACTIVE = 'a, button, textarea, input, select, label, img, [role="toolbar"]';

function MessageItemImpl(props: Props) {
  const { message, me, isModerator, replyTo, compact, connected, focused, tabIndex = -1, firstUnread = false } = props;
  // my own reactions come with the message from the server (my_reactions), so they survive a reload
  const myReactions = new Set(message.my_reactions ?? []);
  const [editing, setEditing] = useState(false);
  const [draft, setDraft] = useState(message.content);
  const [picking, setPicking] = useState(false);
  const [error, setError] = useState<string | null>(null);
  // Hover and focus show the actions on a desktop; a tap, a long press or Enter keeps them open (a phone has no hover).
  const [actionsOpen, setActionsOpen] = useState(false);
  const root = useRef<HTMLElement>(null);
  const press = useRef<{ timer: ReturnType<typeof setTimeout> | null; fired: boolean }>({ timer: null, fired: false });
  const mine = message.author.id === me.id;
  const pending = message.pending;
  const highlighted = !mine && mentionsMe(message.content, message.mentions, me);
  const classes = ['message', compact ? 'compact' : '', mine ? 'mine' : '', highlighted ? 'mentions-me' : '',
    pending ? `pending pending-${pending}` : '', message.is_deleted ? 'deleted' : '', message.is_hidden ? 'hidden' : '',
    message.is_pinned ? 'pinned' : '', focused ? 'focused' : '', actionsOpen ? 'actions-open' : '']
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

  // Open actions close when the reader taps or clicks anywhere else.
  useEffect(() => {
    if (!actionsOpen) return undefined;
    const away = (e: Event) => {
      if (root.current && !root.current.contains(e.target as Node)) {
        setActionsOpen(false);
        setPicking(false);
      }
    };
    document.addEventListener('pointerdown', away);
    return () => document.removeEventListener('pointerdown', away);
  }, [actionsOpen]);

  const cancelPress = () => {
    if (press.current.timer) clearTimeout(press.current.timer);
    press.current.timer = null;
  };
  const onPointerDown = (e: PointerEvent) => {
    press.current.fired = false;
    if (e.pointerType !== 'touch' || !canAct || (e.target as Element).closest(INTERACTIVE)) return;
    cancelPress();
    press.current.timer = setTimeout(() => {
      press.current.fired = true;
      setActionsOpen(true);
    }, LONG_PRESS_MS);
  };
  const onClick = (e: MouseEvent) => {
    cancelPress();
    if (press.current.fired || !canAct || editing || (e.target as Element).closest(INTERACTIVE)) return;
    if (window.getSelection()?.toString()) return; // selecting text to copy, not asking for actions
    setActionsOpen((open) => !open);
    setPicking(false);
  };
  const close = (refocus: boolean) => {
    setActionsOpen(false);
    setPicking(false);
    if (refocus) root.current?.focus();
  };
  /** Done with one action: the toolbar closes (a tap opened it; the next tap opens it again). */
  const act = (fn: () => void) => () => {
    close(false);
    fn();
  };
  const onKeyDown = (e: KeyboardEvent) => {
    if (editing) return;
    if (e.key === 'Escape' && (actionsOpen || picking)) {
      e.stopPropagation();
      close(true);
    } else if (e.key === 'Enter' && e.target === root.current && canAct) {
      e.preventDefault();
      setActionsOpen(true);
      // The toolbar renders with the state change: move into it on the next frame.
      requestAnimationFrame(() => root.current?.querySelector<HTMLButtonElement>('.message-actions button')?.focus());
    }
  };

  const time = formatTime(message.created_at);
  const label = `${message.author.username}, ${time}${firstUnread ? ', first new message' : ''}`;

  return (
    <article ref={root} className={classes} data-testid="message" data-seq={pending ? undefined : message.seq}
      data-pending={pending} data-message-id={message.client_id ?? message.id} tabIndex={tabIndex} aria-label={label}
      onPointerDown={onPointerDown} onPointerUp={cancelPress} onPointerCancel={cancelPress} onPointerMove={cancelPress}
      onContextMenu={(e) => { if (press.current.fired) e.preventDefault(); }}
      onClick={onClick} onKeyDown={onKeyDown}>
      {compact ? <span className="message-gutter" /> : <Avatar user={message.author} />}
      <div className="message-body">
        {!compact && (
          <div className="message-meta">
            <button type="button" className="author" style={{ ['--hue' as string]: hueOf(message.author.id) }}
              onClick={() => !mine && props.onOpenDm(message.author.id)} title={mine ? 'You' : `Message ${message.author.username}`}>
              {message.author.username}
            </button>
            <time dateTime={message.created_at}>{time}</time>
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
              <RichText content={message.content} me={me} />
            )}
          </div>
        )}
        {!message.is_deleted && message.attachments?.length ? <Attachments attachments={message.attachments} /> : null}
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
        <div className="message-actions" role="toolbar" aria-label="Message actions" data-testid="message-actions"
          onKeyDown={(e) => moveAlongToolbar(e)}>
          <button type="button" title="Reply" aria-label="Reply" onClick={act(() => props.onReply(message))}>↩</button>
          <button type="button" title="React" aria-label="React" aria-expanded={picking}
            onClick={() => setPicking((p) => !p)}>☺</button>
          {mine && (
            <button type="button" title="Edit" aria-label="Edit"
              onClick={act(() => { setDraft(message.content); setEditing(true); })}>✎</button>
          )}
          {(mine || isModerator) && (
            <button type="button" title="Delete" aria-label="Delete" onClick={act(() => props.onDelete(message))}>🗑</button>
          )}
          {isModerator && (
            <button type="button" title={message.is_pinned ? 'Unpin' : 'Pin'} aria-label={message.is_pinned ? 'Unpin' : 'Pin'}
              onClick={act(() => props.onTogglePin(message))}>{message.is_pinned ? '📍' : '📌'}</button>
          )}
          {isModerator && !mine && (
            <>
              <button type="button" title={message.is_hidden ? 'Unhide' : 'Hide'} aria-label={message.is_hidden ? 'Unhide' : 'Hide'}
                onClick={act(() => props.onModerate(message, message.is_hidden ? 'unhide' : 'hide'))}>{message.is_hidden ? '◉' : '◌'}</button>
              <button type="button" title="Mute author…" aria-label="Mute author"
                onClick={act(() => props.onModerate(message, 'mute'))}>🔇</button>
            </>
          )}
          <MessageSafetyActions message={message} mine={mine} isModerator={isModerator} />
          {picking && (
            <div className="reaction-picker" role="group" aria-label="Quick reactions">
              {QUICK_REACTIONS.map((emoji) => (
                <button key={emoji} type="button" aria-label={`React ${emoji}`}
                  onClick={act(() => props.onToggleReaction(message, emoji))}>
                  {emoji}
                </button>
              ))}
            </div>
          )}
        </div>
      )}
    </article>
  );
}

/** Left and right arrows move between a toolbar's buttons (Tab still works too). */
function moveAlongToolbar(e: KeyboardEvent) {
  if (e.key !== 'ArrowLeft' && e.key !== 'ArrowRight') return;
  const buttons = [...e.currentTarget.querySelectorAll<HTMLButtonElement>('button')];
  const at = buttons.indexOf(document.activeElement as HTMLButtonElement);
  if (at < 0) return;
  e.preventDefault();
  e.stopPropagation();
  buttons[(at + (e.key === 'ArrowRight' ? 1 : buttons.length - 1)) % buttons.length]?.focus();
}

/** A message by someone I block is collapsed until asked for (BlockedAuthorGate). */
function MessageItemUnlessBlocked(props: Props) {
  return <BlockedAuthorGate message={props.message}><MessageItemImpl {...props} /></BlockedAuthorGate>;
}

export const MessageItem = memo(MessageItemUnlessBlocked);
