import { useState } from 'react';
import type { CommunityApi, Room, Visibility } from '@community/client';
import { refusal } from './roles';

interface Props {
  api: Pick<CommunityApi, 'createRoom'>;
  onCreated: (room: Room) => void;
  onCancel: () => void;
}

/**
 * A new forum or private circle. Creating is trust-gated on the server (staff, or an account old and active
 * enough): when it refuses, its answer is shown as it gave it (e.g. `trust_required: ...`), never guessed here.
 */
export function CreateRoomForm({ api, onCreated, onCancel }: Props) {
  const [name, setName] = useState('');
  const [description, setDescription] = useState('');
  const [kind, setKind] = useState<'forum' | 'circle'>('forum');
  const [visibility, setVisibility] = useState<Visibility>('public');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (e: React.FormEvent) => {
    e.preventDefault();
    if (!name.trim()) return;
    setBusy(true);
    try {
      const room = await api.createRoom({ name: name.trim(), description: description.trim() || undefined,
        room_type: kind, visibility: kind === 'circle' ? visibility : 'public' });
      onCreated(room);
    } catch (err) {
      setError(refusal(err, 'The room could not be created.'));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className="manage-form glass" onSubmit={submit} aria-label="Create a room" data-testid="create-room-form">
      <h3>New room</h3>
      <label>
        Name
        <input value={name} onChange={(e) => setName(e.target.value)} maxLength={100} required
          data-testid="create-room-name" />
      </label>
      <label>
        Description
        <input value={description} onChange={(e) => setDescription(e.target.value)} maxLength={1000} />
      </label>
      <fieldset className="choice">
        <legend>Kind</legend>
        <label><input type="radio" name="kind" checked={kind === 'forum'} onChange={() => setKind('forum')} /> Forum</label>
        <label><input type="radio" name="kind" checked={kind === 'circle'} onChange={() => { setKind('circle'); setVisibility('private'); }}
          data-testid="create-room-circle" /> Circle</label>
      </fieldset>
      {kind === 'circle' ? (
        <label>
          Who can find it
          <select value={visibility} onChange={(e) => setVisibility(e.target.value as Visibility)}
            data-testid="create-room-visibility">
            <option value="private">Private — members only</option>
            <option value="unlisted">Unlisted — anyone with the link</option>
            <option value="public">Public</option>
          </select>
        </label>
      ) : null}
      {error ? <p className="inline-error" role="alert" data-testid="create-room-error">{error}</p> : null}
      <div className="form-actions">
        <button type="submit" className="button small" disabled={busy || !name.trim()}>Create</button>
        <button type="button" className="button small ghost" onClick={onCancel}>Cancel</button>
      </div>
    </form>
  );
}
