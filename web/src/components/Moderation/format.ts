import type { ModerationAction } from '@community/client';

/** What failed, in the server's words when it answered (ApiError carries its `error.message`). */
export function messageOf(e: unknown, fallback: string): string {
  return e instanceof Error && e.message ? e.message : fallback;
}

/** A mute or ban length a moderator can pick; `seconds: null` lasts until lifted (the API's absent duration). */
export interface DurationChoice {
  label: string;
  seconds: number | null;
}

export const DURATIONS: readonly DurationChoice[] = [
  { label: '10 minutes', seconds: 600 },
  { label: '1 hour', seconds: 3_600 },
  { label: '1 day', seconds: 86_400 },
  { label: '1 week', seconds: 604_800 },
  { label: 'Permanent', seconds: null },
];

/** The reasons offered when reporting; "other" asks for the reporter's own words. The server takes up to 1000. */
export const REPORT_REASONS: readonly string[] = ['spam', 'harassment', 'hate or violence', 'off-topic', 'other'];
export const REASON_MAX = 1000;

/** "10 minutes", "1 hour", "3 days", "permanent". */
export function describeDuration(seconds: number | null): string {
  if (seconds == null) return 'permanent';
  const known = DURATIONS.find((d) => d.seconds === seconds);
  if (known) return known.label.toLowerCase();
  const units: [number, string][] = [[86_400, 'day'], [3_600, 'hour'], [60, 'minute'], [1, 'second']];
  for (const [size, name] of units) {
    if (seconds % size === 0) {
      const n = seconds / size;
      return `${n} ${name}${n === 1 ? '' : 's'}`;
    }
  }
  return `${seconds} seconds`;
}

const VERBS: Record<ModerationAction['action'], string> = {
  warn: 'warned', mute: 'muted', unmute: 'unmuted', ban: 'banned', unban: 'unbanned', hide: 'hid a message',
  unhide: 'showed a hidden message', delete: 'deleted a message', lock: 'locked a thread', unlock: 'unlocked a thread',
  flag: 'flagged a message', reject: 'rejected a message', pin: 'pinned a message', unpin: 'unpinned a message',
};

const SOURCES: Record<ModerationAction['source'], string> = {
  admin: '', community: 'community reports', ai: 'content moderation', system: 'the server',
};

/** One audit entry as a sentence: "carol muted dave for 10 minutes", "community reports flagged a message". */
export function describeAuditEntry(entry: ModerationAction): string {
  const who = entry.moderator_id ?? (SOURCES[entry.source] || 'someone');
  const verb = VERBS[entry.action] ?? entry.action;
  const target = entry.target_user_id ? ` ${entry.target_user_id}` : '';
  const length = (entry.action === 'mute' || entry.action === 'ban') ? ` (${describeDuration(entry.duration_seconds)})` : '';
  return `${who} ${verb}${target}${length}`;
}

/** What the moderator's choice did, to confirm it in the dialog. */
export function describeOutcome(entry: ModerationAction): string {
  const verb = VERBS[entry.action] ?? entry.action;
  const length = entry.action === 'mute' || entry.action === 'ban'
    ? entry.duration_seconds == null ? ' until lifted' : ` for ${describeDuration(entry.duration_seconds)}`
    : '';
  return `${capitalise(verb)} ${entry.target_user_id ?? ''}${length}.`.replace(' .', '.');
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
