import { useState } from 'react';
import type { CommunityApi, Room, UpdateRoomRequest, Visibility } from '@community/client';
import { refusal } from './roles';

interface Props {
  room: Room;
  api: Pick<CommunityApi, 'updateRoom'>;
  onSaved: (room: Room) => void;
  onClose: () => void;
}

/** Whole numbers within the bounds PATCH /community/rooms/{id}/ accepts; the server checks them again. */
const BOUNDS = {
  slow_mode_seconds: [0, 86_400],
  min_trust_to_join: [0, 1000],
  min_trust_to_post: [0, 1000],
  retention_days: [0, 36_500],
} as const;
type NumberField = keyof typeof BOUNDS;

/** A room's settings for its owner and admins: everything PATCH accepts, sending only what changed. */
export function RoomSettings({ room, api, onSaved, onClose }: Props) {
  const [name, setName] = useState(room.name);
  const [description, setDescription] = useState(room.description ?? '');
  const [visibility, setVisibility] = useState<Visibility>(room.visibility);
  const [numbers, setNumbers] = useState<Record<NumberField, string>>({
    slow_mode_seconds: String(room.slow_mode_seconds),
    min_trust_to_join: String(room.min_trust_to_join),
    min_trust_to_post: String(room.min_trust_to_post),
    retention_days: String(room.retention_days ?? 0),
  });
  const [error, setError] = useState<string | null>(null);
  const [saved, setSaved] = useState(false);

  const changes = (): UpdateRoomRequest | string => {
    const out: UpdateRoomRequest = {};
    if (name.trim() !== room.name) out.name = name.trim();
    if (description !== (room.description ?? '')) out.description = description;
    if (visibility !== room.visibility) out.visibility = visibility;
    const before: Record<NumberField, number> = { slow_mode_seconds: room.slow_mode_seconds,
      min_trust_to_join: room.min_trust_to_join, min_trust_to_post: room.min_trust_to_post,
      retention_days: room.retention_days ?? 0 };
    for (const field of Object.keys(BOUNDS) as NumberField[]) {
      const value = Number(numbers[field]);
      const [min, max] = BOUNDS[field];
      if (!Number.isInteger(value) || value < min || value > max) return `${label(field)}: a whole number from ${min} to ${max}`;
      if (value !== before[field]) out[field] = value;
    }
    return out;
  };

  const save = async (e: React.FormEvent) => {
    e.preventDefault();
    const wanted = changes();
    if (typeof wanted === 'string') {
      setError(wanted);
      return;
    }
    if (Object.keys(wanted).length === 0) {
      onClose();
      return;
    }
    try {
      onSaved(await api.updateRoom(room.id, wanted));
      setError(null);
      setSaved(true);
    } catch (err) {
      setError(refusal(err, 'The settings could not be saved.'));
    }
  };

  return (
    <form className="people manage-panel glass" onSubmit={save} aria-label="Room settings" data-testid="room-settings">
      <h3>Settings</h3>
      <label>Name<input value={name} onChange={(e) => { setName(e.target.value); setSaved(false); }} maxLength={100} required
        data-testid="settings-name" /></label>
      <label>Description<textarea value={description} rows={2} maxLength={1000}
        onChange={(e) => { setDescription(e.target.value); setSaved(false); }} /></label>
      <label>Visibility
        <select value={visibility} onChange={(e) => { setVisibility(e.target.value as Visibility); setSaved(false); }}
          data-testid="settings-visibility">
          <option value="public">Public</option>
          <option value="unlisted">Unlisted</option>
          <option value="private">Private</option>
        </select>
      </label>
      {(Object.keys(BOUNDS) as NumberField[]).map((field) => (
        <label key={field}>{label(field)}
          <input type="number" inputMode="numeric" min={BOUNDS[field][0]} max={BOUNDS[field][1]} value={numbers[field]}
            onChange={(e) => { setNumbers((n) => ({ ...n, [field]: e.target.value })); setSaved(false); }}
            data-testid={`settings-${field}`} />
        </label>
      ))}
      {error ? <p className="inline-error" role="alert" data-testid="settings-error">{error}</p> : null}
      {saved ? <p className="muted small" role="status" data-testid="settings-saved">Saved.</p> : null}
      <div className="form-actions">
        <button type="submit" className="button small">Save</button>
        <button type="button" className="button small ghost" onClick={onClose}>Close</button>
      </div>
    </form>
  );
}

function label(field: NumberField): string {
  switch (field) {
    case 'slow_mode_seconds': return 'Slow mode (seconds between messages)';
    case 'min_trust_to_join': return 'Trust level to join';
    case 'min_trust_to_post': return 'Trust level to post';
    default: return 'Keep messages (days, 0 = server default)';
  }
}
