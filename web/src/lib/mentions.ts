import type { User } from '@community/client';

/** `@name` where name is what people type: letters, digits and `_ . : -` (a user id or a one-word username). */
const MENTION = /(^|[^\w@])@([\p{L}\p{N}_.:-]+)/gu;

/** The ids of the known users that `content` mentions, by id or username (case-insensitive), once each. */
export function findMentions(content: string, known: User[]): string[] {
  const byName = new Map<string, string>();
  for (const u of known) {
    byName.set(u.id.toLowerCase(), u.id);
    byName.set(u.username.toLowerCase().replace(/\s+/g, ''), u.id);
  }
  const ids: string[] = [];
  for (const match of content.matchAll(MENTION)) {
    const name = match[2].replace(/[.:-]+$/, '').toLowerCase();
    const id = byName.get(name);
    if (id && !ids.includes(id)) ids.push(id);
  }
  return ids.slice(0, 50);
}

export interface TextPart {
  text: string;
  mention: boolean;
  mine: boolean;
}

/** The content cut into plain text and `@mentions`, those naming me marked, for highlighting. */
export function splitMentions(content: string, me: { id: string; username: string } | null): TextPart[] {
  const parts: TextPart[] = [];
  const mine = new Set(me ? [me.id.toLowerCase(), me.username.toLowerCase().replace(/\s+/g, '')] : []);
  let last = 0;
  for (const match of content.matchAll(MENTION)) {
    const start = (match.index ?? 0) + match[1].length;
    const name = match[2].replace(/[.:-]+$/, '');
    if (start > last) parts.push({ text: content.slice(last, start), mention: false, mine: false });
    parts.push({ text: `@${name}`, mention: true, mine: mine.has(name.toLowerCase()) });
    last = start + 1 + name.length;
  }
  if (last < content.length) parts.push({ text: content.slice(last), mention: false, mine: false });
  return parts;
}

/** Whether a message mentions me: by its `mentions` list, or by `@me` in the text. */
export function mentionsMe(content: string, mentions: string[], me: { id: string; username: string } | null): boolean {
  if (!me) return false;
  return mentions.includes(me.id) || splitMentions(content, me).some((p) => p.mine);
}
