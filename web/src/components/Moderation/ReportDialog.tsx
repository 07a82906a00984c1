import { useState } from 'react';
import type { CommunityApi, Message, Report } from '@community/client';
import { excerpt } from '../../lib/format';
import { Dialog } from './Dialog';
import { messageOf, REASON_MAX, REPORT_REASONS } from './format';

interface Props {
  api: CommunityApi;
  roomId: string;
  message: Message;
  onClose: () => void;
}

/**
 * Reports a message to the room's moderators with a reason picked from a short list (or written out), and shows
 * what the server answered: the report taken, or why not (already reported: 409; one's own message: 403).
 */
export function ReportDialog({ api, roomId, message, onClose }: Props) {
  const [choice, setChoice] = useState(REPORT_REASONS[0]);
  const [details, setDetails] = useState('');
  const [sending, setSending] = useState(false);
  const [answer, setAnswer] = useState<Report | null>(null);
  const [error, setError] = useState<string | null>(null);
  const reason = choice === 'other' ? details.trim() : details.trim() ? `${choice}: ${details.trim()}` : choice;

  const submit = async (e: React.FormEvent) => {
    e.preventDefault();
    if (!reason || sending) return;
    setSending(true);
    setError(null);
    try {
      setAnswer(await api.report(roomId, message.id, reason));
    } catch (failure) {
      setError(messageOf(failure, 'The report could not be sent.'));
    } finally {
      setSending(false);
    }
  };

  return (
    <Dialog title="Report message" onClose={onClose} testId="report-dialog">
      <blockquote className="dialog-quote">
        <strong>{message.author.username}</strong> {excerpt(message.content, 120)}
      </blockquote>
      {answer ? (
        <>
          <p className="dialog-success" role="status" data-testid="report-answer">
            Reported as “{answer.reason}”. The room’s moderators review a message once several people report it.
          </p>
          <div className="dialog-actions">
            <button type="button" className="button small" onClick={onClose}>Done</button>
          </div>
        </>
      ) : (
        <form onSubmit={submit}>
          <fieldset className="choice-group">
            <legend>Why?</legend>
            {REPORT_REASONS.map((r) => (
              <label key={r} className={`choice${choice === r ? ' chosen' : ''}`}>
                <input type="radio" name="report-reason" value={r} checked={choice === r} onChange={() => setChoice(r)} />
                {r}
              </label>
            ))}
          </fieldset>
          <label className="field">
            <span>{choice === 'other' ? 'Tell the moderators what is wrong' : 'Anything to add (optional)'}</span>
            <textarea value={details} onChange={(e) => setDetails(e.target.value)} rows={2}
              maxLength={REASON_MAX - choice.length - 2} data-testid="report-details" />
          </label>
          {error ? <p className="inline-error" role="alert" data-testid="report-error">{error}</p> : null}
          <div className="dialog-actions">
            <button type="button" className="button small ghost" onClick={onClose}>Cancel</button>
            <button type="submit" className="button small" disabled={!reason || sending} data-testid="report-submit">
              {sending ? 'Sending…' : 'Report'}
            </button>
          </div>
        </form>
      )}
    </Dialog>
  );
}
