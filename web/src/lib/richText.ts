import { splitMentions } from './mentions';

/**
 * A message's text cut into what the Lounge formats: `code`, **strong**, *em*, http(s) links and @mentions. The
 * result is data, rendered as React elements (never as HTML), so nothing in a message can become markup or script.
 */
export type RichNode =
  | { kind: 'text'; text: string }
  | { kind: 'mention'; text: string; mine: boolean }
  | { kind: 'link'; href: string; text: string }
  | { kind: 'code'; text: string }
  | { kind: 'strong'; children: RichNode[] }
  | { kind: 'em'; children: RichNode[] };

/** The only schemes a link or an image may use: anything else (javascript:, data:, file:, …) stays text. */
const SAFE_SCHEMES = new Set(['http:', 'https:']);

/** A URL fit for an href or an img src: absolute http(s) with a host, normalised by the URL parser; else null. */
export function safeUrl(raw: string | null | undefined): string | null {
  if (!raw || raw.length > 2048) return null;
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    return null;
  }
  if (!SAFE_SCHEMES.has(url.protocol) || !url.hostname) return null;
  return url.href;
}

/** `code` spans: a run of backticks closed by the same run, with something in between. */
const CODE = /(`+)([^`]|[^`][\s\S]*?[^`])\1(?!`)/g;
/** Bare links: http(s):// up to whitespace or an angle bracket; trailing punctuation is not part of them. */
const LINK = /\bhttps?:\/\/[^\s<>"]+/gi;
const TRAILING = /[.,;:!?'")\]}]+$/;
/**
 * **strong** (which may hold *em*), then *em*. A marker must not sit inside a word (so `2*3*4` stays text) and the
 * emphasised text must not start or end with a space.
 */
const STRONG = /(^|[^\p{L}\p{N}*])\*\*(?!\s)((?:[^*\n]|\*(?!\*))*?[^\s*]|[^\s*])\*\*(?![\p{L}\p{N}*])/gu;
const EM = /(^|[^\p{L}\p{N}*])\*(?![\s*])([^*\n]*?[^\s*]|[^\s*])\*(?![\p{L}\p{N}*])/gu;

export type Me = { id: string; username: string } | null;

export function parseRichText(content: string, me: Me): RichNode[] {
  const nodes: RichNode[] = [];
  let last = 0;
  for (const match of content.matchAll(CODE)) {
    const start = match.index ?? 0;
    if (start > last) nodes.push(...parseInline(content.slice(last, start), me));
    nodes.push({ kind: 'code', text: match[2] });
    last = start + match[0].length;
  }
  if (last < content.length) nodes.push(...parseInline(content.slice(last), me));
  return nodes;
}

/** Cuts `text` at each match of `pattern` (group 1: what precedes the marker, group 2: the inside). */
function splitBy(text: string, pattern: RegExp, inside: (inner: string) => RichNode, outside: (part: string) => RichNode[]): RichNode[] {
  const nodes: RichNode[] = [];
  let last = 0;
  for (const match of text.matchAll(pattern)) {
    const start = (match.index ?? 0) + match[1].length;
    if (start > last) nodes.push(...outside(text.slice(last, start)));
    nodes.push(inside(match[2]));
    last = (match.index ?? 0) + match[0].length;
  }
  if (last < text.length) nodes.push(...outside(text.slice(last)));
  return nodes;
}

/** Strong (holding em), em, then links, then mentions. */
function parseInline(text: string, me: Me): RichNode[] {
  const em = (part: string) => splitBy(part, EM, (inner) => ({ kind: 'em', children: parseLinks(inner, me) }),
    (rest) => parseLinks(rest, me));
  return splitBy(text, STRONG, (inner) => ({ kind: 'strong', children: em(inner) }), em);
}

function parseLinks(text: string, me: Me): RichNode[] {
  const nodes: RichNode[] = [];
  let last = 0;
  for (const match of text.matchAll(LINK)) {
    const start = match.index ?? 0;
    const raw = match[0].replace(TRAILING, '');
    const href = safeUrl(raw);
    if (!href) continue;
    if (start > last) nodes.push(...parseMentions(text.slice(last, start), me));
    nodes.push({ kind: 'link', href, text: raw });
    last = start + raw.length;
  }
  if (last < text.length) nodes.push(...parseMentions(text.slice(last), me));
  return nodes;
}

function parseMentions(text: string, me: Me): RichNode[] {
  return splitMentions(text, me).map((part) =>
    part.mention ? { kind: 'mention', text: part.text, mine: part.mine } : { kind: 'text', text: part.text });
}

export interface AttachmentLike {
  url: string;
  name?: string | null;
  type?: string | null;
}

/** An attachment shown as an image preview only when it says it is an image and its URL is http(s). */
export function imagePreview(attachment: AttachmentLike): string | null {
  if (!attachment.type || !/^image\/[\w.+-]+$/i.test(attachment.type) || /svg/i.test(attachment.type)) return null;
  return safeUrl(attachment.url);
}
