/**
 * Where the page's access token comes from, and the development sign-in. The REST API, the sockets and the wire
 * types are @community/client's (clients/typescript).
 *
 * In production the host application signs the user's access JWT and hands it to the page, in one of two ways:
 * - it sets `window.COMMUNITY_ACCESS_TOKEN = "<jwt>"` in a page that loads the Lounge's script, or
 * - it redirects to `/lounge/#access_token=<jwt>` (a URL fragment never reaches a server or its logs); the page
 *   moves the token into sessionStorage and removes it from the address bar.
 * For local development only, a server started with `--web.dev_sign_in=true` lets a person pick a username.
 */
import type { CommunityApi, TokenUser, User } from '@community/client';

declare global {
  interface Window {
    COMMUNITY_ACCESS_TOKEN?: string;
  }
}

/** What the page knows about its user, read from the access JWT's claims (the server verifies them). */
export type Me = TokenUser;

export const TOKEN_STORAGE_KEY = 'community.access_token';

/**
 * The access token handed over by the host (global variable, then URL fragment), else the one kept in
 * sessionStorage from an earlier hand-over or a development sign-in. A fragment token is removed from the URL.
 */
export function takeHostToken(win: Window = window): string | null {
  if (typeof win.COMMUNITY_ACCESS_TOKEN === 'string' && win.COMMUNITY_ACCESS_TOKEN) {
    return win.COMMUNITY_ACCESS_TOKEN;
  }
  const fragment = new URLSearchParams(win.location.hash.replace(/^#/, ''));
  const fromFragment = fragment.get('access_token');
  if (fromFragment) {
    storeToken(fromFragment, win);
    fragment.delete('access_token');
    const rest = fragment.toString();
    win.history.replaceState(win.history.state, '', win.location.pathname + win.location.search + (rest ? `#${rest}` : ''));
    return fromFragment;
  }
  try {
    return win.sessionStorage.getItem(TOKEN_STORAGE_KEY);
  } catch {
    return null;
  }
}

export function storeToken(token: string | null, win: Window = window): void {
  try {
    if (token) win.sessionStorage.setItem(TOKEN_STORAGE_KEY, token);
    else win.sessionStorage.removeItem(TOKEN_STORAGE_KEY);
  } catch {
    // Storage can be disabled (private mode): the token then lives only as long as the page.
  }
}

// ---- development sign-in (a server started with web.dev_sign_in=true only) --------------------------------

export async function devSignInEnabled(api: CommunityApi): Promise<boolean> {
  try {
    const body = await api.request<{ enabled?: boolean }>('GET', '/lounge/dev-sign-in');
    return body?.enabled === true;
  } catch {
    return false;
  }
}

export function devSignIn(api: CommunityApi, username: string, staff = false): Promise<{ access_token: string; user: User }> {
  return api.request('POST', '/lounge/dev-sign-in', { body: { username, staff } });
}
