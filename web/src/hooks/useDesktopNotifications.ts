import { useCallback, useEffect, useRef, useState } from 'react';
import type { StreamClient } from '@community/client';

export type NotificationPermissionState = NotificationPermission | 'unsupported';

interface Options {
  /** The room shown now: nothing is notified for it while the tab has the focus. */
  openRoomId: string | null;
  /** A room's name as the sidebar shows it (a DM's: the other participants). */
  titleOf: (roomId: string) => string;
  /** Opens a room (a click on a notification). */
  onOpen: (roomId: string) => void;
}

function currentPermission(): NotificationPermissionState {
  return typeof Notification === 'undefined' ? 'unsupported' : Notification.permission;
}

/**
 * Desktop notifications from the user stream, once the person allowed them: a mention of me (`mentioned`) and a new
 * message in a DM (`room_activity` of a DM moving past what was known), never for the open room while the tab has
 * the focus. The browser's permission is asked for only from a user gesture (`ask`, a button's click).
 */
export function useDesktopNotifications(stream: StreamClient | null, options: Options) {
  const [permission, setPermission] = useState<NotificationPermissionState>(currentPermission);
  const latest = useRef(options);
  latest.current = options;

  const ask = useCallback(() => {
    if (typeof Notification === 'undefined') return;
    void Notification.requestPermission().then(setPermission, () => setPermission(currentPermission()));
  }, []);

  useEffect(() => {
    if (!stream) return undefined;
    /** The newest seq known per DM: activity past it is a new message. */
    const known = new Map<string, number>();
    const remember = () => {
      const state = stream.getState();
      for (const id of state.order) if (!known.has(id)) known.set(id, state.rooms[id].lastSeq);
    };
    remember();
    const notify = (roomId: string, title: string, body: string) => {
      if (currentPermission() !== 'granted') return;
      const { openRoomId, onOpen } = latest.current;
      if (roomId === openRoomId && document.visibilityState === 'visible' && document.hasFocus()) return;
      // one notification per room at a time: a newer one replaces it (tag)
      const shown = new Notification(title, { body, tag: roomId });
      shown.onclick = () => {
        window.focus();
        onOpen(roomId);
        shown.close();
      };
    };
    const offReady = stream.on('ready', () => remember());
    const offAdded = stream.on('room_added', (e) => {
      if (!known.has(e.room.room.id)) known.set(e.room.room.id, e.room.last_seq);
    });
    const offMention = stream.on('mentioned', (e) => {
      known.set(e.room_id, Math.max(known.get(e.room_id) ?? 0, e.message.seq));
      notify(e.room_id, `${e.message.author.username} mentioned you in ${latest.current.titleOf(e.room_id)}`,
        e.message.content);
    });
    const offActivity = stream.on('room_activity', (e) => {
      const room = stream.getState().rooms[e.room_id]?.room;
      const before = known.get(e.room_id) ?? 0;
      known.set(e.room_id, Math.max(before, e.last_seq));
      if (room?.room_type !== 'dm' || e.last_seq <= before || e.unread_count === 0) return;
      notify(e.room_id, `New message from ${latest.current.titleOf(e.room_id)}`,
        e.unread_count === 1 ? '1 unread message' : `${e.unread_count} unread messages`);
    });
    return () => {
      offReady();
      offAdded();
      offMention();
      offActivity();
    };
  }, [stream]);

  return { permission, ask };
}
