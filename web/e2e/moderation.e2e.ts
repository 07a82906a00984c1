import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { confirmed, countMessages, launchChromium, missingPieces, newUser, send, ServerProcess, signIn } from './harness';

const missing = missingPieces();
/** Three people signed in and a dozen round trips each: more than the suite's 60 s on a busy two-core machine. */
const FLOW_TIMEOUT_MS = 240_000;

/**
 * Safety and moderation in the Lounge (issue 21, part B): a member reports and blocks, a second member is
 * muted (the composer closes, then opens on unmute) and banned (the room leaves their list), and a moderator works
 * the review queue and reads the audit trail — each outcome checked in the browser and, where it helps, over REST.
 */
describe.skipIf(missing.length > 0)('The Lounge: reports, blocks, mutes, bans, the queue and the audit trail', () => {
  let server: ServerProcess;
  let browser: Browser;
  let room: string;

  beforeAll(async () => {
    [server, browser] = await Promise.all([ServerProcess.start(), launchChromium()]);
    room = server.forums.general;
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  /** An access token from the development sign-in, for REST calls a test makes beside the browsers. */
  async function token(username: string, staff = false): Promise<string> {
    const answer = await fetch(server.url('/lounge/dev-sign-in'), {
      method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ username, staff }),
    });
    expect(answer.status).toBe(200);
    return ((await answer.json()) as { access_token: string }).access_token;
  }

  async function rest(method: string, path: string, accessToken: string, body?: unknown): Promise<{ status: number; json: any }> { // eslint-disable-line @typescript-eslint/no-explicit-any
    const answer = await fetch(server.url(path), {
      method,
      headers: { Authorization: `Bearer ${accessToken}`, ...(body === undefined ? {} : { 'Content-Type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await answer.text();
    return { status: answer.status, json: text ? JSON.parse(text) : null };
  }

  async function messageAction(page: Page, text: string, label: string): Promise<void> {
    const row = confirmed(page, text);
    await row.hover();
    await row.getByLabel(label, { exact: true }).click();
  }

  it('a member reports a message, sees the answer, blocks its author (collapsed, nothing new arrives) and unblocks', async () => {
    const [aliceContext, bobContext, carolContext] = await Promise.all([newUser(browser), newUser(browser), newUser(browser)]);
    const alice = await signIn(aliceContext, server, 'alice', `/lounge/${room}`);
    const bob = await signIn(bobContext, server, 'bob', `/lounge/${room}`);
    const carol = await signIn(carolContext, server, 'carol', `/lounge/${room}`, { staff: true });

    await send(bob, 'buy cheap watches here');
    await confirmed(alice, 'buy cheap watches here').waitFor();
    await messageAction(alice, 'buy cheap watches here', 'Report');
    const dialog = alice.getByTestId('report-dialog');
    await dialog.getByLabel('spam', { exact: true }).check();
    await dialog.getByTestId('report-submit').click();
    expect(await dialog.getByTestId('report-answer').textContent()).toContain('Reported as “spam”.');
    await dialog.getByText('Done').click();
    await dialog.waitFor({ state: 'detached' });

    // the second report of the same message: the server's 409, shown as it answered
    await messageAction(alice, 'buy cheap watches here', 'Report');
    await alice.getByTestId('report-submit').click();
    const refusal = alice.getByTestId('report-error');
    await refusal.waitFor();
    expect(await refusal.textContent()).toMatch(/already/i);
    await alice.keyboard.press('Escape');
    await alice.getByTestId('report-dialog').waitFor({ state: 'detached' });

    await messageAction(alice, 'buy cheap watches here', 'Block author');
    const collapsed = alice.getByTestId('blocked-message');
    await collapsed.waitFor();
    expect(await collapsed.textContent()).toContain('Message from a blocked user');
    expect(await countMessages(alice, 'buy cheap watches here')).toBe(0);

    // from the moment of blocking nothing of bob's arrives: carol's later message does, bob's earlier one never
    await send(bob, 'are you ignoring me?');
    await send(carol, 'after bob');
    await confirmed(alice, 'after bob').waitFor();
    expect(await countMessages(alice, 'are you ignoring me?')).toBe(0);
    const listed = await rest('GET', '/community/block/', await token('alice'));
    expect(listed.json.results.map((b: { user: { id: string } }) => b.user.id)).toEqual(['bob']);

    await alice.getByTestId('blocked-users-button').click();
    const blockedList = alice.getByTestId('blocked-users');
    expect(await blockedList.getByTestId('blocked-user').count()).toBe(1);
    expect(await blockedList.getByTestId('blocked-user').textContent()).toContain('bob');
    await blockedList.getByLabel('Unblock bob').click();
    await blockedList.getByText('You block nobody.').waitFor();
    await alice.keyboard.press('Escape');
    await confirmed(alice, 'buy cheap watches here').waitFor();
    expect(await alice.getByTestId('blocked-message').count()).toBe(0);
    expect((await rest('GET', '/community/block/', await token('alice'))).json.results).toEqual([]);

    await Promise.all([aliceContext.close(), bobContext.close(), carolContext.close()]);
  }, FLOW_TIMEOUT_MS);

  it('a moderator works the review queue: three reports queue a message, resolving it records the review', async () => {
    const [aliceContext, bobContext, carolContext] = await Promise.all([newUser(browser), newUser(browser), newUser(browser)]);
    const alice = await signIn(aliceContext, server, 'alice', `/lounge/${room}`);
    const bob = await signIn(bobContext, server, 'bob', `/lounge/${room}`);
    const carol = await signIn(carolContext, server, 'carol', `/lounge/${room}`, { staff: true });

    await send(alice, 'win a free cruise, click now');
    await confirmed(bob, 'win a free cruise, click now').waitFor();
    await messageAction(bob, 'win a free cruise, click now', 'Report');
    await bob.getByTestId('report-submit').click();
    await bob.getByTestId('report-answer').waitFor();
    // two more people report it over REST: the third distinct report queues it
    const messageId = (await rest('GET', `/community/rooms/${room}/messages/?limit=5`, await token('bob')))
      .json.results.find((m: { content: string }) => m.content === 'win a free cruise, click now').id;
    for (const reporter of ['dave', 'erin']) {
      const reported = await rest('POST', `/community/rooms/${room}/messages/${messageId}/report/`, await token(reporter),
        { reason: 'spam' });
      expect(reported.status).toBe(201);
    }

    await confirmed(carol, 'win a free cruise, click now').waitFor();
    await carol.getByTestId('moderation-toggle').click();
    const panel = carol.getByTestId('moderation-panel');
    const item = panel.getByTestId('queue-item');
    await item.waitFor();
    expect(await item.count()).toBe(1);
    expect(await item.textContent()).toContain('win a free cruise, click now');
    expect(await item.getAttribute('data-status')).toBe('pending');
    await item.getByText('Resolve', { exact: true }).click();
    await panel.locator('[data-testid="queue-item"][data-status="actioned"]').waitFor();
    expect(await panel.getByTestId('queue-status-tag').textContent()).toBe('resolved by carol');

    const carolToken = await token('carol', true);
    expect((await rest('GET', '/community/moderation/queue/?status=pending', carolToken)).json.results).toEqual([]);
    const actioned = (await rest('GET', '/community/moderation/queue/?status=actioned', carolToken)).json.results;
    expect(actioned.map((i: { message_id: string; reviewed_by: string }) => [i.message_id, i.reviewed_by]))
      .toEqual([[messageId, 'carol']]);

    // the audit trail shows the community flag that queued it
    await panel.getByTestId('moderation-tab-audit').click();
    await panel.locator('[data-testid="audit-entry"][data-action="flag"]').waitFor();

    await Promise.all([aliceContext.close(), bobContext.close(), carolContext.close()]);
  }, FLOW_TIMEOUT_MS);

  it('a moderator mutes, unmutes, bans and unbans from the member list, in the same dialog as from a message', async () => {
    const [hankContext, carolContext] = await Promise.all([newUser(browser), newUser(browser)]);
    const hank = await signIn(hankContext, server, 'hank', `/lounge/${room}`);
    const carol = await signIn(carolContext, server, 'carol', `/lounge/${room}`, { staff: true });
    // a member sees roles, not moderation
    await hank.getByTestId('members-toggle').click();
    await hank.getByTestId('members-panel').locator('[data-testid="member"]', { hasText: 'carol' }).waitFor();
    expect(await hank.getByTestId('members-panel').getByTestId('member-mute').count()).toBe(0);

    await carol.getByTestId('members-toggle').click();
    const panel = carol.getByTestId('members-panel');
    const hankRow = panel.locator('[data-testid="member"]', { hasText: 'hank' });
    await hankRow.getByLabel('Mute hank').click();
    const dialog = carol.getByTestId('moderate-dialog');
    expect(await dialog.getByLabel('Mute', { exact: true }).isChecked()).toBe(true);
    await dialog.getByTestId('moderation-duration').selectOption({ label: '10 minutes' });
    await dialog.getByTestId('moderation-submit').click();
    expect(await dialog.getByTestId('moderation-outcome').textContent()).toBe('Muted hank for 10 minutes.');
    await carol.keyboard.press('Escape');
    await hank.locator('[data-testid="message-input"]:disabled').waitFor();
    // the list was read again: hank is muted, with Unmute offered
    await hankRow.getByText('muted', { exact: true }).waitFor();

    await hankRow.getByLabel('Unmute hank').click();
    expect(await dialog.getByLabel('Unmute', { exact: true }).isChecked()).toBe(true);
    expect(await dialog.getByTestId('moderation-duration').count()).toBe(0);
    await dialog.getByTestId('moderation-submit').click();
    expect(await dialog.getByTestId('moderation-outcome').textContent()).toBe('Unmuted hank.');
    await carol.keyboard.press('Escape');
    await hank.locator('[data-testid="message-input"]:enabled').waitFor();
    await hankRow.getByLabel('Mute hank').waitFor();

    await hankRow.getByLabel('Ban hank').click();
    expect(await dialog.getByLabel('Ban', { exact: true }).isChecked()).toBe(true);
    await dialog.getByTestId('moderation-duration').selectOption({ label: '1 week' });
    await dialog.getByTestId('moderation-submit').click();
    expect(await dialog.getByTestId('moderation-outcome').textContent()).toBe('Banned hank for 1 week.');
    await carol.keyboard.press('Escape');
    await hank.getByTestId('fatal-banner').waitFor();
    await hankRow.getByText('banned', { exact: true }).waitFor();

    await hankRow.getByLabel('Unban hank').click();
    await dialog.getByTestId('moderation-submit').click();
    expect(await dialog.getByTestId('moderation-outcome').textContent()).toBe('Unbanned hank.');
    await carol.keyboard.press('Escape');
    // unbanned is no member until they come back: the list no longer has him
    await hankRow.waitFor({ state: 'detached' });
    expect((await rest('GET', `/community/rooms/${room}/`, await token('hank'))).status).toBe(200);

    await Promise.all([hankContext.close(), carolContext.close()]);
  }, FLOW_TIMEOUT_MS);

  it('a moderator mutes with a duration (composer closed), unmutes (open again), bans (room gone) and the audit shows it', async () => {
    const [aliceContext, bobContext, carolContext] = await Promise.all([newUser(browser), newUser(browser), newUser(browser)]);
    const alice = await signIn(aliceContext, server, 'alice', `/lounge/${room}`);
    const bob = await signIn(bobContext, server, 'bob', `/lounge/${room}`);
    const carol = await signIn(carolContext, server, 'carol', `/lounge/${room}`, { staff: true });
    // a member sees no moderation entry points
    expect(await alice.getByTestId('moderation-toggle').count()).toBe(0);

    await send(bob, 'LOUD NOISES');
    await confirmed(carol, 'LOUD NOISES').waitFor();
    await messageAction(carol, 'LOUD NOISES', 'Mute author');
    const dialog = carol.getByTestId('moderate-dialog');
    expect(await dialog.getByLabel('Mute', { exact: true }).isChecked()).toBe(true);
    await dialog.getByTestId('moderation-duration').selectOption({ label: '1 hour' });
    await dialog.getByTestId('moderation-reason').fill('shouting');
    await dialog.getByTestId('moderation-submit').click();
    expect(await dialog.getByTestId('moderation-outcome').textContent()).toBe('Muted bob for 1 hour.');
    await carol.keyboard.press('Escape');

    const bobInput = bob.getByTestId('message-input');
    await bob.locator('[data-testid="message-input"]:disabled').waitFor();
    expect(await bobInput.getAttribute('placeholder')).toBe('You are muted in this room.');

    await carol.getByTestId('moderation-toggle').click();
    const panel = carol.getByTestId('moderation-panel');
    await panel.getByTestId('moderation-tab-restricted').click();
    const muted = panel.getByTestId('restricted-member');
    await muted.waitFor();
    expect(await muted.textContent()).toContain('bob');
    expect(await muted.textContent()).toContain('muted · until');
    await muted.getByText('Unmute', { exact: true }).click();
    await panel.getByText('Nobody is muted or banned.').waitFor();
    await bob.locator('[data-testid="message-input"]:enabled').waitFor();
    await send(bob, 'sorry, quieter now');
    await confirmed(carol, 'sorry, quieter now').waitFor();

    await messageAction(carol, 'sorry, quieter now', 'Moderate author');
    const banDialog = carol.getByTestId('moderate-dialog');
    await banDialog.getByLabel('Ban', { exact: true }).check();
    await banDialog.getByTestId('moderation-duration').selectOption({ label: '1 day' });
    await banDialog.getByTestId('moderation-submit').click();
    expect(await banDialog.getByTestId('moderation-outcome').textContent()).toBe('Banned bob for 1 day.');
    await carol.keyboard.press('Escape');

    // bob: the socket closed for good and the room left the sidebar
    await bob.getByTestId('fatal-banner').waitFor();
    await bob.getByTestId('room-list').getByText('general', { exact: true }).waitFor({ state: 'detached' });
    expect(await bob.locator('[data-testid="message-input"]:disabled').count()).toBe(1);
    const bobRoom = await rest('GET', `/community/rooms/${room}/`, await token('bob'));
    expect(bobRoom.status).toBe(403);

    // the panel's lists were read again after the ban; the audit trail has each step, newest first
    await panel.locator('[data-testid="restricted-member"]', { hasText: 'banned' }).waitFor();
    await panel.getByTestId('moderation-tab-audit').click();
    await panel.getByTestId('audit-entry').first().waitFor();
    const rows = (await panel.getByTestId('audit-entry').allTextContents()).slice(0, 3);
    expect(rows[0]).toContain('carol banned bob (1 day)');
    expect(rows[1]).toContain('carol unmuted bob');
    expect(rows[2]).toContain('carol muted bob (1 hour)');
    expect(rows[2]).toContain('“shouting”');

    await panel.getByTestId('moderation-tab-restricted').click();
    await panel.getByTestId('restricted-member').getByText('Unban', { exact: true }).click();
    await panel.getByText('Nobody is muted or banned.').waitFor();
    expect((await rest('GET', `/community/rooms/${room}/`, await token('bob'))).status).toBe(200);

    await Promise.all([aliceContext.close(), bobContext.close(), carolContext.close()]);
  }, FLOW_TIMEOUT_MS);

  it('two members and a moderator through a server restart: the mute holds, the moderator lifts it after, every message once', async () => {
    const random = server.forums.random;
    const [aliceContext, bobContext, carolContext] = await Promise.all([newUser(browser), newUser(browser), newUser(browser)]);
    const alice = await signIn(aliceContext, server, 'ivy', `/lounge/${random}`);
    const bob = await signIn(bobContext, server, 'jack', `/lounge/${random}`);
    const carol = await signIn(carolContext, server, 'carol', `/lounge/${random}`, { staff: true });

    await send(bob, 'jack speaks before the restart');
    await confirmed(carol, 'jack speaks before the restart').waitFor();
    await messageAction(carol, 'jack speaks before the restart', 'Mute author');
    const dialog = carol.getByTestId('moderate-dialog');
    await dialog.getByTestId('moderation-duration').selectOption({ label: '1 hour' });
    await dialog.getByTestId('moderation-submit').click();
    expect(await dialog.getByTestId('moderation-outcome').textContent()).toBe('Muted jack for 1 hour.');
    await carol.keyboard.press('Escape');
    await bob.locator('[data-testid="message-input"]:disabled').waitFor();

    await server.stop();
    for (const page of [alice, bob, carol]) await page.getByTestId('reconnecting-banner').waitFor();
    await send(alice, 'ivy writes while the server is down', { acked: false });
    await server.start();
    for (const page of [alice, bob, carol]) {
      await page.getByTestId('reconnecting-banner').waitFor({ state: 'detached', timeout: 60_000 });
    }

    // the mute was stored, not held by the old process: jack's composer is still closed after the restart
    await bob.locator('[data-testid="message-input"]:disabled').waitFor();
    expect(await bob.getByTestId('message-input').getAttribute('placeholder')).toBe('You are muted in this room.');

    // the moderator lifts it from the moderation panel of the restarted server
    await carol.getByTestId('moderation-toggle').click();
    const panel = carol.getByTestId('moderation-panel');
    await panel.getByTestId('moderation-tab-restricted').click();
    const muted = panel.locator('[data-testid="restricted-member"]', { hasText: 'jack' });
    await muted.getByText('Unmute', { exact: true }).click();
    await muted.waitFor({ state: 'detached' });
    await bob.locator('[data-testid="message-input"]:enabled').waitFor();
    await send(bob, 'jack is back after the restart');

    for (const page of [alice, bob, carol]) {
      for (const text of ['jack speaks before the restart', 'ivy writes while the server is down', 'jack is back after the restart']) {
        await confirmed(page, text).waitFor();
        expect(await countMessages(page, text)).toBe(1);
      }
      expect(await page.locator('[data-pending]').count()).toBe(0);
    }

    await Promise.all([aliceContext.close(), bobContext.close(), carolContext.close()]);
  }, FLOW_TIMEOUT_MS);
});
