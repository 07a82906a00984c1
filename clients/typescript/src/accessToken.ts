/**
 * Access tokens: how the client asks the host application for one, and what a JWT's claims say about its user.
 * The server verifies tokens; the client only reads the claims (for "who am I" and an expiry hint).
 */

export interface AccessTokenRequest {
  /**
   * Why the token is needed: a REST call, the connection-token exchange of a (re)connecting socket, or an open
   * socket whose token is about to run out (`refresh`, always with `forceRefresh`).
   */
  reason: 'request' | 'connect' | 'refresh';
  /**
   * True when the token the provider gave last was refused (401) or expired (close code 4401): return a fresh
   * one, or the same one (or null) to give up.
   */
  forceRefresh: boolean;
}

/**
 * Supplies the access JWT the host application issued. It is called before every REST call and every connection
 * attempt, so it can hand out a fresh token whenever the old one is about to run out.
 */
export type AccessTokenProvider = (
  request: AccessTokenRequest,
) => string | null | undefined | Promise<string | null | undefined>;

/** The user an access token speaks for, read from its claims. */
export interface TokenUser {
  id: string;
  username: string;
  staff: boolean;
  /** `exp` in epoch milliseconds; null when the token has none. */
  expiresAt: number | null;
}

/** Decodes (does not verify) a JWT's payload: null when it is not a JWT with a `sub`. */
export function userFromAccessToken(token: string): TokenUser | null {
  const parts = token.split('.');
  if (parts.length !== 3) return null;
  try {
    const base64 = parts[1].replace(/-/g, '+').replace(/_/g, '/');
    const padded = base64 + '='.repeat((4 - (base64.length % 4)) % 4);
    const json = new TextDecoder().decode(Uint8Array.from(atob(padded), (c) => c.charCodeAt(0)));
    const claims = JSON.parse(json) as Record<string, unknown>;
    if (typeof claims.sub !== 'string' || claims.sub === '') return null;
    return {
      id: claims.sub,
      username: typeof claims.username === 'string' && claims.username ? claims.username : claims.sub,
      staff: claims.staff === true,
      expiresAt: typeof claims.exp === 'number' ? claims.exp * 1000 : null,
    };
  } catch {
    return null;
  }
}
