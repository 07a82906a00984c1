import { describe, expect, it } from 'vitest';
import { ApiError, dmFromWire, dmTitle, meFromToken, takeHostToken, TOKEN_STORAGE_KEY } from '../src/services/community';
import { fakeApi } from './fakes';
import { alice, bob, room } from './fixtures';

function jwt(claims: Record<string, unknown>): string {
  const b64 = (o: unknown) => btoa(String.fromCharCode(...new TextEncoder().encode(JSON.stringify(o)))).replace(/=+$/, '').replace(/\+/g, '-').replace(/\//g, '_');
  return `${b64({ alg: 'HS256', typ: 'JWT' })}.${b64(claims)}.signature`;
}

describe('meFromToken', () => {
  it('reads sub, username, staff and exp', () => {
    expect(meFromToken(jwt({ sub: 'jose-nunez', username: 'José Núñez', staff: true, exp: 2_000_000_000 }))).toEqual({
      id: 'jose-nunez', username: 'José Núñez', staff: true, expiresAt: 2_000_000_000_000,
    });
    expect(meFromToken(jwt({ sub: 'bob' }))).toEqual({ id: 'bob', username: 'bob', staff: false, expiresAt: null });
  });

  it.each(['', 'not-a-jwt', 'a.b', 'a.!!!.c', jwt({ username: 'no sub' }), jwt({ sub: '' }), jwt({ sub: 42 })])(
    'refuses %j', (token) => {
      expect(meFromToken(token)).toBeNull();
    });
});

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

describe('CommunityApi', () => {
  it('turns the contract error body into an ApiError with Retry-After in milliseconds', async () => {
    const { api } = fakeApi();
    await expect(api.getRoom('nope')).rejects.toMatchObject({ status: 404, code: 'not_found', message: 'no such endpoint' });
    const limited = new (await import('../src/services/community')).CommunityApi({
      token: () => 't',
      fetch: async () => new Response(JSON.stringify({ error: { code: 'rate_limited', message: 'slow' } }),
        { status: 429, headers: { 'Retry-After': '7' } }),
    });
    const error = await limited.postMessage('r', 'hi').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ status: 429, code: 'rate_limited', retryAfterMs: 7000 });
  });

  it('sends the bearer token and JSON, and calls onUnauthorized on a 401', async () => {
    let seen: RequestInit | undefined;
    let unauthorized = 0;
    const { CommunityApi } = await import('../src/services/community');
    const api = new CommunityApi({
      token: () => 'tok',
      onUnauthorized: () => { unauthorized += 1; },
      fetch: async (_input, init) => {
        seen = init;
        return new Response(JSON.stringify({ error: { code: 'unauthorized', message: 'expired' } }), { status: 401 });
      },
    });
    await expect(api.editMessage('r', 'm', 'new')).rejects.toMatchObject({ code: 'unauthorized' });
    expect(seen?.method).toBe('PATCH');
    expect((seen?.headers as Record<string, string>).Authorization).toBe('Bearer tok');
    expect(seen?.body).toBe('{"content":"new"}');
    expect(unauthorized).toBe(1);
  });

  it.each([
    ['http:', 'lounge.example:8080', null, 'ws://lounge.example:8080/ws/community/room/r1/?connection_token=t'],
    ['https:', 'lounge.example', 42, 'wss://lounge.example/ws/community/room/r1/?connection_token=t&since_seq=42'],
    ['https:', 'lounge.example', 0, 'wss://lounge.example/ws/community/room/r1/?connection_token=t'],
  ])('builds the socket URL on the page origin (%s //%s since %s)', (protocol, host, since, expected) => {
    const { CommunityApi } = { CommunityApi: fakeApi().api.constructor as typeof import('../src/services/community').CommunityApi };
    const api = new CommunityApi({ token: () => null });
    expect(api.socketUrl('room', 'r1', 't', since, { protocol, host } as Location)).toBe(expected);
  });

  it('reads every page of a list', async () => {
    const { api } = fakeApi({
      'GET /community/rooms/': [200, { results: [room({ id: 'a' })], next_cursor: 'c2' }],
      'GET /community/rooms/?cursor=c2': [200, { results: [room({ id: 'b' })], next_cursor: null }],
    });
    expect((await api.all((c) => api.listRooms(c))).map((r) => r.id)).toEqual(['a', 'b']);
  });
});

describe('DM threads', () => {
  it.each([
    ['nested', { id: 'd1', is_group: false, participants: [alice, bob], room: room({ id: 'd1', room_type: 'dm', name: '' }) }],
    ['flat', { ...room({ id: 'd1', room_type: 'dm', name: '' }), participants: [alice, bob] }],
  ])('are read in the %s shape and named after the others', (_, wire) => {
    const thread = dmFromWire(wire);
    expect(thread.id).toBe('d1');
    expect(thread.group).toBe(false);
    expect(dmTitle(thread, 'alice')).toBe('Bob');
  });
});
