import { useState } from 'react';
import type { CommunityApi, ModerationAction, User } from '@community/client';
import { Dialog } from './Dialog';
import { DURATIONS, describeOutcome, messageOf, REASON_MAX } from './format';

/** The actions on a person; those on a message (hide, delete, pin) stay on the message itself. */
export type UserAction = 'warn' | 'mute' | 'unmute' | 'ban' | 'unban';

const ACTIONS: { action: UserAction; label: string }[] = [
  { action: 'warn', label: 'Warn' },
  { action: 'mute', label: 'Mute' },
  { action: 'unmute', label: 'Unmute' },
  { action: 'ban', label: 'Ban' },
  { action: 'unban', label: 'Unban' },
];

const TIMED: ReadonlySet<UserAction> = new Set(['mute', 'ban']);

interface Props {
  api: CommunityApi;
  roomId: string;
  user: User;
  initialAction?: UserAction;
  onClose: () => void;
  /** The server recorded the action (its audit entry). */
  onDone?: (entry: ModerationAction) => void;
}

/**
 * Warn, mute, unmute, ban or unban one person in this room, a mute or ban for a length picked from a list
 * (permanent = until lifted). The server decides who may act on whom; its refusal is shown as it answered.
 */
export function ModerateUserDialog({ api, roomId, user, initialAction = 'mute', onClose, onDone }: Props) {
  const [action, setAction] = useState<UserAction>(initialAction);
  const [durationIndex, setDurationIndex] = useState(0);
  const [reason, setReason] = useState('');
  const [sending, setSending] = useState(false);
  const [outcome, setOutcome] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const timed = TIMED.has(action);

  const submit = async (e: React.FormEvent) => {
    e.preventDefault();
    if (sending) return;
    setSending(true);
    setError(null);
    setOutcome(null);
    const seconds = DURATIONS[durationIndex].seconds;
    try {
      const entry = await api.moderate(roomId, {
        action,
        target_user_id: user.id,
        reason: reason.trim(),
        ...(timed && seconds != null ? { duration_seconds: seconds } : {}),
      });
      setOutcome(describeOutcome(entry));
      onDone?.(entry);
    } catch (failure) {
      setError(messageOf(failure, 'That did not work.'));
    } finally {
      setSending(false);
    }
  };

  return (
    <Dialog title={`Moderate ${user.username}`} onClose={onClose} testId="moderate-dialog">
      <form onSubmit={submit}>
        <fieldset className="choice-group" aria-label="Action">
          <legend>Action</legend>
          {ACTIONS.map(({ action: a, label }) => (
            <label key={a} className={`choice${action === a ? ' chosen' : ''}${a === 'ban' ? ' danger' : ''}`}>
              <input type="radio" name="moderation-action" value={a} checked={action === a} onChange={() => setAction(a)} />
              {label}
            </label>
          ))}
        </fieldset>
        {timed ? (
          <label className="field">
            <span>For how long</span>
            <select value={durationIndex} onChange={(e) => setDurationIndex(Number(e.target.value))}
              data-testid="moderation-duration">
              {DURATIONS.map((d, i) => <option key={d.label} value={i}>{d.label}</option>)}
            </select>
          </label>
        ) : null}
        <label className="field">
          <span>Reason (kept in the audit trail)</span>
          <input type="text" value={reason} onChange={(e) => setReason(e.target.value)} maxLength={REASON_MAX}
            data-testid="moderation-reason" />
        </label>
        {outcome ? <p className="dialog-success" role="status" data-testid="moderation-outcome">{outcome}</p> : null}
        {error ? <p className="inline-error" role="alert" data-testid="moderation-error">{error}</p> : null}
        <div className="dialog-actions">
          <button type="button" className="button small ghost" onClick={onClose}>{outcome ? 'Done' : 'Cancel'}</button>
          <button type="submit" className={`button small${action === 'ban' ? ' danger' : ''}`} disabled={sending}
            data-testid="moderation-submit">
            {sending ? 'Working…' : ACTIONS.find((a) => a.action === action)!.label}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
