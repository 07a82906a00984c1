/**
 * @community/client/react — `useCommunityStream()`: the user stream (one socket for all of my rooms, the
 * recommended way) kept open while mounted, with its rooms, unread counts and presence; `useCommunityRoom(roomId)`:
 * `{messages, sendMessage, onlineUsers, isConnected}` and everything else a room view needs, over a RoomClient kept
 * open while the component is mounted — a subscription on the stream given as the `stream` option, else a socket of
 * its own. The client comes from `<CommunityProvider client={…}>` or the `client` option.
 */
import {
  createContext,
  createElement,
  useCallback,
  useContext,
  useEffect,
  useMemo,
  useState,
  useSyncExternalStore,
  type ReactNode,
} from 'react';
import type { CommunityClient } from '../client.js';
import type { RoomKind } from '../api.js';
import type { RoomClient, SendOptions } from '../room.js';
import { displayMessages, initialRoomState, type DisplayMessage, type RoomState } from '../roomState.js';
import type { StreamClient, StreamSnapshot } from '../stream.js';
import { EMPTY_STREAM } from '../streamState.js';
import type { ModerationRequest, Room, User } from '../wire.js';

export const CommunityContext = createContext<CommunityClient | null>(null);

/** Makes `client` the one `useCommunityRoom` and `useCommunityClient` use below it. */
export function CommunityProvider({ client, children }: { client: CommunityClient; children?: ReactNode }) {
  return createElement(CommunityContext.Provider, { value: client }, children);
}

export function useCommunityClient(): CommunityClient {
  const client = useContext(CommunityContext);
  if (!client) throw new Error('useCommunityClient needs a <CommunityProvider client={…}> above it');
  return client;
}

export interface UseCommunityRoomOptions {
  /** `room` (a forum or circle, the default) or `dm` (a DM thread). */
  kind?: RoomKind;
  /** The client to use instead of the CommunityProvider's. */
  client?: CommunityClient;
  /**
   * The user stream to open the room on (a subscription; switching rooms unsubscribes and subscribes) instead of a
   * socket of its own; null: a stream is coming (from `useCommunityStream`), so no room opens until it is there.
   */
  stream?: StreamClient | null;
}

/** The user stream as `useCommunityStream` keeps it: the client (null before it opens) and its state. */
export interface CommunityStream {
  stream: StreamClient | null;
  state: StreamSnapshot;
}

const noSubscription = () => () => undefined;
const noState = () => initialRoomState;
const EMPTY_SNAPSHOT: StreamSnapshot = { ...EMPTY_STREAM, status: 'connecting', reconnectAttempt: 0, fatal: null };
const noSnapshot = () => EMPTY_SNAPSHOT;

/** Keeps the user stream open while mounted and re-renders on every change of its rooms, counts or socket. */
export function useCommunityStream(options: { client?: CommunityClient } = {}): CommunityStream {
  const contextClient = useContext(CommunityContext);
  const client = options.client ?? contextClient;
  if (!client) throw new Error('useCommunityStream needs a <CommunityProvider client={…}> above it, or a client option');
  const [stream, setStream] = useState<StreamClient | null>(null);
  useEffect(() => {
    const opened = client.openStream();
    setStream(opened);
    return () => {
      opened.close();
      setStream((current) => (current === opened ? null : current));
    };
  }, [client]);
  const state = useStreamState(stream);
  return { stream, state };
}

/** The state of a stream opened elsewhere (an empty one while null), re-rendering on every change. */
export function useStreamState(stream: StreamClient | null): StreamSnapshot {
  return useSyncExternalStore(stream?.subscribe ?? noSubscription, stream?.getState ?? noSnapshot,
    stream?.getState ?? noSnapshot);
}

