import { useCallback, useEffect, useMemo, useState } from 'react';
import type { CommunityApi, Member, Message, ModerationAction, ModerationQueueItem, QueueStatus } from '@community/client';
import { excerpt, formatTime } from '../../lib/format';
import { describeAuditEntry, describeDuration, messageOf } from './format';

type Tab = 'queue' | 'audit' | 'restricted';

interface Props {
  api: CommunityApi;
  roomId: string;
  /** The messages held for the room: a queue item's text and place, when it is among them. */
  messages: readonly Message[];
  /** Changes after every moderation action taken from this page: the open list is read again. */
  version: number;
  onJump: (seq: number) => void;
  /** An action taken here (unmute, unban, a hide from the queue) was recorded. */
  onActed: () => void;
}

const TABS: { tab: Tab; label: string }[] = [
  { tab: 'queue', label: 'Queue' },
  { tab: 'audit', label: 'Audit trail' },
  { tab: 'restricted', label: 'Muted & banned' },
];

/** For moderators, beside the conversation: the review queue, the room's audit trail, and who is muted or banned. */
export function ModerationPanel(props: Props) {
  const [tab, setTab] = useState<Tab>('queue');
  return (
    <aside className="people moderation glass" aria-label="Moderation" data-testid="moderation-panel">
      <h3>Moderation</h3>
      <div className="tabs" role="tablist" aria-label="Moderation lists">
        {TABS.map((t) => (
          <button key={t.tab} type="button" role="tab" aria-selected={tab === t.tab}
            className={`tab${tab === t.tab ? ' active' : ''}`} onClick={() => setTab(t.tab)}
            data-testid={`moderation-tab-${t.tab}`}>
            {t.label}
          </button>
        ))}
      </div>
      <div role="tabpanel">
        {tab === 'queue' ? <QueueList {...props} /> : null}
        {tab === 'audit' ? <AuditTrail {...props} /> : null}
        {tab === 'restricted' ? <RestrictedMembers {...props} /> : null}
      </div>
    </aside>
  );
}

const STATUS_LABELS: Record<QueueStatus, string> = {
  pending: 'pending', reviewed: 'reviewed', dismissed: 'dismissed', actioned: 'resolved',
};

/** Flagged messages waiting for review, this room's; resolve (actioned) or dismiss each. */
function QueueList({ api, roomId, messages, version, onJump, onActed }: Props) {
  const [status, setStatus] = useState<QueueStatus | 'all'>('pending');
  const [items, setItems] = useState<ModerationQueueItem[] | null>(null);
  const [elsewhere, setElsewhere] = useState(0);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const byId = useMemo(() => new Map(messages.map((m) => [m.id, m])), [messages]);

  useEffect(() => {
    let live = true;
    // The queue spans every room I moderate; this panel belongs to one room and says how many wait elsewhere.
    api.all((page) => api.listModerationQueue({ ...page, status: status === 'all' ? undefined : status })).then(
      (all) => {
        if (!live) return;
        setItems(all.filter((i) => i.room_id === roomId));
        setElsewhere(all.filter((i) => i.room_id !== roomId).length);
        setError(null);
      },
      (e: unknown) => live && setError(messageOf(e, 'The queue could not be loaded.')),
    );
    return () => {
      live = false;
    };
  }, [api, roomId, status, version]);

  const review = async (item: ModerationQueueItem, next: QueueStatus, hide = false) => {
    setBusy(item.id);
    setError(null);
    try {
      if (hide) {
        await api.moderate(roomId, { action: 'hide', message_id: item.message_id, reason: item.reason });
        onActed();
      }
      const answer = await api.reviewQueueItem(item.id, next);
      setItems((current) => current?.map((i) => (i.id === answer.id ? answer : i)) ?? null);
    } catch (e) {
      setError(messageOf(e, 'The review was not recorded.'));
    } finally {
      setBusy(null);
    }
  };

  return (
    <div data-testid="moderation-queue">
      <label className="field inline">
        <span>Show</span>
        <select value={status} onChange={(e) => setStatus(e.target.value as QueueStatus | 'all')}
          data-testid="queue-status">
          <option value="pending">pending</option>
          <option value="actioned">resolved</option>
          <option value="dismissed">dismissed</option>
          <option value="reviewed">reviewed</option>
          <option value="all">all</option>
        </select>
      </label>
      {error ? <p className="inline-error" role="alert">{error}</p> : null}
      {items && items.length === 0 ? <p className="muted small panel-empty">Nothing waits for review here.</p> : null}
      <ul>
        {(items ?? []).map((item) => {
          const message = byId.get(item.message_id);
          return (
            <li key={item.id} className="panel-row" data-testid="queue-item" data-status={item.status}>
              <div className="panel-row-text">
                {message ? (
                  <button type="button" className="pin-jump" onClick={() => onJump(message.seq)}
                    title="Show in the conversation">
                    <strong>{message.author.username}</strong>
                    <span className="pin-text">{message.content ? excerpt(message.content) : 'hidden or deleted'}</span>
                  </button>
                ) : <span className="muted small">a message not loaded here</span>}
                <span className="muted small">
                  {item.reason} · {item.report_count} report{item.report_count === 1 ? '' : 's'} · {formatTime(item.created_at)}
                </span>
                <span className={`tag tag-status status-${item.status}`} data-testid="queue-status-tag">
                  {STATUS_LABELS[item.status]}{item.reviewed_by ? ` by ${item.reviewed_by}` : ''}
                </span>
              </div>
              {item.status === 'pending' ? (
                <div className="panel-row-actions">
                  <button type="button" className="button small" disabled={busy === item.id}
                    onClick={() => void review(item, 'actioned', true)} title="Hide the message and resolve">Hide &amp; resolve</button>
                  <button type="button" className="button small" disabled={busy === item.id}
                    onClick={() => void review(item, 'actioned')}>Resolve</button>
                  <button type="button" className="button small ghost" disabled={busy === item.id}
                    onClick={() => void review(item, 'dismissed')}>Dismiss</button>
                </div>
              ) : null}
            </li>
          );
        })}
      </ul>
      {elsewhere > 0 ? <p className="muted small panel-empty">{elsewhere} more in other rooms you moderate.</p> : null}
    </div>
  );
}

