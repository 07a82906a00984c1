import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { confirmed, launchChromium, missingPieces, newUser, send, ServerProcess, signIn } from './harness';

const missing = missingPieces();
/** More unread messages than one screen holds, so that starting at the divider is not the same as the bottom. */
const UNREAD = 40;

/** Where the row of a message (or the divider, for null) is in the message list's visible area. */
async function placeOf(page: Page, text: string | null): Promise<'above' | 'visible' | 'below' | 'absent'> {
  return page.evaluate((wanted) => {
    const scroller = document.querySelector('.message-scroller');
    const row = wanted == null ? document.querySelector('[data-testid="unread-divider"]')
      : [...document.querySelectorAll('[data-testid="message"]')]
        .find((m) => m.querySelector('[data-testid="message-content"]')?.textContent === wanted);
    if (!scroller || !row) return 'absent';
    const view = scroller.getBoundingClientRect();
    const box = row.getBoundingClientRect();
    if (box.bottom <= view.top) return 'above';
    if (box.top >= view.bottom) return 'below';
    return 'visible';
  }, text);
}

/**
 * Issue 21: opening a room with unread messages starts the reader at the "new" divider (the first message they have
 * not read), not at the bottom; reading to the bottom then marks them read.
 */
describe.skipIf(missing.length > 0)('The Lounge: a room opens at its unread messages', () => {
  let server: ServerProcess;
  let browser: Browser;

  beforeAll(async () => {
    [server, browser] = await Promise.all([
      // the second person posts more than the default 10 messages a minute
      ServerProcess.start(['--limits.rate_messages=1000', '--limits.rest_requests_per_second=1000',
        '--limits.rest_requests_burst=1000']),
      launchChromium(),
    ]);
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  async function token(username: string): Promise<string> {
    const answer = await fetch(server.url('/lounge/dev-sign-in'), {
      method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ username }),
    });
    expect(answer.status).toBe(200);
    return ((await answer.json()) as { access_token: string }).access_token;
  }

  async function post(accessToken: string, roomId: string, content: string): Promise<void> {
    const posted = await fetch(server.url(`/community/rooms/${roomId}/messages/`), {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${accessToken}` },
      body: JSON.stringify({ content, client_id: content.replace(/\W+/g, '-') }),
    });
    expect(posted.status).toBe(201);
  }

  /** Waits until the server counts this many unread messages for the user in the room (it is told by mark_read). */
  async function untilUnread(page: Page, accessToken: string, roomId: string, count: number): Promise<void> {
    await page.waitForFunction(async ([path, auth, wanted]) => {
      const answer = await fetch(path as string, { headers: { Authorization: auth as string } });
      return ((await answer.json()) as { unread_count: number }).unread_count === wanted;
    }, [server.url(`/community/rooms/${roomId}/`), `Bearer ${accessToken}`, count] as const, { polling: 250 });
  }

  async function unreadOf(accessToken: string, roomId: string): Promise<number> {
    const answer = await fetch(server.url(`/community/rooms/${roomId}/`), { headers: { Authorization: `Bearer ${accessToken}` } });
    return ((await answer.json()) as { unread_count: number }).unread_count;
  }

  it('a second person posts while the first is away: coming back, the divider shows at the first unread message', async () => {
    const { random } = server.forums;
    const aliceContext = await newUser(browser);
    const alice = await signIn(aliceContext, server, 'alice', `/lounge/${random}`);
    await send(alice, 'alice was here');

    // alice is away in another room while bob posts
    await alice.getByTestId('room-list').getByText('general', { exact: true }).click();
    await alice.locator('.room-title h2', { hasText: 'general' }).waitFor();
    await alice.locator('.status-dot.status-open').waitFor();
    const bob = await token('bob');
    for (let n = 1; n <= UNREAD; n++) await post(bob, random, `unread ${n}`);
    const randomLink = alice.getByTestId('room-list').locator('.room-link', { hasText: 'random' });
    await randomLink.getByTestId('unread-badge').getByText(String(UNREAD), { exact: true }).waitFor();
    const aliceToken = await token('alice');
    expect(await unreadOf(aliceToken, random)).toBe(UNREAD);

    await randomLink.click();
    await alice.locator('.room-title h2', { hasText: 'random' }).waitFor();
    const divider = alice.getByTestId('unread-divider');
    await divider.waitFor();
    // the divider stands before bob's first message, and it is what the reader sees; the newest is below
    const firstUnread = alice.locator('.message-row', { has: divider });
    expect(await firstUnread.getByTestId('message-content').textContent()).toBe('unread 1');
    // (the list starts at the bottom and moves to the divider: wait for it to be on screen)
    await alice.waitForFunction(() => {
      const scroller = document.querySelector('.message-scroller');
      const line = document.querySelector('[data-testid="unread-divider"]');
      if (!scroller || !line) return false;
      const view = scroller.getBoundingClientRect();
      const box = line.getBoundingClientRect();
      return box.top >= view.top - 1 && box.bottom <= view.bottom;
    });
    expect(await placeOf(alice, null)).toBe('visible');
    expect(await placeOf(alice, 'unread 1')).toBe('visible');
    expect(await placeOf(alice, `unread ${UNREAD}`)).toMatch(/^(below|absent)$/);

    // reading down to the newest marks them read; the divider stays while the room is open
    await alice.locator('.message-scroller').evaluate((el) => el.scrollTo({ top: el.scrollHeight }));
    await confirmed(alice, `unread ${UNREAD}`).waitFor();
    await untilUnread(alice, aliceToken, random, 0);
    expect(await divider.count()).toBe(1);

    await aliceContext.close();
  }, 240_000);

  it('a few unread messages that fit on the screen: the divider shows, they are read at once, and what follows is read too', async () => {
    const { random } = server.forums;
    const aliceContext = await newUser(browser);
    const alice = await signIn(aliceContext, server, 'amy', `/lounge/${random}`);
    await send(alice, 'amy was here');
    await alice.getByTestId('room-list').getByText('general', { exact: true }).click();
    await alice.locator('.room-title h2', { hasText: 'general' }).waitFor();
    const bob = await token('bob');
    for (const text of ['short one', 'short two', 'short three']) await post(bob, random, text);
    const amyToken = await token('amy');
    expect(await unreadOf(amyToken, random)).toBe(3);

    await alice.getByTestId('room-list').locator('.room-link', { hasText: 'random' }).click();
    const divider = alice.getByTestId('unread-divider');
    await divider.waitFor();
    expect(await alice.locator('.message-row', { has: divider }).getByTestId('message-content').textContent()).toBe('short one');
    await confirmed(alice, 'short three').waitFor();
    expect(await placeOf(alice, 'short three')).toBe('visible');
    // all of them on screen: read without scrolling
    await untilUnread(alice, amyToken, random, 0);

    // the reader is at the bottom: a new message follows into view and is read as it arrives
    await post(bob, random, 'short four');
    await confirmed(alice, 'short four').waitFor();
    await untilUnread(alice, amyToken, random, 0);
    expect(await placeOf(alice, 'short four')).toBe('visible');
    expect(await divider.count()).toBe(1);

    await aliceContext.close();
  }, 240_000);
});
