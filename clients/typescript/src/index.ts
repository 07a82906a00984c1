/**
 * @community/client — a TypeScript client for the community messaging server: the REST API, connection tokens,
 * the user stream (one socket for all of a user's rooms) and room sockets, both of which reconnect, resume with
 * since_seq and resend until acknowledged, typed events and presence.
 * No framework; the React hook is in `@community/client/react`.
 */
export { CommunityClient, type CommunityClientOptions, type WebSocketConstructor } from './client.js';
export {
  RoomClient,
  HISTORY_PAGE,
  TYPING_REFRESH_MS,
  type SendOptions,
  type RoomClientOptions,
  type RoomFrame,
  type RoomTransport,
  type RoomTransportHandlers,
} from './room.js';
export { StreamClient, type StreamClientOptions, type StreamSnapshot } from './stream.js';
export {
  CommunityApi,
  type ApiOptions,
  type FetchLike,
  type HttpMethod,
  type HttpRequestInit,
  type HttpResponseLike,
  type QueryParams,
  type RequestOptions,
  type RoomKind,
} from './api.js';
export {
  KeptSocket,
  RoomConnection,
  PING_INTERVAL_MS,
  SOCKET_OPEN,
  type KeptSocketOptions,
  type RoomConnectionOptions,
  type SocketEndpoint,
  type SocketFactory,
  type SocketLike,
} from './connection.js';
export { backoffDelay, DEFAULT_BACKOFF, type BackoffOptions } from './backoff.js';
export { ApiError, SendError, type FatalError } from './errors.js';
export {
  userFromAccessToken,
  type AccessTokenProvider,
  type AccessTokenRequest,
  type TokenUser,
} from './accessToken.js';
export { newClientId } from './clientId.js';
export {
  displayMessages,
  initialRoomState,
  MAX_AUTOMATIC_ATTEMPTS,
  mergeMessages,
  nextRetryAt,
  roomReducer,
  type ConnectionStatus,
  type Cooldown,
  type DisplayMessage,
  type OutgoingMessage,
  type RoomAction,
  type RoomState,
} from './roomState.js';
export {
  applyStreamEvent,
  EMPTY_STREAM,
  MAX_PENDING_MENTIONS,
  readLocally,
  resumeFrames,
  subscribing,
  unreadTotals,
  type StreamRoom,
  type StreamState,
} from './streamState.js';
export * from './wire.js';