export interface CommunityRoom {
  /** Stored messages in seq order, each once, then mine still on their way (`pending`). */
  messages: DisplayMessage[];
  /** Sends (shown at once, resent until stored); returns its client_id, or null for blank content. */
  sendMessage: (content: string, options?: SendOptions) => string | null;
  onlineUsers: User[];
  /** How many are online: the whole number, also in a large room where `onlineUsers` lists only part of them. */
  onlineCount: number;
  isConnected: boolean;
  room: Room | null;
  status: RoomState['status'];
  reconnectAttempt: number;
  typingUsers: User[];
  hasMore: boolean;
  loadingHistory: boolean;
  loadOlder: () => void;
  setTyping: (isTyping: boolean) => void;
  markRead: (seq: number) => void;
  retry: (clientId: string) => void;
  discard: (clientId: string) => void;
  cooldown: RoomState['cooldown'];
  notice: RoomState['notice'];
  clearNotice: () => void;
  fatal: RoomState['fatal'];
  /** When my announced mute or ban ends (null: for good or not announced); `room.my_role` holds until then. */
  myRoleUntil: string | null;
  editMessage: (messageId: string, content: string) => Promise<void>;
  deleteMessage: (messageId: string) => Promise<void>;
  react: (messageId: string, emoji: string) => Promise<void>;
  unreact: (messageId: string, emoji: string) => Promise<void>;
  moderate: (request: ModerationRequest) => Promise<void>;
  /** The RoomClient underneath (null before it opens or without a room id), for `on(event)` listeners. */
  roomClient: RoomClient | null;
}


/** Keeps the room `roomId` open while mounted (none when null) and re-renders on every change. */
export function useCommunityRoom(roomId: string | null, options: UseCommunityRoomOptions = {}): CommunityRoom {
  const contextClient = useContext(CommunityContext);
  const client = options.client ?? contextClient;
  if (!client) throw new Error('useCommunityRoom needs a <CommunityProvider client={…}> above it, or a client option');
  const kind = options.kind ?? 'room';
  const [opened, setOpened] = useState<RoomClient | null>(null);

  const stream = options.stream;
  useEffect(() => {
    if (!roomId || stream === null) return undefined;
    const room = stream ? stream.openRoom(roomId) : client.openRoom(roomId, { kind });
    setOpened(room);
    return () => {
      room.close();
      setOpened((current) => (current === room ? null : current));
    };
  }, [client, stream, roomId, kind]);

  // Until the effect opened the room now asked for, the previous one (closed) must not show.
  const room = opened && opened.id === roomId && (stream || opened.kind === kind) ? opened : null;
  const state = useSyncExternalStore(room?.subscribe ?? noSubscription, room?.getState ?? noState, room?.getState ?? noState);
  const me = client.user;
  const messages = useMemo(() => displayMessages(state, me), [state, me?.id, me?.username]); // eslint-disable-line react-hooks/exhaustive-deps
  const typingUsers = useMemo(() => Object.values(state.typing), [state.typing]);

  const sendMessage = useCallback((content: string, sendOptions?: SendOptions) =>
    room ? room.sendMessage(content, sendOptions) : null, [room]);
  const loadOlder = useCallback(() => room?.loadOlder(), [room]);
  const setTyping = useCallback((isTyping: boolean) => room?.setTyping(isTyping), [room]);
  const markRead = useCallback((seq: number) => room?.markRead(seq), [room]);
  const retry = useCallback((clientId: string) => {
    // The outcome shows in the message's row; a refusal is not an error of the caller's.
    room?.retry(clientId).catch(() => undefined);
  }, [room]);
  const discard = useCallback((clientId: string) => room?.discard(clientId), [room]);
  const clearNotice = useCallback(() => room?.clearNotice(), [room]);
  const editMessage = useCallback(async (messageId: string, content: string) => {
    await room?.editMessage(messageId, content);
  }, [room]);
  const deleteMessage = useCallback(async (messageId: string) => {
    await room?.deleteMessage(messageId);
  }, [room]);
  const react = useCallback(async (messageId: string, emoji: string) => {
    await room?.react(messageId, emoji);
  }, [room]);
  const unreact = useCallback(async (messageId: string, emoji: string) => {
    await room?.unreact(messageId, emoji);
  }, [room]);
  const moderate = useCallback(async (request: ModerationRequest) => {
    await room?.moderate(request);
  }, [room]);

  return {
    messages,
    sendMessage,
    onlineUsers: state.onlineUsers,
    onlineCount: state.onlineCount,
    isConnected: state.status === 'open',
    room: state.room,
    status: state.status,
    reconnectAttempt: state.reconnectAttempt,
    typingUsers,
    hasMore: state.hasMore,
    loadingHistory: state.loadingHistory,
    loadOlder,
    setTyping,
    markRead,
    retry,
    discard,
    cooldown: state.cooldown,
    notice: state.notice,
    clearNotice,
    fatal: state.fatal,
    myRoleUntil: state.myRoleUntil,
    editMessage,
    deleteMessage,
    react,
    unreact,
    moderate,
    roomClient: room,
  };
}
