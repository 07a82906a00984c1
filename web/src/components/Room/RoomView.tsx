import { useCallback, useEffect, useMemo, useState } from 'react';
import { useCommunity, useLoungeStream } from '../../hooks/useCommunity';
import { useCommunityRoom } from '@community/client/react';
import { findMentions } from '../../lib/mentions';
import { ConnectionBanner } from './ConnectionBanner';
import { MessageInput } from './MessageInput';
import { MessageList } from './MessageList';
import { OnlineUsers } from './OnlineUsers';
import { PinsPanel } from './PinsPanel';
import { RoomHeader } from './RoomHeader';
import { TypingIndicator } from './TypingIndicator';
import { ManageBar, type ManagePanel } from '../Manage/ManageBar';
import { ManagePanels } from '../Manage/ManagePanels';
import { withSavedSettings } from '../Manage/settings';
import { ModerateUserDialog, ModerationPanel, MessageSafetyContext, ReportDialog, type MessageSafety,
  type UserAction } from '../Moderation';
import type { Message, ModerationActionName, Room, RoomKind, User } from '@community/client';

interface Props {
  roomId: string;
  kind: RoomKind;
  /** Shown until room_state names the room (a DM's title is the other participants' names). */
  title: string;
  onRoomChange: (room: Room) => void;
  onOpenRooms: () => void;
  onOpenDm: (userId: string) => void;
  /** A message to show (a search result or a mention opened this room), by seq. */
  focusSeq?: number | null;
  /** I left the room (the page goes home and reloads the room list). */
  onLeft?: () => void;
  /** Called each time the room's socket (re)opens: the server is reachable again. */
  onConnected?: () => void;
  /** Leaves a room that does not exist or is closed to the reader. */
  onClose?: () => void;
}

const MODERATORS = new Set(['owner', 'admin', 'moderator']);

