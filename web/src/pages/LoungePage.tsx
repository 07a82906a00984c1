import { useCallback, useEffect, useMemo, useState } from 'react';
import { RoomList } from '../components/Lounge/RoomList';
import { FoundMessages, type Finding } from '../components/Lounge/FoundMessages';
import { RoomView } from '../components/Room/RoomView';
import { Avatar } from '../components/Avatar';
import { StreamContext, useCommunity } from '../hooks/useCommunity';
import { useDesktopNotifications } from '../hooks/useDesktopNotifications';
import { useRoomList } from '../hooks/useRoomList';
import { isUuid, useRoute, type Route } from '../lib/route';
import { unreadTotals, type Room, type SearchHit } from '@community/client';
import { useCommunityStream } from '@community/client/react';
import { dmTitle } from '../lib/dm';
import { CreateRoomForm } from '../components/Manage/CreateRoomForm';
import { BlockListProvider, BlockedUsersDialog } from '../components/Moderation';

/**
 * The Lounge at `/lounge/:roomId`: RoomList beside RoomView; on a phone the list slides over the room. One user
 * stream per tab carries everything live: the sidebar's rooms, badges and DM presence, the tab title's count, desktop
 * notifications, and the open room (a subscription on it).
 */
export function LoungePage() {
  const { api, me, signOut } = useCommunity();
  const [route, navigate] = useRoute();
  const { stream, state: streamState } = useCommunityStream();
  const list = useRoomList(api, streamState);
  const [drawerOpen, setDrawerOpen] = useState(route.kind === 'home');
  const [error, setError] = useState<string | null>(null);
  const [query, setQuery] = useState('');
  const [finding, setFinding] = useState<Finding | null>(null);
  /** The message a search result or mention asked for, in the room it opened. */
  const [focus, setFocus] = useState<{ roomId: string; seq: number } | null>(null);
  const [creating, setCreating] = useState(false);
  const [blockedOpen, setBlockedOpen] = useState(false);

  // `/lounge/general` works as well as `/lounge/<uuid>`: a slug is looked up in the room list.
  const resolved: Route | null = useMemo(() => {
    if (route.kind !== 'room' || isUuid(route.id)) return route;
    const room = list.rooms.find((r) => r.slug === route.id || r.name === route.id);
    return room ? { kind: 'room', id: room.id } : null;
  }, [route, list.rooms]);

  const { unread } = unreadTotals(streamState);
  useEffect(() => {
    document.title = unread > 0 ? `(${unread}) The Lounge` : 'The Lounge';
  }, [unread]);

  const open = useCallback((next: Route) => {
    navigate(next);
    setDrawerOpen(false);
  }, [navigate]);

  const openHit = useCallback((hit: SearchHit) => {
    setFinding(null);
    setFocus({ roomId: hit.room.id, seq: hit.message.seq });
    open(hit.room.room_type === 'dm' ? { kind: 'dm', id: hit.room.id } : { kind: 'room', id: hit.room.id });
  }, [open]);

  const search = (e: React.FormEvent) => {
    e.preventDefault();
    const q = query.trim();
    if (q) {
      setFinding({ kind: 'search', q });
      setDrawerOpen(false);
    }
  };

  const { addDm } = list;
  const openDm = useCallback(async (userIds: string[]) => {
    const thread = await api.openDm(userIds);
    addDm(thread);
    open({ kind: 'dm', id: thread.id });
  }, [api, addDm, open]);

  const onOpenDm = useCallback((userId: string) => {
    openDm([userId]).catch((e: unknown) => setError(e instanceof Error ? e.message : 'Could not open the conversation.'));
  }, [openDm]);

  const { patchRoom, error: listError, refresh } = list;
  // A list that failed while the server was away is read again as soon as a room's socket is back, not at the next poll.
  const onConnected = useCallback(() => {
    if (listError) void refresh();
  }, [listError, refresh]);
  const goHome = useCallback(() => open({ kind: 'home' }), [open]);
  const onRoomChange = useCallback((room: Room) => patchRoom(room), [patchRoom]);

  const dm = resolved?.kind === 'dm' ? list.dms.find((d) => d.id === resolved.id) : undefined;
  const title = resolved?.kind === 'dm' ? (dm ? dmTitle(dm, me.id) : 'Direct message')
    : resolved?.kind === 'room' ? list.rooms.find((r) => r.id === resolved.id)?.name ?? 'Room' : '';

  const totalUnread = list.rooms.reduce((n, r) => n + (r.unread_count ?? 0), 0)
    + list.dms.reduce((n, d) => n + (d.room.unread_count ?? 0), 0);

  const titleOf = useCallback((roomId: string) => {
    const thread = list.dms.find((d) => d.id === roomId);
    if (thread) return dmTitle(thread, me.id);
    return `#${list.rooms.find((r) => r.id === roomId)?.name ?? 'a room'}`;
  }, [list.dms, list.rooms, me.id]);
  const notifications = useDesktopNotifications(stream, {
    openRoomId: resolved && resolved.kind !== 'home' ? resolved.id : null,
    titleOf,
    onOpen: (roomId) => open(list.dms.some((d) => d.id === roomId) ? { kind: 'dm', id: roomId } : { kind: 'room', id: roomId }),
  });

  return (
    <BlockListProvider api={api}>
    <div className={`lounge${drawerOpen ? ' drawer-open' : ''}`}>
      <aside className="sidebar glass">
        <div className="sidebar-top">
          <h1 className="brand">The Lounge</h1>
          <button type="button" className="icon-button only-phone" onClick={() => setDrawerOpen(false)} aria-label="Close">✕</button>
        </div>
        <form className="search-box" role="search" onSubmit={search}>
          <input type="search" value={query} onChange={(e) => setQuery(e.target.value)} placeholder="Search messages"
            aria-label="Search messages" maxLength={256} data-testid="search-input" />
        </form>
        <button type="button" className={`button small ghost mentions-button${finding?.kind === 'mentions' ? ' active' : ''}`}
          onClick={() => { setFinding({ kind: 'mentions' }); setDrawerOpen(false); }} data-testid="mentions-button">
          @ Mentions
        </button>
        <RoomList
          rooms={list.rooms}
          dms={list.dms}
          meId={me.id}
          active={resolved ?? route}
          loading={list.loading}
          error={list.error}
          onOpen={open}
          onJoin={async (room) => {
            try {
              patchRoom(await api.joinRoom(room.id));
              open({ kind: 'room', id: room.id });
            } catch (e) {
              setError(e instanceof Error ? e.message : 'Could not join.');
            }
          }}
          onStartDm={openDm}
          onlineDms={list.onlineDms}
          api={api}
        />
        {notifications.permission === 'default' ? (
          <button type="button" className="button small ghost" onClick={notifications.ask} data-testid="enable-notifications">
            🔔 Notify me of mentions and DMs
          </button>
        ) : null}
        <button type="button" className="button small ghost" onClick={() => { setCreating(true); setDrawerOpen(false); }}
          data-testid="create-room">+ New room or circle</button>
        <div className="me-card">
          <Avatar user={me} size={32} online />
          <div className="me-names">
            <strong data-testid="me">{me.username}</strong>
            <span className="muted small">{me.staff ? 'staff · ' : ''}{me.id}</span>
          </div>
          <button type="button" className="button small ghost" onClick={() => setBlockedOpen(true)}
            title="People you block" data-testid="blocked-users-button">Blocked</button>
          <button type="button" className="button small ghost" onClick={signOut}>Sign out</button>
        </div>
      </aside>
      <div className="scrim only-phone" onClick={() => setDrawerOpen(false)} aria-hidden="true" />
      <main className="lounge-main">
        {error ? <div className="toast" role="alert" onClick={() => setError(null)}>{error}</div> : null}
        {creating ? (
          <div className="manage-overlay">
            <CreateRoomForm api={api} onCancel={() => setCreating(false)} onCreated={(room) => {
              setCreating(false);
              patchRoom(room);
              void list.refresh();
              open({ kind: 'room', id: room.id });
            }} />
          </div>
        ) : null}
        {finding ? (
          <FoundMessages api={api} finding={finding} onOpen={openHit} onClose={() => setFinding(null)} />
        ) : null}
        {resolved && resolved.kind !== 'home' ? (
          <StreamContext.Provider value={stream}>
          <RoomView
            key={`${resolved.kind}:${resolved.id}`}
            roomId={resolved.id}
            kind={resolved.kind === 'dm' ? 'dm' : 'room'}
            title={title}
            onRoomChange={onRoomChange}
            onOpenRooms={() => setDrawerOpen(true)}
            onOpenDm={onOpenDm}
            focusSeq={focus && focus.roomId === resolved.id ? focus.seq : null}
            onLeft={() => {
              void list.refresh();
              navigate({ kind: 'home' });
            }}
            onConnected={onConnected}
            onClose={goHome}
          />
          </StreamContext.Provider>
        ) : (
          <section className="welcome glass">
            <button type="button" className="icon-button only-phone" onClick={() => setDrawerOpen(true)} aria-label="Rooms">☰</button>
            {route.kind === 'room' && !resolved ? (
              // A slug is looked up in the room list: while it loads we look; once loaded, a slug not in it is no room.
              list.loading ? <h2>Looking for “{route.id}”…</h2>
                : list.error ? (
                  <>
                    <h2>Looking for “{route.id}”…</h2>
                    <p className="muted">{list.error}</p>
                    <p><button type="button" className="button small" onClick={() => void refresh()}>Try again</button></p>
                  </>
                ) : (
                  <div data-testid="room-not-found">
                    <h2>No room “{route.id}”</h2>
                    <p className="muted">There is no room by that name here, or it is not open to you. Pick one from the list.</p>
                  </div>
                )
            ) : (
              <>
                <h2>Welcome to the Lounge</h2>
                <p className="muted">
                  {totalUnread > 0 ? `${totalUnread} unread across your rooms. ` : ''}Pick a room to start talking.
                </p>
              </>
            )}
          </section>
        )}
      </main>
      {blockedOpen ? <BlockedUsersDialog onClose={() => setBlockedOpen(false)} /> : null}
    </div>
    </BlockListProvider>
  );
}
