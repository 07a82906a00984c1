import { useEffect, useState } from 'react';
import type { CommunityApi, User } from '@community/client';
import { refusal } from './roles';

interface Props {
  meId: string;
  /** The server's user search (GET /community/users/?q=): only people it knows can be picked. */
  api: Pick<CommunityApi, 'searchUsers'>;
  onStart: (userIds: string[]) => Promise<void>;
  onCancel: () => void;
  /** What the start button says for this many people picked; a DM's wording unless told. */
  startLabel?: (count: number) => string;
}

const dmLabel = (count: number) => (count > 1 ? 'Start group' : 'Message');

/** Pauses between keystrokes and searches: one request per pause, not per key. */
const SEARCH_DELAY_MS = 250;

/**
 * Picks people from the server's user search, for a new DM or to add to a room; there is no free-text id to
 * mistype.
 */
export function PeoplePicker({ meId, api, onStart, onCancel, startLabel = dmLabel }: Props) {
  const [query, setQuery] = useState('');
  const [found, setFound] = useState<User[]>([]);
  const [picked, setPicked] = useState<User[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    const q = query.trim().replace(/^@/, '');
    if (!q) {
      setFound([]);
      return undefined;
    }
    let live = true;
    const timer = setTimeout(() => {
      api.searchUsers(q, 8).then(
        ({ results: users }) => {
          if (!live) return;
          setFound(users.filter((u) => u.id !== meId));
          setError(null);
        },
        (e: unknown) => live && setError(refusal(e, 'The search failed.')),
      );
    }, SEARCH_DELAY_MS);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [query, meId, api]);

  const pick = (user: User) => {
    setPicked((now) => (now.some((p) => p.id === user.id) ? now : [...now, user]));
    setQuery('');
    setFound([]);
  };

  const start = async () => {
    setBusy(true);
    try {
      await onStart(picked.map((p) => p.id));
    } catch (e) {
      setError(refusal(e, 'The conversation could not be opened.'));
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="people-picker" data-testid="people-picker">
      {picked.length > 0 ? (
        <ul className="picked" aria-label="People picked">
          {picked.map((user) => (
            <li key={user.id} className="chip">
              {user.username}
              <button type="button" className="link" aria-label={`Remove ${user.username}`}
                onClick={() => setPicked((now) => now.filter((p) => p.id !== user.id))}>✕</button>
            </li>
          ))}
        </ul>
      ) : null}
      <input type="search" value={query} onChange={(e) => setQuery(e.target.value)} placeholder="Find people"
        aria-label="Find people" autoFocus data-testid="people-search" maxLength={150} />
      {found.length > 0 ? (
        <ul className="picker-results" aria-label="People found">
          {found.map((user) => (
            <li key={user.id}>
              <button type="button" className="room-link" onClick={() => pick(user)} data-testid="person-result">
                <span className="room-name">{user.username}</span>
                <span className="muted small">{user.id}</span>
              </button>
            </li>
          ))}
        </ul>
      ) : query.trim() && !error ? <p className="muted small">No one found yet.</p> : null}
      <div className="form-actions">
        <button type="button" className="button small" disabled={picked.length === 0 || busy} onClick={() => void start()}
          data-testid="people-start">
          {startLabel(picked.length)}
        </button>
        <button type="button" className="button small ghost" onClick={onCancel}>Cancel</button>
      </div>
      {error ? <p className="inline-error" role="alert" data-testid="people-error">{error}</p> : null}
    </div>
  );
}
