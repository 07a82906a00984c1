import type { DmThread } from '@community/client';

/** The name of a DM thread as one participant sees it: the others' names. */
export function dmTitle(thread: DmThread, meId: string | null): string {
  const others = thread.participants.filter((p) => p.id !== meId);
  if (others.length === 0) return thread.room.name || 'Direct message';
  return others.map((p) => p.username).join(', ');
}