/** The room's audit trail, newest first, a page at a time. */
function AuditTrail({ api, roomId, version }: Props) {
  const [entries, setEntries] = useState<ModerationAction[] | null>(null);
  const [cursor, setCursor] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);

  const load = useCallback(async (from: string | null, live: () => boolean) => {
    try {
      const page = await api.listModerationActions(roomId, { cursor: from ?? undefined, limit: 50 });
      if (!live()) return;
      setEntries((current) => (from && current ? [...current, ...page.results] : page.results));
      setCursor(page.next_cursor);
      setError(null);
    } catch (e) {
      if (live()) setError(messageOf(e, 'The audit trail could not be loaded.'));
    }
  }, [api, roomId]);

  useEffect(() => {
    let live = true;
    void load(null, () => live);
    return () => {
      live = false;
    };
  }, [load, version]);

  return (
    <div data-testid="audit-trail">
      {error ? <p className="inline-error" role="alert">{error}</p> : null}
      {entries && entries.length === 0 ? <p className="muted small panel-empty">No moderation here yet.</p> : null}
      <ul>
        {(entries ?? []).map((entry) => (
          <li key={entry.id} className="panel-row" data-testid="audit-entry" data-action={entry.action}>
            <div className="panel-row-text">
              <span>{describeAuditEntry(entry)}</span>
              {entry.reason ? <span className="muted small">“{entry.reason}”</span> : null}
              <span className="muted small">
                <time dateTime={entry.created_at}>{formatTime(entry.created_at)}</time>
                {entry.expires_at ? ` · until ${formatTime(entry.expires_at)}` : ''}
                {entry.source !== 'admin' ? ` · ${entry.source}` : ''}
              </span>
            </div>
          </li>
        ))}
      </ul>
      {cursor ? (
        <button type="button" className="button small ghost" onClick={() => void load(cursor, () => true)}>More</button>
      ) : null}
    </div>
  );
}

/** Who is muted or banned here now (the member list keeps running bans and mutes), with unmute and unban. */
function RestrictedMembers({ api, roomId, version, onActed }: Props) {
  const [members, setMembers] = useState<Member[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [reload, setReload] = useState(0);

  useEffect(() => {
    let live = true;
    api.all((page) => api.listMembers(roomId, page)).then(
      (all) => {
        if (!live) return;
        setMembers(all.filter((m) => m.role === 'muted' || m.role === 'banned'));
        setError(null);
      },
      (e: unknown) => live && setError(messageOf(e, 'The members could not be loaded.')),
    );
    return () => {
      live = false;
    };
  }, [api, roomId, version, reload]);

  const lift = async (member: Member) => {
    setError(null);
    try {
      await api.moderate(roomId, { action: member.role === 'banned' ? 'unban' : 'unmute', target_user_id: member.user.id,
        reason: '' });
      setReload((n) => n + 1);
      onActed();
    } catch (e) {
      setError(messageOf(e, 'That did not work.'));
    }
  };

  return (
    <div data-testid="restricted-members">
      {error ? <p className="inline-error" role="alert">{error}</p> : null}
      {members && members.length === 0 ? <p className="muted small panel-empty">Nobody is muted or banned.</p> : null}
      <ul>
        {(members ?? []).map((member) => (
          <li key={member.user.id} className="panel-row" data-testid="restricted-member">
            <div className="panel-row-text">
              <strong>{member.user.username}</strong>
              <span className="muted small">
                {member.role} · {member.until ? `until ${formatTime(member.until)}` : describeDuration(null)}
              </span>
            </div>
            <button type="button" className="button small" onClick={() => void lift(member)}>
              {member.role === 'banned' ? 'Unban' : 'Unmute'}
            </button>
          </li>
        ))}
      </ul>
    </div>
  );
}
