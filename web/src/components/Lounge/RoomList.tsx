import { useState } from 'react';
import type { CommunityApi, DmThread, Room } from '@community/client';
import { PeoplePicker } from '../Manage/PeoplePicker';
import { dmTitle } from '../../lib/dm';
import type { Route } from '../../lib/route';

interface Props {
  rooms: Room[];
  dms: DmThread[];
  meId: string;
  active: Route;
  loading: boolean;
  error: string | null;
  onOpen: (route: Route) => void;
  onJoin: (room: Room) => Promise<void>;
  onStartDm: (userIds: string[]) => Promise<void>;
  /** The user search behind the people picker of a new DM. */
  api: Pick<CommunityApi, 'searchUsers'>;
  /** DMs whose other participants are online. */
  onlineDms?: ReadonlySet<string>;
}

/** Forums and circles, then DMs, each with its unread and mention badges; forums I am not in offer "Join". */
export function RoomList({ rooms, dms, meId, active, loading, error, onOpen, onJoin, onStartDm, api, onlineDms }: Props) {
  const [dmFormOpen, setDmFormOpen] = useState(false);
  const [joining, setJoining] = useState<string | null>(null);

  const joined = rooms.filter((r) => r.my_role != null && r.my_role !== 'banned');
  const discover = rooms.filter((r) => r.my_role == null && r.room_type === 'forum');

  const startDm = async (ids: string[]) => {
    await onStartDm(ids);
    setDmFormOpen(false);
  };

  return (
    <nav className="room-list" aria-label="Rooms" data-testid="room-list" onKeyDown={moveBetweenRooms}>
      <section>
        <h3>Forums</h3>
        {loading && rooms.length === 0 ? <p className="muted">Loading…</p> : null}
        {error ? <p className="muted small">{error}</p> : null}
        <ul>
          {joined.map((room) => (
            <RoomEntry key={room.id} label={room.name} sigil={room.room_type === 'circle' ? '◎' : '#'}
              unread={room.unread_count} mentions={room.unread_mentions}
              active={active.kind === 'room' && (active.id === room.id || active.id === room.slug)}
              onClick={() => onOpen({ kind: 'room', id: room.id })} />
          ))}
        </ul>
        {discover.length > 0 && (
          <>
            <h4>Discover</h4>
            <ul>
              {discover.map((room) => (
                <li key={room.id} className="room-entry discover">
                  <button type="button" className="room-link" onClick={() => onOpen({ kind: 'room', id: room.id })}>
                    <span className="sigil">#</span>
                    <span className="room-name">{room.name}</span>
                    <span className="muted small">{room.member_count}</span>
                  </button>
                  <button type="button" className="button small" disabled={joining === room.id}
                    onClick={async () => {
                      setJoining(room.id);
                      try {
                        await onJoin(room);
                      } finally {
                        setJoining(null);
                      }
                    }}>
                    Join
                  </button>
                </li>
              ))}
            </ul>
          </>
        )}
      </section>
      <section>
        <h3>
          Direct messages
          <button type="button" className="icon-button small" aria-label="New direct message"
            onClick={() => setDmFormOpen((o) => !o)}>+</button>
        </h3>
        {dmFormOpen && (
          <PeoplePicker meId={meId} api={api} onStart={startDm} onCancel={() => setDmFormOpen(false)} />
        )}
        <ul>
          {dms.map((dm) => (
            <RoomEntry key={dm.id} label={dmTitle(dm, meId)} sigil="@" unread={dm.room.unread_count}
              mentions={dm.room.unread_mentions} active={active.kind === 'dm' && active.id === dm.id}
              online={onlineDms?.has(dm.id)}
              onClick={() => onOpen({ kind: 'dm', id: dm.id })} />
          ))}
          {dms.length === 0 && !dmFormOpen ? <li className="muted small empty">No conversations yet.</li> : null}
        </ul>
      </section>
    </nav>
  );
}

/** Up and down arrows move between the rooms and conversations of the list (Tab reaches every control too). */
function moveBetweenRooms(e: React.KeyboardEvent<HTMLElement>) {
  if (e.key !== 'ArrowDown' && e.key !== 'ArrowUp') return;
  const links = [...e.currentTarget.querySelectorAll<HTMLButtonElement>('.room-link')];
  const at = links.indexOf(document.activeElement as HTMLButtonElement);
  if (at < 0) return;
  e.preventDefault();
  links[Math.max(0, Math.min(links.length - 1, at + (e.key === 'ArrowDown' ? 1 : -1)))]?.focus();
}

function RoomEntry({ label, sigil, unread, mentions, active, online, onClick }: {
  label: string;
  /** For a DM: the other person is online. */
  online?: boolean;
  sigil: string;
  unread: number;
  mentions: number;
  active: boolean;
  onClick: () => void;
}) {
  return (
    <li className={`room-entry${active ? ' active' : ''}${unread > 0 ? ' unread' : ''}`}>
      <button type="button" className="room-link" onClick={onClick} aria-current={active ? 'page' : undefined}>
        <span className="sigil">{sigil}</span>
        <span className="room-name">{label}</span>
        {online ? <span className="presence-dot" title="Online" aria-label="online" data-testid="dm-online" /> : null}
        {mentions > 0 ? <span className="badge badge-mention" title={`${mentions} mentions`} data-testid="mention-badge">@{mentions}</span> : null}
        {unread > 0 ? <span className="badge" title={`${unread} unread`} data-testid="unread-badge">{unread > 99 ? '99+' : unread}</span> : null}
      </button>
    </li>
  );
}
