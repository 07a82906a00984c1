import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { ApiError, type CommunityApi, type DmThread, type Room, type StreamSnapshot } from '@community/client';

export interface RoomListState {
  rooms: Room[];
  dms: DmThread[];
  /** DMs whose other participants are online now (the stream's presence). */
  onlineDms: ReadonlySet<string>;
  loading: boolean;
  error: string | null;
  refresh: () => Promise<void>;
  /** Applies what the open room or a REST answer learnt (a join) without a round trip. */
  patchRoom: (room: Partial<Room> & { id: string }) => void;
  /** A DM thread opened here: its participants name it at once. */
  addDm: (thread: DmThread) => void;
}

/**
 * The sidebar's rooms. My rooms and DMs, their unread and mention counts, rooms and DMs that become mine and DM
 * presence come live from the user stream (`ready`, `room_activity`, `room_added`, …); REST lists once what the
 * stream does not carry — the public forums to discover, and the participants who name a DM — and again only
 * when that listing failed and the stream is back. Nothing is polled.
 */
export function useRoomList(api: CommunityApi, stream: StreamSnapshot): RoomListState {
  const [listed, setListed] = useState<Room[]>([]);
  const [threads, setThreads] = useState<Record<string, DmThread>>({});
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<string | null>(null);
  const alive = useRef(true);
  /** DM threads asked for over REST (a DM the stream added), so each is asked for once. */
  const asked = useRef(new Set<string>());

  const refresh = useCallback(async () => {
    const [roomResult, dmResult] = await Promise.allSettled([
      api.all((page) => api.listRooms(page)),
      api.all((page) => api.listDms(page)),
    ]);
    if (!alive.current) return;
    if (roomResult.status === 'fulfilled') {
      setListed(roomResult.value.filter((r) => r.room_type !== 'dm'));
      setError(null);
    } else {
      const e = roomResult.reason;
      setError(e instanceof ApiError && e.status === 404
        ? 'This server does not list rooms yet. Open a room by its link.'
        : 'Rooms could not be loaded.');
    }
    if (dmResult.status === 'fulfilled') {
      setThreads((current) => {
        const next = { ...current };
        for (const thread of dmResult.value) next[thread.id] = thread;
        return next;
      });
    }
    setLoading(false);
  }, [api]);

  useEffect(() => {
    alive.current = true;
    void refresh();
    return () => {
      alive.current = false;
    };
  }, [refresh]);

  // the listing failed (the server was away): the stream coming back says it is worth asking again
  useEffect(() => {
    if (stream.status === 'open' && error === 'Rooms could not be loaded.') void refresh();
  }, [stream.status, error, refresh]);

  // a DM the stream told of (room_added) is named by its participants, asked for once
  useEffect(() => {
    for (const id of stream.order) {
      const live = stream.rooms[id];
      if (live.room.room_type !== 'dm' || threads[id] || asked.current.has(id)) continue;
      asked.current.add(id);
      api.getDm(id).then((thread) => {
        if (alive.current) setThreads((current) => ({ ...current, [thread.id]: thread }));
      }, () => asked.current.delete(id));
    }
  }, [api, stream.order, stream.rooms, threads]);

  const rooms = useMemo(() => {
    if (!stream.ready) return listed;
    const out: Room[] = [];
    const seen = new Set<string>();
    for (const r of listed) {
      seen.add(r.id);
      const live = stream.rooms[r.id];
      // the stream lists every room of mine: one it does not list I left or was banned from
      // (a ban the page learnt of stays a ban: a banned member is not offered "Join")
      out.push(live ? live.room : r.my_role != null && r.my_role !== 'banned' ? { ...r, my_role: null } : r);
    }
    for (const id of stream.order) {
      const live = stream.rooms[id];
      if (!seen.has(id) && live.room.room_type !== 'dm') out.push(live.room);
    }
    return out;
  }, [listed, stream.ready, stream.rooms, stream.order]);

  const dms = useMemo(() => {
    if (!stream.ready) return Object.values(threads);
    return stream.order
      .filter((id) => stream.rooms[id].room.room_type === 'dm')
      .map((id) => {
        const room = stream.rooms[id].room;
        const thread = threads[id];
        return thread ? { ...thread, room } : { id, is_group: false, participants: [], room };
      });
  }, [threads, stream.ready, stream.rooms, stream.order]);

  const onlineDms = useMemo(() => new Set(stream.order.filter((id) =>
    stream.rooms[id].room.room_type === 'dm' && (stream.rooms[id].onlineUsers?.length ?? 0) > 0)),
  [stream.order, stream.rooms]);

  const patchRoom = useCallback((patch: Partial<Room> & { id: string }) => {
    setListed((current) => {
      const found = current.some((r) => r.id === patch.id);
      if (!found && patch.room_type && patch.room_type !== 'dm' && patch.name) return [...current, patch as Room];
      return current.map((r) => (r.id === patch.id ? { ...r, ...patch } : r));
    });
    setThreads((current) => (current[patch.id]
      ? { ...current, [patch.id]: { ...current[patch.id], room: { ...current[patch.id].room, ...patch } } }
      : current));
  }, []);

  const addDm = useCallback((thread: DmThread) => {
    setThreads((current) => ({ ...current, [thread.id]: thread }));
  }, []);

  return { rooms, dms, onlineDms, loading: loading && !stream.ready, error, refresh, patchRoom, addDm };
}
