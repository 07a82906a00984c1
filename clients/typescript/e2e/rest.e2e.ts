/**
 * Every REST call of the client against the real server (the order of docs/API.md), each answer checked field by
 * field against the TypeScript types, and the errors the contract names turned into ApiError.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CommunityApi } from '../src/api.js';
import { ApiError } from '../src/errors.js';
import type { Message, Page, Room } from '../src/wire.js';
import { REST_FIELDS, ROOM_FIELDS, shapeProblems, USER_FIELDS } from '../test/wireShapes.js';
import { messageProblems } from './wire.js';
import { accessToken, missingPieces, ServerProcess } from './server.js';

const missing = missingPieces();

type Shape = { required: readonly string[]; optional?: readonly string[] };

function expectShape(value: unknown, shape: Shape): void {
  expect(shapeProblems(value as Record<string, unknown>, shape)).toEqual([]);
}

function expectRoom(room: Room): void {
  expectShape(room, ROOM_FIELDS);
}

function expectMessage(message: Message): void {
  expect(messageProblems(message)).toEqual([]);
}

function expectPage<T>(page: Page<T>, check: (item: T) => void): void {
  expect(Object.keys(page).sort()).toEqual(['next_cursor', 'results']);
  expect(page.results.length).toBeGreaterThan(0);
  page.results.forEach(check);
}

async function refusal(call: Promise<unknown>): Promise<Pick<ApiError, 'status' | 'code'>> {
  const error = await call.then(() => null, (e: unknown) => e);
  expect(error).toBeInstanceOf(ApiError);
  const { status, code } = error as ApiError;
  return { status, code };
}

describe.skipIf(missing.length > 0)('the REST API against the real server', () => {
  let server: ServerProcess;
  const as = (user: string, staff = false) => new CommunityApi({
    baseUrl: server.baseUrl,
    getAccessToken: () => accessToken(user, { staff }),
  });

  beforeAll(async () => {
    server = await ServerProcess.start(['--limits.rate_messages=1000']);
  });

  afterAll(async () => {
    await server?.close();
  });

  it('rooms, members, messages, threads, DMs, blocks, reports and moderation', async () => {
    const alice = as('alice');
    const bob = as('bob');
    const dave = as('dave');
    const erin = as('erin');
    const carol = as('carol', true);

    // Rooms
    expect(await refusal(alice.createRoom({ name: 'Book club' }))).toEqual({ status: 403, code: 'trust_required' });
    const room = await carol.createRoom({ name: 'Book club', description: 'Monthly reads' });
    expectRoom(room);
    expect(room).toMatchObject({ slug: 'book-club', room_type: 'forum', visibility: 'public', my_role: 'owner' });
    const circle = await carol.createRoom({ name: 'Moderators', room_type: 'circle', visibility: 'private' });
    expect(await refusal(alice.getRoom(circle.id))).toEqual({ status: 403, code: 'forbidden' });
    expect(await refusal(alice.getRoom('not-a-room'))).toEqual({ status: 404, code: 'not_found' });
    expectPage(await alice.listRooms({ limit: 20 }), expectRoom);
    expect(await carol.updateRoom(room.id, { description: 'One book a month' })).toMatchObject({ description: 'One book a month' });
    expect(await refusal(alice.updateRoom(room.id, { name: 'Mine' }))).toEqual({ status: 403, code: 'forbidden' });
    expect(await alice.joinRoom(room.id)).toMatchObject({ id: room.id, my_role: 'member' });
    await bob.joinRoom(room.id);
    await dave.joinRoom(room.id);
    await expect(dave.leaveRoom(room.id)).resolves.toBeUndefined();
    await dave.joinRoom(room.id);
    const marker = await bob.markRead(room.id, 0);
    expectShape(marker, REST_FIELDS.readMarker);

    // Members
    expectPage(await alice.listMembers(room.id), (m) => {
      expectShape(m, REST_FIELDS.member);
      expectShape(m.user, USER_FIELDS);
    });
    expect(await carol.addMember(circle.id, { user_id: 'alice', role: 'moderator' })).toMatchObject({ role: 'moderator' });
    expect(await carol.setMemberRole(room.id, 'bob', 'trusted')).toMatchObject({ user: { id: 'bob' }, role: 'trusted' });

    // Messages
    const posted = await alice.postMessage(room.id, { content: 'Has anyone read Dune?', client_id: 'c-1', mentions: ['bob'] });
    expectMessage(posted);
    expect(posted).toMatchObject({ content: 'Has anyone read Dune?', mentions: ['bob'], author: { id: 'alice' } });
    expect(await alice.postMessage(room.id, { content: 'Has anyone read Dune?', client_id: 'c-1' })).toEqual(posted);
    expectPage(await alice.listMessages(room.id, { limit: 2 }), expectMessage);
    const edited = await alice.editMessage(room.id, posted.id, 'Has anyone read Dune? The first one.');
    expect(edited.edited_at).not.toBeNull();
    expect(await refusal(bob.editMessage(room.id, posted.id, 'hijacked'))).toEqual({ status: 403, code: 'forbidden' });
    const oops = await alice.postMessage(room.id, { content: 'wrong room, sorry' });
    await expect(alice.deleteMessage(room.id, oops.id)).resolves.toBeUndefined();
    expect(await bob.react(room.id, posted.id, '👍')).toEqual({ reaction_counts: { '👍': 1 } });
    expect(await bob.unreact(room.id, posted.id, '👍')).toEqual({ reaction_counts: {} });
    const spam = await dave.postMessage(room.id, { content: 'cheap watches, click here' });
    const report = await alice.report(room.id, spam.id, 'spam');
    expectShape(report, REST_FIELDS.report);
    expect(await refusal(alice.report(room.id, spam.id, 'spam'))).toEqual({ status: 409, code: 'conflict' });
    await bob.report(room.id, spam.id);
    await erin.report(room.id, spam.id);

    // Threads
    const thread = await alice.createThread(room.id, 'Dune, part one');
    expectShape(thread, REST_FIELDS.thread);
    const inThread = await bob.postMessage(room.id, { content: 'Loved the worldbuilding', thread_id: thread.id });
    expect(inThread.thread_id).toBe(thread.id);
    expectPage(await alice.listThreads(room.id), (t) => expectShape(t, REST_FIELDS.thread));

    // Direct messages, with people found by the picker's search (1.9); someone never seen is 404
    expect((await alice.searchUsers('BO')).results).toContainEqual({ id: 'bob', username: expect.any(String) });
    expect(await refusal(alice.openDm(['nobody-ever-seen']))).toEqual({ status: 404, code: 'not_found' });
    const dm = await alice.openDm(['bob']);
    expectShape(dm, REST_FIELDS.dmThread);
    expectRoom(dm.room);
    expect(dm).toMatchObject({ is_group: false, room: { room_type: 'dm' } });
    expect((await bob.openDm(['alice'])).id).toBe(dm.id);
    await bob.postMessage(dm.id, { content: 'hi alice' });
    expectPage(await alice.listDms(), (d) => expectShape(d, REST_FIELDS.dmThread));
    expect((await alice.getDm(dm.id)).participants.map((p) => p.id).sort()).toEqual(['alice', 'bob']);
    expect(await refusal(erin.getDm(dm.id))).toEqual({ status: 403, code: 'forbidden' });
    expect((await alice.openDm(['bob', 'dave'])).is_group).toBe(true);

    // Blocking
    const block = await alice.block('erin');
    expectShape(block, REST_FIELDS.blockedUser);
    expectPage(await alice.listBlocks(), (b) => expectShape(b, REST_FIELDS.blockedUser));
    expect(await refusal(erin.openDm(['alice']))).toEqual({ status: 403, code: 'blocked' });
    await expect(alice.unblock('erin')).resolves.toBeUndefined();

    // Moderation
    const mute = await carol.moderate(room.id, { action: 'mute', target_user_id: 'dave', reason: 'spam', duration_seconds: 60 });
    expectShape(mute, REST_FIELDS.moderationAction);
    expect(mute).toMatchObject({ action: 'mute', source: 'admin', moderator_id: 'carol', target_user_id: 'dave', duration_seconds: 60 });
    expect(await refusal(dave.postMessage(room.id, { content: 'let me speak' }))).toEqual({ status: 403, code: 'muted' });
    await carol.moderate(room.id, { action: 'hide', message_id: spam.id, reason: 'spam' });
    expect((await alice.listMessages(room.id)).results.find((m) => m.id === spam.id)).toMatchObject({ content: '', is_hidden: true });
    await carol.moderate(room.id, { action: 'lock', thread_id: thread.id, reason: 'finished' });
    expect(await refusal(bob.postMessage(room.id, { content: 'one more', thread_id: thread.id })))
      .toEqual({ status: 403, code: 'thread_locked' });
    expect(await refusal(bob.moderate(room.id, { action: 'warn', target_user_id: 'alice', reason: 'no' })))
      .toEqual({ status: 403, code: 'forbidden' });
    expectPage(await carol.listModerationActions(room.id), (a) => expectShape(a, REST_FIELDS.moderationAction));
    const queue = await carol.listModerationQueue({ status: 'pending' });
    expectPage(queue, (item) => expectShape(item, REST_FIELDS.moderationQueueItem));
    const item = queue.results.find((i) => i.message_id === spam.id)!;
    expect(item).toMatchObject({ report_count: 3, status: 'pending' });
    expect(await carol.reviewQueueItem(item.id, 'actioned')).toMatchObject({ status: 'actioned', reviewed_by: 'carol' });

    // Connections
    const token = await alice.connectionToken();
    expectShape(token, REST_FIELDS.connectionToken);
    expect(token.expires_in).toBe(60);
  });

  it('pages lists with opaque cursors', async () => {
    const carol = as('carol', true);
    const { id } = await carol.createRoom({ name: 'Pages' });
    for (let i = 1; i <= 5; i++) await carol.postMessage(id, { content: `page ${i}` });
    const seen: string[] = [];
    for await (const message of carol.pages((page) => carol.listMessages(id, page), 2)) seen.push(message.content);
    expect(seen).toEqual(['page 5', 'page 4', 'page 3', 'page 2', 'page 1']);
    const first = await carol.listMessages(id, { limit: 2 });
    expect(first.next_cursor).not.toBeNull();
    expect(await refusal(carol.listMessages(id, { cursor: 'not-a-cursor' }))).toEqual({ status: 400, code: 'invalid_payload' });
  });

  it('a refused access token is 401 unauthorized', async () => {
    const stranger = new CommunityApi({ baseUrl: server.baseUrl, getAccessToken: () => 'not.a.jwt' });
    expect(await refusal(stranger.listRooms())).toEqual({ status: 401, code: 'unauthorized' });
  });
});
