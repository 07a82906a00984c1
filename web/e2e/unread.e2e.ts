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
    for (let n = 1; n <= UNREAD; n++) {
      const posted = await fetch(server.url(`/community/rooms/${random}/messages/`), {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${bob}` },
        body: JSON.stringify({ content: `unread ${n}`, client_id: `unread-${n}` }),
      });
      expect(posted.status).toBe(201);
    }
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
    await alice.waitForFunction(async ([path, auth]) => {
      const answer = await fetch(path, { headers: { Authorization: auth } });
      return ((await answer.json()) as { unread_count: number }).unread_count === 0;
    }, [server.url(`/community/rooms/${random}/`), `Bearer ${aliceToken}`], { polling: 250 });
    expect(await divider.count()).toBe(1);

    await aliceContext.close();
  }, 240_000);
});
