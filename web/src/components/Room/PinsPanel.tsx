import { useEffect, useState } from 'react';
import { formatTime } from '../../lib/format';
import type { CommunityApi, Pin } from '@community/client';

interface Props {
  api: CommunityApi;
  roomId: string;
  /** Changes whenever the room's pins may have changed (a pin or unpin seen live): the list is read again. */
  version: string;
  isModerator: boolean;
  onJump: (seq: number) => void;
  onUnpin: (messageId: string) => void;
}

/** The room's pinned messages, newest pin first, beside the conversation; moderators unpin from here. */
export function PinsPanel({ api, roomId, version, isModerator, onJump, onUnpin }: Props) {
  const [pins, setPins] = useState<Pin[] | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    let live = true;
    api.listPins(roomId).then(
      (answer) => {
        if (live) {
          setPins(answer.pins);
          setError(null);
        }
      },
      (e: unknown) => live && setError(e instanceof Error ? e.message : 'The pins could not be loaded.'),
    );
    return () => {
      live = false;
    };
  }, [api, roomId, version]);

  return (
    <aside className="people pins glass" aria-label="Pinned messages" data-testid="pins-panel">
      <h3>Pinned{pins ? ` — ${pins.length}` : ''}</h3>
      {error ? <p className="inline-error">{error}</p> : null}
      {pins && pins.length === 0 ? <p className="muted small pins-empty">Nothing is pinned yet.</p> : null}
      <ul>
        {(pins ?? []).map((pin) => (
          <li key={pin.message.id} className="pin" data-testid="pin">
            <button type="button" className="pin-jump" onClick={() => onJump(pin.message.seq)}
              title="Show in the conversation">
              <strong>{pin.message.author.username}</strong>
              <span className="pin-text">{pin.message.content || (pin.message.is_hidden ? 'hidden by a moderator' : '')}</span>
              <span className="muted small">pinned by {pin.pinned_by.username} · {formatTime(pin.pinned_at)}</span>
            </button>
            {isModerator ? (
              <button type="button" className="link" onClick={() => onUnpin(pin.message.id)}
                aria-label={`Unpin the message of ${pin.message.author.username}`}>Unpin</button>
            ) : null}
          </li>
        ))}
      </ul>
    </aside>
  );
}