/** RoomHeader, MessageList of MessageItems, TypingIndicator and MessageInput over one `useCommunityRoom`. */
export function RoomView({ roomId, kind, title, onRoomChange, onOpenRooms, onOpenDm, focusSeq = null, onLeft,
  onConnected, onClose }: Props) {
  const { me, api } = useCommunity();
  // a subscription on the tab's one stream (switching rooms unsubscribes and subscribes)
  const room = useCommunityRoom(roomId, { kind, stream: useLoungeStream() });
  const [replyTo, setReplyTo] = useState<Message | null>(null);
  const [peopleOpen, setPeopleOpen] = useState(() => window.matchMedia?.('(min-width: 1100px)').matches ?? true);
  const [pinsOpen, setPinsOpen] = useState(false);
  const [managePanel, setManagePanel] = useState<ManagePanel | null>(null);
  const [savedSettings, setSavedSettings] = useState<Room | null>(null);
  const shownRoom = withSavedSettings(room.room, savedSettings);
  const [focus, setFocus] = useState<number | null>(focusSeq);
  const [actionError, setActionError] = useState<string | null>(null);
  const [moderationOpen, setModerationOpen] = useState(false);
  /** Bumped after each moderation action taken here, so the moderation panel reads its lists again. */
  const [moderationVersion, setModerationVersion] = useState(0);
  const [reporting, setReporting] = useState<Message | null>(null);
  const [moderating, setModerating] = useState<{ user: User; action: UserAction } | null>(null);

  useEffect(() => {
    if (room.room) onRoomChange(room.room);
  }, [room.room, onRoomChange]);

  useEffect(() => {
    setReplyTo(null);
  }, [roomId]);

  const isOpen = room.status === 'open';
  useEffect(() => {
    if (isOpen) onConnected?.();
  }, [isOpen, onConnected]);

  useEffect(() => {
    setFocus(focusSeq);
  }, [focusSeq]);

  useEffect(() => {
    if (!actionError) return undefined;
    const timer = setTimeout(() => setActionError(null), 6000);
    return () => clearTimeout(timer);
  }, [actionError]);

  const { notice, clearNotice } = room;
  useEffect(() => {
    if (!notice) return undefined;
    const timer = setTimeout(clearNotice, 6000);
    return () => clearTimeout(timer);
  }, [notice, clearNotice]);

  const isModerator = me.staff || MODERATORS.has(room.room?.my_role ?? '');
  const fail = (e: unknown) => setActionError(e instanceof Error ? e.message : 'That did not work.');

  const knownUsers = useCallback((): User[] => {
    const users = new Map<string, User>();
    for (const u of room.onlineUsers) users.set(u.id, u);
    for (const m of room.messages) users.set(m.author.id, m.author);
    return [...users.values()];
  }, [room.onlineUsers, room.messages]);

  const send = (content: string) => {
    room.sendMessage(content, { replyToId: replyTo?.id ?? null, mentions: findMentions(content, knownUsers()) });
    setReplyTo(null);
  };

  // Which emoji are mine the server says (my_reactions, kept current by reactions_updated), also after a reload.
  const toggleReaction = useCallback((message: Message, emoji: string) => {
    const mine = message.my_reactions?.includes(emoji) ?? false;
    (mine ? room.unreact(message.id, emoji) : room.react(message.id, emoji)).catch(fail);
  }, [room]);

  const togglePin = useCallback((message: Message) => {
    const roomRestId = room.room?.id ?? roomId;
    (message.is_pinned ? api.unpinMessage(roomRestId, message.id) : api.pinMessage(roomRestId, message.id))
      .catch(fail);
  }, [api, room.room, roomId]);

  const unpin = useCallback((messageId: string) => {
    api.unpinMessage(room.room?.id ?? roomId, messageId).catch(fail);
  }, [api, room.room, roomId]);

  // The pins list is read again whenever a pin or unpin reaches the room (message_pinned / message_unpinned).
  const pinsVersion = useMemo(() => room.messages.filter((m) => m.is_pinned).map((m) => m.id).join(','),
    [room.messages]);

  const onDelete = useCallback((message: Message) => {
    if (window.confirm('Delete this message for everyone?')) room.deleteMessage(message.id).catch(fail);
  }, [room]);

  const onModerate = useCallback((message: Message, action: ModerationActionName) => {
    // A mute asks how long (and allows warn, ban, unmute instead); message actions go straight to the server.
    if (action === 'mute') {
      setModerating({ user: message.author, action: 'mute' });
      return;
    }
    room.moderate({ action, message_id: message.id, reason: `${action} from the Lounge` }).catch(fail);
  }, [room]);

  const safety = useMemo<MessageSafety>(() => ({
    report: setReporting,
    moderateUser: (user, action = 'warn') => setModerating({ user, action }),
    fail,
  }), []);

  // Banned: the socket closed for good (4003 banned); the room leaves my room list at once, not at its next poll.
  const bannedRoom = room.fatal?.code === 'banned' ? room.room : null;
  useEffect(() => {
    if (bannedRoom) onRoomChange({ ...bannedRoom, my_role: 'banned' });
  }, [bannedRoom, onRoomChange]);

  // A temporary mute ends by itself (the server no longer holds it after `until`): the composer opens again then,
  // without waiting for a reload.
  const [, setClock] = useState(0);
  const until = room.myRoleUntil == null ? null : Date.parse(room.myRoleUntil);
  useEffect(() => {
    if (until == null || until <= Date.now()) return undefined;
    const timer = setTimeout(() => setClock((n) => n + 1), Math.min(until - Date.now() + 50, 2_147_483_647));
    return () => clearTimeout(timer);
  }, [until]);
  const restrictionOver = until != null && until <= Date.now();
  const role = room.room?.my_role;
  const disabledReason = room.fatal ? 'This room is closed to you.'
    : role === 'muted' && !restrictionOver ? 'You are muted in this room.'
    : role === 'banned' && !restrictionOver ? 'You are banned from this room.'
    : null;
  const displayTitle = kind === 'dm' ? title : shownRoom?.name ?? title;

  const leave = useCallback(() => {
    if (!window.confirm(`Leave ${displayTitle}?`)) return;
    api.leaveRoom(room.room?.id ?? roomId).then(() => onLeft?.(), fail);
  }, [api, room.room, roomId, displayTitle, onLeft]);

  // A room the server does not know, or will not let the reader into, is said so: no header or composer for it.
  if (room.fatal && room.room == null) {
    const missing = room.fatal.code === 'not_found';
    return (
      <section className="welcome glass not-found" data-testid="room-not-found">
        <button type="button" className="icon-button only-phone" onClick={onOpenRooms} aria-label="Rooms">☰</button>
        <h2>{missing ? (kind === 'dm' ? 'No such conversation' : 'No such room') : 'This room is closed to you'}</h2>
        <p className="muted">{missing ? 'It may have been deleted, or the link is wrong.' : room.fatal.message}</p>
        {onClose ? <p><button type="button" className="button small" onClick={onClose}>Back to the Lounge</button></p> : null}
      </section>
    );
  }

  const view = (
    <section className={`room-view${peopleOpen ? ' with-people' : ''}`} data-testid="room-view">
      <RoomHeader
        room={shownRoom}
        title={displayTitle}
        isDm={kind === 'dm'}
        onlineCount={room.onlineCount}
        status={room.status}
        onOpenRooms={onOpenRooms}
        onTogglePeople={() => setPeopleOpen((open) => !open)}
        peopleOpen={peopleOpen}
        onTogglePins={() => setPinsOpen((open) => !open)}
        pinsOpen={pinsOpen}
        extra={kind === 'room' && room.room ? (
          <ManageBar myRole={room.room.my_role} open={managePanel} onLeave={leave}
            onToggle={(panel) => setManagePanel((now) => (now === panel ? null : panel))} />
        ) : null}
        onToggleModeration={isModerator && kind !== 'dm' ? () => setModerationOpen((open) => !open) : undefined}
        moderationOpen={moderationOpen}
      />
      <ConnectionBanner status={room.status} attempt={room.reconnectAttempt} fatal={room.fatal} />
      <div className="room-body">
        <div className="room-main">
          <MessageList
            messages={room.messages}
            me={me}
            isModerator={isModerator}
            hasMore={room.hasMore}
            loadingHistory={room.loadingHistory}
            synced={room.room != null}
            connected={room.isConnected}
            lastReadSeq={room.room?.last_read_seq ?? null}
            focusSeq={focus}
            onLoadOlder={room.loadOlder}
            onReadUpTo={room.markRead}
            onReply={setReplyTo}
            onToggleReaction={toggleReaction}
            onEdit={(m, content) => room.editMessage(m.id, content)}
            onDelete={onDelete}
            onModerate={onModerate}
            onTogglePin={togglePin}
            onRetry={room.retry}
            onDiscard={room.discard}
            onOpenDm={onOpenDm}
          />
          {room.notice || actionError ? (
            <div className="toast" role="alert" data-testid="notice">
              {actionError ?? room.notice?.message}
            </div>
          ) : null}
          <TypingIndicator users={room.typingUsers} />
          <MessageInput
            placeholder={`Message ${kind === 'dm' ? '' : '#'}${displayTitle}`}
            disabledReason={disabledReason}
            cooldown={room.cooldown}
            replyTo={replyTo}
            onCancelReply={() => setReplyTo(null)}
            onSend={send}
            onTyping={room.setTyping}
          />
        </div>
        {pinsOpen ? (
          <PinsPanel api={api} roomId={room.room?.id ?? roomId} version={pinsVersion} isModerator={isModerator}
            onJump={setFocus} onUnpin={unpin} />
        ) : null}
        {managePanel && room.room ? (
          <ManagePanels panel={managePanel} api={api} room={shownRoom ?? room.room} me={me} messages={room.messages}
            isModerator={isModerator} canPost={disabledReason == null}
            onReply={(threadId, content) => room.sendMessage(content, { threadId })}
            onRoomChange={(saved) => {
              setSavedSettings(saved);
              onRoomChange(saved);
            }} onModerate={(user, action) => setModerating({ user, action })} moderationVersion={moderationVersion}
            onClose={() => setManagePanel(null)} />
        ) : null}
        {moderationOpen && isModerator ? (
          <ModerationPanel api={api} roomId={room.room?.id ?? roomId} messages={room.messages} version={moderationVersion}
            onJump={setFocus} onActed={() => setModerationVersion((n) => n + 1)} />
        ) : null}
        {peopleOpen ? <OnlineUsers users={room.onlineUsers} count={room.onlineCount} meId={me.id} onOpenDm={onOpenDm} /> : null}
      </div>
      {reporting ? (
        <ReportDialog api={api} roomId={room.room?.id ?? roomId} message={reporting} onClose={() => setReporting(null)} />
      ) : null}
      {moderating ? (
        <ModerateUserDialog api={api} roomId={room.room?.id ?? roomId} user={moderating.user}
          initialAction={moderating.action} onClose={() => setModerating(null)}
          onDone={() => setModerationVersion((n) => n + 1)} />
      ) : null}
    </section>
  );
  // The safety entries of every message (report, block, act on its author) open this room's dialogs.
  return <MessageSafetyContext.Provider value={safety}>{view}</MessageSafetyContext.Provider>;
}
