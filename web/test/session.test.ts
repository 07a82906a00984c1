import { describe, expect, it } from 'vitest';
import { CommunityApi } from '@community/client';
import { devSignIn, devSignInEnabled, takeHostToken, TOKEN_STORAGE_KEY } from '../src/services/session';
import { dmTitle } from '../src/lib/dm';
import { alice, bob, room } from './fixtures';

describe('takeHostToken', () => {
  it('prefers the global the host page set', () => {
    window.COMMUNITY_ACCESS_TOKEN = 'from-host';
    expect(takeHostToken()).toBe('from-host');
    delete window.COMMUNITY_ACCESS_TOKEN;
  });

  it('moves a fragment token into sessionStorage and out of the address bar', () => {
    window.history.replaceState(null, '', '/lounge/general?x=1#access_token=abc.def.ghi&other=1');
    expect(takeHostToken()).toBe('abc.def.ghi');
    expect(window.location.hash).toBe('#other=1');
    expect(window.location.pathname + window.location.search).toBe('/lounge/general?x=1');
    expect(sessionStorage.getItem(TOKEN_STORAGE_KEY)).toBe('abc.def.ghi');
    window.history.replaceState(null, '', '/lounge/');
    expect(takeHostToken()).toBe('abc.def.ghi');
    sessionStorage.clear();
    expect(takeHostToken()).toBeNull();
  });
});

describe('development sign-in', () => {
  it('asks whether it is on, and signs in with a username', async () => {
    const calls: string[] = [];
    const api = new CommunityApi({
      getAccessToken: () => null,
      fetch: async (url, init) => {
        calls.push(`${init.method} ${url} ${init.body ?? ''}`);
        const body = init.method === 'GET' ? { enabled: true } : { access_token: 'jwt', user: alice };
        return new Response(JSON.stringify(body), { status: 200 });
      },
    });
    expect(await devSignInEnabled(api)).toBe(true);
    expect(await devSignIn(api, 'alice', true)).toEqual({ access_token: 'jwt', user: alice });
    expect(calls).toEqual(['GET /lounge/dev-sign-in ', 'POST /lounge/dev-sign-in {"username":"alice","staff":true}']);
  });

  it('is off when the server does not know it', async () => {
    const api = new CommunityApi({ getAccessToken: () => null, fetch: async () => new Response('', { status: 404 }) });
    expect(await devSignInEnabled(api)).toBe(false);
  });
});

describe('DM threads', () => {
  it('are named after the others', () => {
    const thread = { id: 'd1', is_group: false, participants: [alice, bob], room: room({ id: 'd1', room_type: 'dm', name: '' }) };
    expect(dmTitle(thread, 'alice')).toBe('Bob');
    expect(dmTitle({ ...thread, participants: [alice] }, 'alice')).toBe('Direct message');
  });
});
