import { describe, expect, it } from 'vitest';
import { userFromAccessToken, type AccessTokenRequest } from '../src/accessToken.js';
import { CommunityApi } from '../src/api.js';
import { ApiError } from '../src/errors.js';
import { fakeServer, response, room } from './fakes.js';

function jwt(claims: Record<string, unknown>): string {
  const b64 = (o: unknown) => btoa(String.fromCharCode(...new TextEncoder().encode(JSON.stringify(o))))
    .replace(/=+$/, '').replace(/\+/g, '-').replace(/\//g, '_');
  return `${b64({ alg: 'HS256', typ: 'JWT' })}.${b64(claims)}.signature`;
}

function api(server = fakeServer(), token = 'tok'): CommunityApi {
  return new CommunityApi({ baseUrl: 'http://chat.test/', getAccessToken: () => token, fetch: server.fetch });
}

describe('userFromAccessToken', () => {
  it('reads sub, username, staff and exp', () => {
    expect(userFromAccessToken(jwt({ sub: 'jose-nunez', username: 'José Núñez', staff: true, exp: 2_000_000_000 }))).toEqual({
      id: 'jose-nunez', username: 'José Núñez', staff: true, expiresAt: 2_000_000_000_000,
    });
    expect(userFromAccessToken(jwt({ sub: 'bob' }))).toEqual({ id: 'bob', username: 'bob', staff: false, expiresAt: null });
  });

  it.each(['', 'not-a-jwt', 'a.b', 'a.!!!.c', jwt({ username: 'no sub' }), jwt({ sub: '' }), jwt({ sub: 42 })])(
    'refuses %j', (token) => {
      expect(userFromAccessToken(token)).toBeNull();
    });
});

describe('CommunityApi', () => {
  it('turns the error body into an ApiError with Retry-After in milliseconds', async () => {
    await expect(api().getRoom('nope')).rejects.toMatchObject({ status: 404, code: 'not_found', message: 'no such endpoint' });
    const limited = new CommunityApi({
      getAccessToken: () => 't',
      fetch: async () => response(429, { error: { code: 'rate_limited', message: 'slow' } }, { 'Retry-After': '7' }),
    });
    const error = await limited.postMessage('r', { content: 'hi' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ status: 429, code: 'rate_limited', message: 'slow', retryAfterMs: 7000 });
  });

  it('says network when the server cannot be reached, and reads a body that is not JSON by its status', async () => {
    const down = new CommunityApi({ getAccessToken: () => 't', fetch: async () => { throw new TypeError('fetch failed'); } });
    await expect(down.listRooms()).rejects.toMatchObject({ status: 0, code: 'network', message: 'fetch failed' });
    const proxy = new CommunityApi({
      getAccessToken: () => 't',
      fetch: async () => ({ status: 502, ok: false, headers: { get: () => null }, text: async () => '<html>bad gateway</html>' }),
    });
    await expect(proxy.listRooms()).rejects.toMatchObject({ status: 502, code: 'internal', message: 'HTTP 502' });
  });

  it('sends the bearer token and JSON; 204 is undefined', async () => {
    const server = fakeServer({ 'PATCH /community/rooms/r/messages/m/': [200, { id: 'm' }], 'DELETE /community/rooms/r/': [204, undefined] });
    const client = api(server);
    await client.editMessage('r', 'm', 'new');
    expect(server.calls).toEqual(['PATCH /community/rooms/r/messages/m/']);
    expect(server.auth).toEqual(['Bearer tok']);
    expect(server.bodies).toEqual(['{"content":"new"}']);
    await expect(client.request('DELETE', '/community/rooms/r/')).resolves.toBeUndefined();
  });

  it('on a 401 asks for a fresh token once and tries again with it', async () => {
    const asked: AccessTokenRequest[] = [];
    const tokens = ['old', 'new'];
    let unauthorized = 0;
    const server = fakeServer({
      'GET /community/rooms/r/': () => [server.auth.at(-1) === 'Bearer new' ? 200 : 401,
        server.auth.at(-1) === 'Bearer new' ? room() : { error: { code: 'unauthorized', message: 'expired' } }],
    });
    const client = new CommunityApi({
      baseUrl: 'http://chat.test',
      fetch: server.fetch,
      onUnauthorized: () => { unauthorized += 1; },
      getAccessToken: (request) => {
        asked.push(request);
        return request.forceRefresh ? tokens[1] : tokens[0];
      },
    });
    await expect(client.getRoom('r')).resolves.toMatchObject({ name: 'general' });
    expect(asked).toEqual([{ reason: 'request', forceRefresh: false }, { reason: 'request', forceRefresh: true }]);
    expect(server.auth).toEqual(['Bearer old', 'Bearer new']);
    expect(unauthorized).toBe(0);
  });

  it('gives up when the provider has no other token, and says so once', async () => {
    let unauthorized = 0;
    const server = fakeServer({ 'POST /auth/ws-connection-token/': [401, { error: { code: 'unauthorized', message: 'expired' } }] });
    const client = new CommunityApi({
      baseUrl: 'http://chat.test', fetch: server.fetch, getAccessToken: () => 'same', onUnauthorized: () => { unauthorized += 1; },
    });
    await expect(client.connectionToken()).rejects.toMatchObject({ status: 401, code: 'unauthorized' });
    expect(server.calls).toHaveLength(1);
    expect(unauthorized).toBe(1);
  });

  it('asks for a fresh token at once when told the last one ran out', async () => {
    const asked: AccessTokenRequest[] = [];
    const client = new CommunityApi({
      baseUrl: 'http://chat.test', fetch: fakeServer().fetch, getAccessToken: (request) => { asked.push(request); return 't'; },
    });
    await expect(client.connectionToken({ forceRefresh: true })).resolves.toEqual({ connection_token: 'ct-1', expires_in: 60 });
    expect(asked).toEqual([{ reason: 'connect', forceRefresh: true }]);
  });

  it.each([
    ['http:', 'chat.example:8080', null, 'ws://chat.example:8080/ws/community/room/r1/?connection_token=t'],
    ['https:', 'chat.example', 42, 'wss://chat.example/ws/community/room/r1/?connection_token=t&since_seq=42'],
    ['https:', 'chat.example', 0, 'wss://chat.example/ws/community/room/r1/?connection_token=t'],
  ])('builds the socket URL on the page origin (%s //%s since %s)', (protocol, host, since, expected) => {
    const client = new CommunityApi({ getAccessToken: () => null });
    expect(client.socketUrl('room', 'r1', 't', since, { protocol, host })).toBe(expected);
  });

  it('builds the socket URL on the base URL, ws or wss to match it', () => {
    expect(api().socketUrl('dm', 'd 1', 'a+b', 7)).toBe('ws://chat.test/ws/community/dm/d%201/?connection_token=a%2Bb&since_seq=7');
    const secure = new CommunityApi({ baseUrl: 'https://chat.example', getAccessToken: () => null });
    expect(secure.socketUrl('room', 'r', 't')).toBe('wss://chat.example/ws/community/room/r/?connection_token=t');
    expect(() => new CommunityApi({ getAccessToken: () => null }).socketUrl('room', 'r', 't', null, undefined))
      .toThrow('baseUrl is required');
  });

  it('reads every page of a list', async () => {
    const server = fakeServer({
      'GET /community/rooms/': [200, { results: [room({ id: 'a' })], next_cursor: 'c2' }],
      'GET /community/rooms/?cursor=c2': [200, { results: [room({ id: 'b' })], next_cursor: null }],
      'GET /community/rooms/?limit=1': [200, { results: [room({ id: 'a' })], next_cursor: 'c2' }],
      'GET /community/rooms/?cursor=c2&limit=1': [200, { results: [room({ id: 'b' })], next_cursor: null }],
    });
    const client = api(server);
    expect((await client.all((page) => client.listRooms(page))).map((r) => r.id)).toEqual(['a', 'b']);
    const ids: string[] = [];
    for await (const r of client.pages((page) => client.listRooms(page), 1)) ids.push(r.id);
    expect(ids).toEqual(['a', 'b']);
  });

  // Every endpoint of docs/API.md: its method, path, query and body.
  const R = 'r-1';
  const M = 'm-1';
  it.each<[string, (c: CommunityApi) => Promise<unknown>, string, string | undefined]>([
    ['listRooms', (c) => c.listRooms({ limit: 20 }), 'GET /community/rooms/?limit=20', undefined],
    ['createRoom', (c) => c.createRoom({ name: 'Book club', visibility: 'private' }), 'POST /community/rooms/', '{"name":"Book club","visibility":"private"}'],
    ['getRoom', (c) => c.getRoom(R), `GET /community/rooms/${R}/`, undefined],
    ['updateRoom', (c) => c.updateRoom(R, { slow_mode_seconds: 5 }), `PATCH /community/rooms/${R}/`, '{"slow_mode_seconds":5}'],
    ['joinRoom', (c) => c.joinRoom(R), `POST /community/rooms/${R}/join/`, undefined],
    ['leaveRoom', (c) => c.leaveRoom(R), `POST /community/rooms/${R}/leave/`, undefined],
    ['markRead', (c) => c.markRead(R, 9), `POST /community/rooms/${R}/read/`, '{"seq":9}'],
    ['listMembers', (c) => c.listMembers(R, { cursor: 'x y' }), `GET /community/rooms/${R}/members/?cursor=x+y`, undefined],
    ['addMember', (c) => c.addMember(R, { user_id: 'bob', role: 'moderator' }), `POST /community/rooms/${R}/members/`, '{"user_id":"bob","role":"moderator"}'],
    ['setMemberRole', (c) => c.setMemberRole(R, 'bob@x', 'trusted'), `PATCH /community/rooms/${R}/members/bob%40x/`, '{"role":"trusted"}'],
    ['listMessages', (c) => c.listMessages(R, { limit: 2 }), `GET /community/rooms/${R}/messages/?limit=2`, undefined],
    ['postMessage', (c) => c.postMessage(R, { content: 'hi', client_id: 'c-1', mentions: ['bob'] }), `POST /community/rooms/${R}/messages/`, '{"content":"hi","client_id":"c-1","mentions":["bob"]}'],
    ['editMessage', (c) => c.editMessage(R, M, 'new'), `PATCH /community/rooms/${R}/messages/${M}/`, '{"content":"new"}'],
    ['deleteMessage', (c) => c.deleteMessage(R, M), `DELETE /community/rooms/${R}/messages/${M}/`, undefined],
    ['react', (c) => c.react(R, M, '👍'), `POST /community/rooms/${R}/messages/${M}/react/`, '{"emoji":"👍"}'],
    ['unreact', (c) => c.unreact(R, M, '👍'), `DELETE /community/rooms/${R}/messages/${M}/react/?emoji=%F0%9F%91%8D`, undefined],
    ['pinMessage', (c) => c.pinMessage(R, M), `POST /community/rooms/${R}/messages/${M}/pin/`, undefined],
    ['unpinMessage', (c) => c.unpinMessage(R, M), `DELETE /community/rooms/${R}/messages/${M}/pin/`, undefined],
    ['listPins', (c) => c.listPins(R), `GET /community/rooms/${R}/pins/`, undefined],
    ['search', (c) => c.search({ q: 'dune "first book"', room_id: R, limit: 5 }), `GET /community/search/?q=dune+%22first+book%22&room_id=${R}&limit=5`, undefined],
    ['listMentions', (c) => c.listMentions({ limit: 3 }), 'GET /community/mentions/?limit=3', undefined],
    ['report', (c) => c.report(R, M, 'spam'), `POST /community/rooms/${R}/messages/${M}/report/`, '{"reason":"spam"}'],
    ['report without a reason', (c) => c.report(R, M), `POST /community/rooms/${R}/messages/${M}/report/`, '{}'],
    ['listThreads', (c) => c.listThreads(R), `GET /community/rooms/${R}/threads/`, undefined],
    ['createThread', (c) => c.createThread(R, 'Dune'), `POST /community/rooms/${R}/threads/`, '{"title":"Dune"}'],
    ['listDms', (c) => c.listDms(), 'GET /community/dm/', undefined],
    ['openDm', (c) => c.openDm(['bob', 'dave']), 'POST /community/dm/', '{"participant_ids":["bob","dave"]}'],
    ['searchUsers', (c) => c.searchUsers('bo b', 5), 'GET /community/users/?q=bo+b&limit=5', undefined],
    ['getDm', (c) => c.getDm('d-1'), 'GET /community/dm/d-1/', undefined],
    ['listBlocks', (c) => c.listBlocks(), 'GET /community/block/', undefined],
    ['block', (c) => c.block('erin'), 'POST /community/block/', '{"user_id":"erin"}'],
    ['unblock', (c) => c.unblock('erin'), 'DELETE /community/block/?user_id=erin', undefined],
    ['moderate', (c) => c.moderate(R, { action: 'mute', target_user_id: 'dave', reason: 'spam', duration_seconds: 60 }), `POST /community/rooms/${R}/moderation/`, '{"action":"mute","target_user_id":"dave","reason":"spam","duration_seconds":60}'],
    ['listModerationActions', (c) => c.listModerationActions(R), `GET /community/rooms/${R}/moderation/`, undefined],
    ['listModerationQueue', (c) => c.listModerationQueue({ status: 'pending' }), 'GET /community/moderation/queue/?status=pending', undefined],
    ['reviewQueueItem', (c) => c.reviewQueueItem('q-1', 'actioned'), 'PATCH /community/moderation/queue/q-1/', '{"status":"actioned"}'],
    ['connectionToken', (c) => c.connectionToken(), 'POST /auth/ws-connection-token/', undefined],
  ])('%s', async (_, call, expected, body) => {
    const server = fakeServer({ [expected]: [200, {}] });
    await call(api(server));
    expect(server.calls).toEqual([expected]);
    expect(server.bodies).toEqual([body]);
    expect(server.auth).toEqual(['Bearer tok']);
  });
});
