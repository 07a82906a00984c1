import { useEffect, useState } from 'react';
import { formatTime } from '../../lib/format';
import { useBlockList } from './BlockListContext';
import { Dialog } from './Dialog';
import { messageOf } from './format';

/** The people I block, newest first, each with Unblock. */
export function BlockedUsersDialog({ onClose }: { onClose: () => void }) {
  const blocks = useBlockList();
  const [error, setError] = useState<string | null>(null);
  const { reload } = blocks;

  useEffect(() => {
    void reload();
  }, [reload]);

  return (
    <Dialog title="Blocked users" onClose={onClose} testId="blocked-users">
      <p className="muted small">
        You do not see their messages, typing or presence, and they cannot open a direct message with you.
      </p>
      {blocks.error || error ? <p className="inline-error" role="alert">{error ?? blocks.error}</p> : null}
      {blocks.loaded && blocks.blocked.length === 0 ? <p className="muted small">You block nobody.</p> : null}
      <ul className="dialog-list">
        {blocks.blocked.map((b) => (
          <li key={b.user.id} className="panel-row" data-testid="blocked-user">
            <div className="panel-row-text">
              <strong>{b.user.username}</strong>
              <span className="muted small">{b.user.id} · since {formatTime(b.created_at)}</span>
            </div>
            <button type="button" className="button small" aria-label={`Unblock ${b.user.username}`}
              onClick={() => blocks.unblock(b.user.id).then(() => setError(null),
                (e: unknown) => setError(messageOf(e, 'Could not unblock.')))}>
              Unblock
            </button>
          </li>
        ))}
      </ul>
    </Dialog>
  );
}
