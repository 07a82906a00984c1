import { forwardRef, useCallback, useEffect, useMemo, useRef, useState, type HTMLAttributes, type KeyboardEvent } from 'react';
import { Virtuoso, type VirtuosoHandle } from 'react-virtuoso';
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
/**
 * Virtuoso keeps the reading position when older messages are prepended if the index of the first item drops by
 * exactly as many: items are numbered from here downwards (room for far more than any history a person pages).
 */
const FIRST_INDEX = 1_000_000_000;

const keyOf = (m: DisplayMessage) => m.client_id ?? m.id;

/**
 * The conversation as a virtualized feed (react-virtuoso): only the messages on screen (and a margin) are in the
 * DOM, so a room with 10,000 messages of history scrolls as smoothly as one with 50. It keeps the reader's place when
 * older history is prepended, follows new messages only for a reader at the bottom (or who just sent one), jumps to
 * a message by seq (paging back until it is held), marks the unread divider, and moves focus between messages with
 * the arrow keys (the ARIA feed pattern: Tab enters at one message, Enter opens its actions, Escape closes them).
 */
export function MessageList(props: Props) {
  const { messages, me, hasMore, loadingHistory, synced, onLoadOlder, onReadUpTo } = props;
  const virtuoso = useRef<VirtuosoHandle>(null);
  const scroller = useRef<HTMLElement | null>(null);
  const atBottom = useRef(true);

  const byId = useMemo(() => {
    const map = new Map<string, Message>();
    for (const m of messages) map.set(m.id, m);
    return map;
  }, [messages]);

  const newestSeq = useMemo(() => {
    for (let i = messages.length - 1; i >= 0; i--) if (!messages[i].pending) return messages[i].seq;
    return 0;
  }, [messages]);

  // Older messages prepended lower the first index by exactly their number, so Virtuoso keeps what is on screen.
  const first = useRef<{ key: string | null; index: number }>({ key: null, index: FIRST_INDEX });
  const firstItemIndex = useMemo(() => {
    const prev = first.current;
    const key = messages[0] ? keyOf(messages[0]) : null;
    if (prev.key && key !== prev.key) {
      const at = messages.findIndex((m) => keyOf(m) === prev.key);
      if (at > 0) prev.index -= at;
    }
    prev.key = key;
    return prev.index;
  }, [messages]);

  // The unread divider stands where the reader's unread messages began when the room was opened: reading (which
  // moves last_read_seq at once) must not make it vanish, and what arrives while the room is open is not "new".
  // Decided during the render in which the room first syncs (not in an effect after it), so that the list mounts
  // at the divider: Virtuoso applies its initial index once, when it mounts.
  const [decidedUnread, setUnreadAtOpen] = useState<{ after: number; upTo: number } | null | undefined>(undefined);
  let unreadAtOpen = decidedUnread;
  if (unreadAtOpen === undefined && synced) {
    unreadAtOpen = props.lastReadSeq != null && newestSeq > props.lastReadSeq
      ? { after: props.lastReadSeq, upTo: newestSeq } : null;
    setUnreadAtOpen(unreadAtOpen);
  }
  const firstUnreadKey = useMemo(() => {
    if (!unreadAtOpen) return null;
    const m = messages.find((x) => !x.pending && x.seq > unreadAtOpen.after && x.seq <= unreadAtOpen.upTo
      && x.author.id !== me.id);
    return m ? keyOf(m) : null;
  }, [messages, unreadAtOpen, me.id]);

  // A first page shorter than the screen cannot be scrolled: fetch more until it can be, or there is no more.
  useEffect(() => {
    const el = scroller.current;
    if (el && synced && hasMore && !loadingHistory && el.scrollHeight <= el.clientHeight + LOAD_OLDER_THRESHOLD_PX) {
      onLoadOlder();
    }
  }, [synced, hasMore, loadingHistory, messages.length, onLoadOlder]);

  // Jump to a message: once it is held, centre it (once per request); until then page back, as far as there is.
  const focusSeq = props.focusSeq;
  const jumped = useRef<number | null>(null);
  useEffect(() => {
    if (focusSeq == null) {
      jumped.current = null;
      return;
    }
    if (!synced || jumped.current === focusSeq) return;
    const index = messages.findIndex((m) => !m.pending && m.seq === focusSeq);
    if (index >= 0) {
      jumped.current = focusSeq;
      atBottom.current = false;
      virtuoso.current?.scrollToIndex({ index, align: 'center' });
      return;
    }
    const oldest = messages.find((m) => !m.pending);
    if (hasMore && !loadingHistory && (oldest == null || oldest.seq > focusSeq)) onLoadOlder();
  }, [focusSeq, synced, messages, hasMore, loadingHistory, onLoadOlder]);

  const onAtBottom = useCallback((bottom: boolean) => {
    atBottom.current = bottom;
    if (bottom && document.visibilityState === 'visible' && newestSeq) onReadUpTo(newestSeq);
  }, [newestSeq, onReadUpTo]);

  // Opening a room with unread messages starts the reader at the divider (the list's initial index, below), not at
  // the bottom; they count as read once Virtuoso reports the bottom in view (at once when they all fit). Only when
  // the unread run begins inside what is loaded: when even the oldest message held is unread and there is older
  // history (a first visit to a busy forum, thousands unread), the top of one page is no better a start than the
  // newest, and the reader starts at the newest as before.
  const unreadAt = firstUnreadKey == null || props.focusSeq != null ? -1
    : messages.findIndex((m) => keyOf(m) === firstUnreadKey);
  const startIndex = unreadAt > 0 || (unreadAt === 0 && !hasMore) ? unreadAt : -1;
  // Starting at the divider, the reader is not at the bottom until Virtuoso (mounting in this commit, its effects
  // before ours) says so: set in the render that decides, so the unread messages are not marked read unseen.
  // Kept as decided: the list is mounted again at the divider once, never after (null: not decided yet).
  const startAt = useRef<number | null>(null);
  if (startAt.current == null && unreadAtOpen !== undefined) {
    startAt.current = startIndex;
    if (startIndex >= 0) atBottom.current = false;
  }
  const fromUnread = startAt.current != null && startAt.current >= 0;

  // What is on screen at the bottom while the page is visible has been read (once the unread start is settled).
  useEffect(() => {
    if (!synced || newestSeq === 0 || unreadAtOpen === undefined) return undefined;
    const mark = () => {
      if (atBottom.current && document.visibilityState === 'visible') onReadUpTo(newestSeq);
    };
    mark();
    document.addEventListener('visibilitychange', mark);
    return () => document.removeEventListener('visibilitychange', mark);
  }, [synced, newestSeq, onReadUpTo, unreadAtOpen]);

  const onStartReached = useCallback(() => {
    if (hasMore && !loadingHistory) onLoadOlder();
  }, [hasMore, loadingHistory, onLoadOlder]);

  // New messages scroll into view for a reader at the bottom, and always for the one who just sent one.
  const followOutput = useCallback((bottom: boolean) => {
    const last = messages[messages.length - 1];
    return bottom || last?.pending === 'sending' ? 'auto' as const : false as const;
  }, [messages]);

  // Roving focus: one message is the list's tab stop (the newest until the reader moves), arrows move it.
  const [current, setCurrent] = useState<string | null>(null);
  const currentKey = current != null && messages.some((m) => keyOf(m) === current) ? current
    : messages.length ? keyOf(messages[messages.length - 1]) : null;

  const focusMessage = useCallback((index: number) => {
    const m = messages[index];
    if (!m) return;
    const key = keyOf(m);
    setCurrent(key);
    const find = () => scroller.current?.querySelector<HTMLElement>(`[data-message-id="${CSS.escape(key)}"]`);
    const shown = find();
    if (shown) {
      shown.focus({ preventScroll: false });
      return;
    }
    virtuoso.current?.scrollIntoView({ index, done: () => requestAnimationFrame(() => find()?.focus()) });
  }, [messages]);

  const onKeyDown = (e: KeyboardEvent) => {
    const article = (e.target as HTMLElement).closest<HTMLElement>('[data-message-id]');
    if (!article || e.target !== article) return;
    const index = messages.findIndex((m) => keyOf(m) === article.dataset.messageId);
    if (index < 0) return;
    const step: Record<string, number> = { ArrowUp: -1, ArrowDown: 1, PageUp: -10, PageDown: 10 };
    let next: number | null = null;
    if (e.key in step) next = Math.max(0, Math.min(messages.length - 1, index + step[e.key]));
    else if (e.key === 'Home') next = 0;
    else if (e.key === 'End') next = messages.length - 1;
    if (next == null) return;
    e.preventDefault();
    if (next === 0 && index === 0 && hasMore && !loadingHistory) onLoadOlder();
    focusMessage(next);
  };

  return (
    <div className="message-list" onKeyDown={onKeyDown} data-testid="message-list">
      <Virtuoso<DisplayMessage, ListContext>
        ref={virtuoso}
        className="message-scroller"
        scrollerRef={(el) => {
          scroller.current = el instanceof HTMLElement ? el : null;
        }}
        data={messages}
        context={{ loadingHistory, hasMore, synced, empty: messages.length === 0 }}
        firstItemIndex={firstItemIndex}
        // Mounted again, once, when the room syncs with a divider to start at (Virtuoso applies its initial index
        // only when it mounts); otherwise the one list follows the newest message from the start, as it loads.
        key={fromUnread ? 'from-unread' : 'live'}
        initialTopMostItemIndex={fromUnread ? { index: startAt.current!, align: 'start' } : Math.max(0, messages.length - 1)}
        computeItemKey={(_, m) => keyOf(m)}
        followOutput={followOutput}
        atBottomStateChange={onAtBottom}
        atBottomThreshold={STICK_THRESHOLD_PX}
        startReached={onStartReached}
        increaseViewportBy={{ top: 600, bottom: 300 }}
        components={{ Header: HistoryEdge, List: Feed }}
        itemContent={(index, m) => {
          const i = index - firstItemIndex;
          const prev = messages[i - 1];
          const divider = keyOf(m) === firstUnreadKey;
          const compact = Boolean(prev && prev.author.id === m.author.id && !m.reply_to_id && !prev.is_deleted
            && new Date(m.created_at).getTime() - new Date(prev.created_at).getTime() < 5 * 60_000);
          return (
            <div className="message-row">
              {divider ? <div className="unread-divider" data-testid="unread-divider" aria-hidden="true"><span>new</span></div> : null}
              <MessageItem
                message={m}
                me={me}
                isModerator={props.isModerator}
                replyTo={m.reply_to_id ? byId.get(m.reply_to_id) : undefined}
                compact={compact && !divider}
                connected={props.connected}
                focused={!m.pending && m.seq === focusSeq}
                tabIndex={keyOf(m) === currentKey ? 0 : -1}
                firstUnread={divider}
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
            </div>
          );
        }}
      />
    </div>
  );
}

interface ListContext {
  /** A feed must hold articles: an empty room's list is a plain box until its first message. */
  empty: boolean;
  loadingHistory: boolean;
  hasMore: boolean;
  synced: boolean;
}

function HistoryEdge({ context }: { context?: ListContext }) {
  return (
    <div className="history-edge">
      {context?.loadingHistory ? <span className="spinner" role="status" aria-label="Loading older messages" /> : null}
      {context && !context.hasMore && context.synced
        ? <span className="history-start">This is the beginning of the conversation.</span> : null}
    </div>
  );
}

/** The list element: an ARIA feed of message articles, busy while older history loads. */
const Feed = forwardRef<HTMLDivElement, HTMLAttributes<HTMLDivElement> & { context?: ListContext }>(
  function Feed({ context, ...rest }, ref) {
    const feed = context ? !context.empty : true;
    return <div {...rest} ref={ref} role={feed ? 'feed' : undefined} aria-label={feed ? 'Messages' : undefined}
      aria-busy={feed ? context?.loadingHistory ?? false : undefined} className="messages" />;
  },
);
