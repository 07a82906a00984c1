import { useEffect, useState } from 'react';
import { formatTime } from '../../lib/format';
import type { CommunityApi, Page, SearchHit } from '@community/client';

/** What the panel shows: the results of a search, or the messages that mention me. */
export type Finding = { kind: 'search'; q: string } | { kind: 'mentions' };

interface Props {
  api: CommunityApi;
  finding: Finding;
  onOpen: (hit: SearchHit) => void;
  onClose: () => void;
}

/**
 * Search results or the mentions inbox over the conversation: newest first, a page at a time; choosing one opens
 * its room at that message.
 */
export function FoundMessages({ api, finding, onOpen, onClose }: Props) {
  const [hits, setHits] = useState<SearchHit[]>([]);
  const [cursor, setCursor] = useState<string | null>(null);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<string | null>(null);
  const key = finding.kind === 'search' ? `search:${finding.q}` : 'mentions';

  const load = (from: string | null, live: () => boolean = () => true) => {
    setLoading(true);
    const page: Promise<Page<SearchHit>> = finding.kind === 'search'
      ? api.search({ q: finding.q, cursor: from, limit: 25 })
      : api.listMentions({ cursor: from, limit: 25 });
    page.then(
      (answer) => {
        if (!live()) return;
        setHits((held) => (from ? [...held, ...answer.results] : answer.results));
        setCursor(answer.next_cursor);
        setError(null);
        setLoading(false);
      },
      (e: unknown) => {
        if (!live()) return;
        setError(e instanceof Error ? e.message : 'That could not be loaded.');
        setLoading(false);
      },
    );
  };

  useEffect(() => {
    let live = true;
    setHits([]);
    load(null, () => live);
    return () => {
      live = false;
    };
  }, [api, key]); // eslint-disable-line react-hooks/exhaustive-deps

  const title = finding.kind === 'search' ? `Results for “${finding.q}”` : 'Mentions of you';
  return (
    <section className="found glass" aria-label={title} data-testid={finding.kind === 'search' ? 'search-results' : 'mentions'}>
      <header className="found-header">
        <h2>{title}</h2>
        <button type="button" className="icon-button" onClick={onClose} aria-label="Close">✕</button>
      </header>
      {error ? <p className="inline-error" role="alert">{error}</p> : null}
      {!loading && !error && hits.length === 0 ? (
        <p className="muted">{finding.kind === 'search' ? 'No message matches.' : 'Nobody has mentioned you yet.'}</p>
      ) : null}
      <ul className="found-list">
        {hits.map((hit) => (
          <li key={hit.message.id}>
            <button type="button" className={`found-hit${hit.is_read === false ? ' unread' : ''}`}
              onClick={() => onOpen(hit)} data-testid="found-hit">
              <span className="found-where">
                {hit.room.room_type === 'dm' ? '@' : '#'}{hit.room.name}
                {hit.is_read === false ? <span className="badge" aria-label="unread">new</span> : null}
              </span>
              <span className="found-meta">
                <strong>{hit.message.author.username}</strong>
                <time dateTime={hit.message.created_at}>{formatTime(hit.message.created_at)}</time>
              </span>
              <span className="found-text">{hit.message.content || 'hidden by a moderator'}</span>
            </button>
          </li>
        ))}
      </ul>
      {cursor ? (
        <button type="button" className="button small ghost" disabled={loading} onClick={() => load(cursor)}>
          {loading ? 'Loading…' : 'More'}
        </button>
      ) : null}
    </section>
  );
}
