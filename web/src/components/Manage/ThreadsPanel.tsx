import { useCallback, useEffect, useState } from 'react';
import type { CommunityApi, Message, Thread } from '@community/client';
import { formatTime } from '../../lib/format';
import { refusal } from './roles';

interface Props {
  roomId: string;
  /** The room's messages as the socket has them: a thread shows those carrying its id. */
  messages: Message[];
  isModerator: boolean;
  canPost: boolean;
  api: Pick<CommunityApi, 'listThreads' | 'createThread' | 'moderate'>;
  /** Sends into the thread through the room's socket (with its optimistic display and resends). */
  onReply: (threadId: string, content: string) => void;
  onClose: () => void;
}

/** The room's threads: list and start one, open one to read and reply, lock and unlock for moderators. */
export function ThreadsPanel(props: Props) {
  const { roomId, messages, isModerator, canPost, api, onReply, onClose } = props;
  const [threads, setThreads] = useState<Thread[] | null>(null);
  const [openId, setOpenId] = useState<string | null>(null);
  const [title, setTitle] = useState('');
  const [reply, setReply] = useState('');
  const [error, setError] = useState<string | null>(null);

  const load = useCallback(async () => {
    try {
      setThreads((await api.listThreads(roomId, { limit: 100 })).results);
      setError(null);
    } catch (e) {
      setError(refusal(e, 'The threads could not be loaded.'));
    }
  }, [api, roomId]);

  useEffect(() => {
    void load();
  }, [load]);

  const start = async (e: React.FormEvent) => {
    e.preventDefault();
    if (!title.trim()) return;
    try {
      const thread = await api.createThread(roomId, title.trim());
      setThreads((now) => [...(now ?? []), thread]);
      setTitle('');
      setOpenId(thread.id);
      setError(null);
    } catch (err) {
      setError(refusal(err, 'The thread could not be started.'));
    }
  };

  const toggleLock = async (thread: Thread) => {
    try {
      await api.moderate(roomId, { action: thread.is_locked ? 'unlock' : 'lock', thread_id: thread.id,
        reason: `${thread.is_locked ? 'unlocked' : 'locked'} from the Lounge` });
      await load();
    } catch (e) {
      setError(refusal(e, 'That did not work.'));
    }
  };

  const open = threads?.find((t) => t.id === openId) ?? null;
  const inThread = open ? messages.filter((m) => m.thread_id === open.id && !m.is_deleted) : [];

  return (
    <aside className="people manage-panel glass" aria-label="Threads" data-testid="threads-panel">
      <h3>{open ? (
        <button type="button" className="link" onClick={() => setOpenId(null)} aria-label="All threads">‹</button>
      ) : null}{open ? open.title : 'Threads'}
        <button type="button" className="icon-button small" aria-label="Close threads" onClick={onClose}>✕</button>
      </h3>
      {error ? <p className="inline-error" role="alert" data-testid="threads-error">{error}</p> : null}
      {open ? (
        <>
          {isModerator ? (
            <button type="button" className="button small ghost" onClick={() => void toggleLock(open)}
              data-testid="thread-lock">{open.is_locked ? 'Unlock' : 'Lock'}</button>
          ) : null}
          <ul className="thread-messages">
            {inThread.map((m) => (
              <li key={m.id} data-testid="thread-message">
                <strong>{m.author.username}</strong> <span className="muted small">{formatTime(m.created_at)}</span>
                <div>{m.content}</div>
              </li>
            ))}
            {inThread.length === 0 ? <li className="muted small">No replies here yet.</li> : null}
          </ul>
          {open.is_locked ? (
            <p className="muted small" data-testid="thread-locked">🔒 This thread is locked.</p>
          ) : canPost ? (
            <form className="dm-form" onSubmit={(e) => {
              e.preventDefault();
              if (reply.trim()) {
                onReply(open.id, reply.trim());
                setReply('');
              }
            }}>
              <input value={reply} onChange={(e) => setReply(e.target.value)} placeholder="Reply in the thread"
                aria-label="Reply in the thread" maxLength={4000} data-testid="thread-reply" />
              <button type="submit" className="button small">Reply</button>
            </form>
          ) : null}
        </>
      ) : (
        <>
          <ul>
            {(threads ?? []).map((thread) => (
              <li key={thread.id}>
                <button type="button" className="room-link" onClick={() => setOpenId(thread.id)} data-testid="thread">
                  <span className="room-name">{thread.is_locked ? '🔒 ' : ''}{thread.title}</span>
                  <span className="muted small">{thread.message_count}</span>
                </button>
              </li>
            ))}
            {threads && threads.length === 0 ? <li className="muted small">No threads yet.</li> : null}
          </ul>
          {canPost ? (
            <form className="dm-form" onSubmit={start}>
              <input value={title} onChange={(e) => setTitle(e.target.value)} placeholder="New thread title"
                aria-label="New thread title" maxLength={200} data-testid="thread-title" />
              <button type="submit" className="button small">Start</button>
            </form>
          ) : null}
        </>
      )}
    </aside>
  );
}
