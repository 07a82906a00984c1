import type { ErrorCode } from './wire.js';

/**
 * A failed REST call: the server's error code and message, the HTTP status (0 when the server was not reached,
 * with code `network`), and for 429 how long to wait (`Retry-After`, in milliseconds).
 */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: ErrorCode | 'network',
    message: string,
    readonly retryAfterMs?: number,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

/** Why a room connection stopped for good: a close code or refusal that no retry can fix. */
export interface FatalError {
  code: ErrorCode | 'banned' | 'room_deleted' | 'network';
  message: string;
}

/** A message the server refused for good (`send()` rejects with it): nothing was stored. */
export class SendError extends Error {
  constructor(
    readonly code: FatalError['code'] | 'discarded' | 'closed',
    message: string,
    readonly clientId: string,
  ) {
    super(message);
    this.name = 'SendError';
  }
}
