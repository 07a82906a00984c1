import { useCallback, useEffect, useRef, useState } from 'react';
import { ApiError, type CommunityApi, type DmThread, type Room } from '@community/client';

/** Rooms have no push channel outside the open room: the list is refreshed on focus and every so often. */
export const ROOM_LIST_REFRESH_MS = 30_000;

export interface RoomListState {
  rooms: Room[];
  dms: DmThread[];
  loading: boolean;
  error: string | null;
  refresh: () => Promise<void>;
  /** Applies what the open room learnt (its unread counters, a join) without a round trip. */
  patchRoom: (room: Partial<Room> & { id: string }) => void;
}

export function useRoomList(api: CommunityApi): RoomListState {
  const [rooms, setRooms] = useState<Room[]>([]);
  const [dms, setDms] = useState<DmThread[]>([]);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<string | null>(null);
  const alive = useRef(true);

  const refresh = useCallback(async () => {
    const [roomResult, dmResult] = await Promise.allSettled([
      api.all((page) => api.listRooms(page)),
      api.all((page) => api.listDms(page)),
    ]);
    if (!alive.current) return;
    if (roomResult.status === 'fulfilled') {
      setRooms(roomResult.value.filter((r) => r.room_type !== 'dm'));
      setError(null);
    } else {
      const e = roomResult.reason;
      setError(e instanceof ApiError && e.status === 404
        ? 'This server does not list rooms yet. Open a room by its link.'
        : 'Rooms could not be loaded.');
    }
    if (dmResult.status === 'fulfilled') setDms(dmResult.value);
    setLoading(false);
  }, [api]);

  useEffect(() => {
    alive.current = true;
    void refresh();
    const timer = setInterval(() => void refresh(), ROOM_LIST_REFRESH_MS);
    const onFocus = () => void refresh();
    window.addEventListener('focus', onFocus);
    return () => {
      alive.current = false;
      clearInterval(timer);
      window.removeEventListener('focus', onFocus);
    };
  }, [refresh]);

  const patchRoom = useCallback((patch: Partial<Room> & { id: string }) => {
    setRooms((current) => {
      const found = current.some((r) => r.id === patch.id);
      if (!found && patch.room_type && patch.room_type !== 'dm' && patch.name) return [...current, patch as Room];
      return current.map((r) => (r.id === patch.id ? { ...r, ...patch } : r));
    });
    setDms((current) => current.map((d) => (d.id === patch.id ? { ...d, room: { ...d.room, ...patch } } : d)));
  }, []);

  return { rooms, dms, loading, error, refresh, patchRoom };
}
