import { useEffect, useLayoutEffect, useMemo, useRef } from 'react';
import { MessageItem, type MessageActions } from './MessageItem';
import type { DisplayMessage, Message } from '@community/client';
import type { Me } from '../../services/session';

interface Props extends MessageActions {
  messages: DisplayMessage[];
  me: Me;
  isModerator: boolean;
  hasMore: boolean;
  loadingHistory: boolean;
  synced: boolean;
  connected: boolean;
  lastReadSeq: number | null;
  /** A message to bring into view (a search result, a mention, a pin); older history is loaded until it is held. */
  focusSeq: number | null;
  onLoadOlder: () => void;
  onReadUpTo: (seq: number) => void;
}

/** Near the top this far, older history is requested: before the reader reaches the end of what is loaded. */
const LOAD_OLDER_THRESHOLD_PX = 200;
/** Within this distance of the bottom the reader counts as following the conversation. */
const STICK_THRESHOLD_PX = 80;

export function MessageList(props: Props) {
  const { messages, me, hasMore, loadingHistory, synced, onLoadOlder, onReadUpTo } = props;
  const scroller = useRef<HTMLDivElement>(null);
  const atBottom = useRef(true);
  const previous = useRef<{ firstId: string | null; height: number; count: number }>({ firstId: null, height: 0, count: 0 });

  const byId = useMemo(() => {
    const map = new Map<string, Message>();
    for (const m of messages) map.set(m.id, m);
    return map;
  }, [messages]);

  const newestSeq = useMemo(() => {
    for (let i = messages.length - 1; i >= 0; i--) if (!messages[i].pending) return messages[i].seq;
    return 0;
  }, [messages]);

  // Keep the reader's place: older messages prepended push content down by exactly what they add; new messages
  // at the bottom scroll into view only for a reader who was already at the bottom (or who just sent one).
  useLayoutEffect(() => {
    const el = scroller.current;
    if (!el) return;
    const firstId = messages[0]?.id ?? null;
    const prev = previous.current;
    const lastMine = messages.length > prev.count && messages[messages.length - 1]?.pending === 'sending';
    if (prev.firstId && firstId !== prev.firstId && byId.has(prev.firstId)) {
      el.scrollTop += el.scrollHeight - prev.height;
    } else if (atBottom.current || lastMine || prev.count === 0) {
      el.scrollTop = el.scrollHeight;
    }
    previous.current = { firstId, height: el.scrollHeight, count: messages.length };
  }, [messages, byId]);

  // A first page shorter than the screen cannot be scrolled: fetch more until it can be, or there is no more.
  useEffect(() => {
    const el = scroller.current;
    if (el && synced && hasMore && !loadingHistory && el.scrollHeight <= el.clientHeight + LOAD_OLDER_THRESHOLD_PX) {
      onLoadOlder();
    }
  }, [synced, hasMore, loadingHistory, messages.length, onLoadOlder]);

  // Jump to a message: once it is held, centre it; until then page back (each page re-runs this), as far as there is.
  const focusSeq = props.focusSeq;
  useEffect(() => {
    if (focusSeq == null || !synced) return;
    const el = scroller.current?.querySelector<HTMLElement>(`[data-seq="${focusSeq}"]`);
    if (el) {
      atBottom.current = false;
      el.scrollIntoView?.({ block: 'center' });
      return;
    }
    const oldest = messages.find((m) => !m.pending);
    if (hasMore && !loadingHistory && (oldest == null || oldest.seq > focusSeq)) onLoadOlder();
  }, [focusSeq, synced, messages, hasMore, loadingHistory, onLoadOlder]);

  // What is on screen at the bottom while the page is visible has been read.
  useEffect(() => {
    if (!synced || newestSeq === 0) return undefined;
    const mark = () => {
      if (atBottom.current && document.visibilityState === 'visible') onReadUpTo(newestSeq);
    };
    mark();
    document.addEventListener('visibilitychange', mark);
    return () => document.removeEventListener('visibilitychange', mark);
  }, [synced, newestSeq, onReadUpTo]);

  const onScroll = () => {
    const el = scroller.current;
    if (!el) return;
    atBottom.current = el.scrollHeight - el.scrollTop - el.clientHeight < STICK_THRESHOLD_PX;
    if (el.scrollTop < LOAD_OLDER_THRESHOLD_PX && hasMore && !loadingHistory) onLoadOlder();
    if (atBottom.current && document.visibilityState === 'visible' && newestSeq) onReadUpTo(newestSeq);
  };

  return (
    <div className="message-scroller" ref={scroller} onScroll={onScroll} data-testid="message-list">
      <div className="history-edge">
        {loadingHistory ? <span className="spinner" aria-label="Loading older messages" /> : null}
        {!hasMore && synced ? <span className="history-start">This is the beginning of the conversation.</span> : null}
      </div>
      <ol className="messages">
        {messages.map((m, i) => {
          const prev = messages[i - 1];
          const compact = Boolean(prev && prev.author.id === m.author.id && !m.reply_to_id && !prev.is_deleted
            && new Date(m.created_at).getTime() - new Date(prev.created_at).getTime() < 5 * 60_000);
          const unreadDivider = props.lastReadSeq != null && prev && !prev.pending && prev.seq <= props.lastReadSeq
            && !m.pending && m.seq > props.lastReadSeq && m.author.id !== me.id;
          return (
            <FragmentWithDivider key={m.client_id ?? m.id} divider={Boolean(unreadDivider)}>
              <MessageItem
                message={m}
                me={me}
                isModerator={props.isModerator}
                replyTo={m.reply_to_id ? byId.get(m.reply_to_id) : undefined}
                compact={compact && !unreadDivider}
                connected={props.connected}
                focused={!m.pending && m.seq === focusSeq}
                onReply={props.onReply}
                onToggleReaction={props.onToggleReaction}
                onEdit={props.onEdit}
                onDelete={props.onDelete}
                onModerate={props.onModerate}
                onTogglePin={props.onTogglePin}
                onRetry={props.onRetry}
                onDiscard={props.onDiscard}
                onOpenDm={props.onOpenDm}
              />
            </FragmentWithDivider>
          );
        })}
      </ol>
    </div>
  );
}

function FragmentWithDivider({ divider, children }: { divider: boolean; children: React.ReactNode }) {
  return (
    <>
      {divider ? <li className="unread-divider" aria-label="New messages"><span>new</span></li> : null}
      {children}
    </>
  );
}
