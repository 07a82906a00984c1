/**
 * The Lounge on the user stream, in Chromium: one WebSocket per tab, badges of other rooms live (no reload, no
 * polling), the tab title's unread count, a DM another person opens appearing live, a desktop notification on a
 * mention once allowed, and resume after a server restart with every message once.
 */
import { describe, expect, it } from 'vitest';
import type { BrowserContext, Page } from 'playwright-core';
import {
  confirmed,
  countMessages,
  holdReconnection,
  missingPieces,
  newUser,
  send,
  ServerProcess,
  serverAndBrowser,
  signIn,
  subscribesSent,
} from './harness';

const missing = missingPieces();

declare global {
  interface Window {
    __sockets?: WebSocket[];
    __notifications?: { title: string; body?: string; tag?: string }[];
  }
}

/**
 * Counts the page's WebSockets and records its desktop notifications: a page script sees only what the page
 * itself does, as the test needs.
 */
async function instrument(context: BrowserContext): Promise<void> {
  await context.addInitScript(() => {
    const NativeSocket = window.WebSocket;
    window.__sockets = [];
    window.WebSocket = class extends NativeSocket {
      constructor(url: string | URL, protocols?: string | string[]) {
        super(url, protocols);
        window.__sockets!.push(this);
      }
    } as typeof WebSocket;
    window.__notifications = [];
    class RecordedNotification {
      static permission: NotificationPermission = 'default';
      static requestPermission(): Promise<NotificationPermission> {
        RecordedNotification.permission = 'granted';
        return Promise.resolve('granted');
      }
      onclick: (() => void) | null = null;
      constructor(title: string, options: NotificationOptions = {}) {
        window.__notifications!.push({ title, body: options.body, tag: options.tag });
      }
      close(): void {}
    }
    (window as unknown as { Notification: unknown }).Notification = RecordedNotification;
  });
}

/** The page's open WebSockets (CONNECTING or OPEN) and how many it ever opened. */
async function sockets(page: Page): Promise<{ open: number; urls: string[] }> {
  return page.evaluate(() => ({
    open: window.__sockets!.filter((s) => s.readyState <= 1).length,
    urls: window.__sockets!.map((s) => s.url.replace(/connection_token=[^&]+/, 'connection_token=…')),
  }));
}

/** The sidebar entry of a room or DM by its label. */
function entry(page: Page, label: string) {
  return page.getByTestId('room-list').locator('.room-entry', { has: page.locator('.room-name', { hasText: label }) });
}

/** A REST call as `user` (a development sign-in's token). */
async function asUser(server: ServerProcess, user: string) {
  const signedIn = await fetch(server.url('/lounge/dev-sign-in'), {
    method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ username: user }),
  });
  const { access_token: token } = await signedIn.json() as { access_token: string };
  return async (method: string, path: string, body?: unknown) => {
    const response = await fetch(server.url(path), {
      method,
      headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    expect(response.status, `${method} ${path}`).toBeLessThan(300);
    return response.status === 204 ? null : response.json() as Promise<Record<string, unknown>>;
  };
}

describe.skipIf(missing.length > 0)('The Lounge on the user stream', () => {
  const suite = serverAndBrowser();

  it('badges, the title, a new DM and a notification arrive live on one socket, without polling', async () => {
    const bob = await asUser(suite.server, 'bob');
    const context = await newUser(suite.browser);
    await instrument(context);
    // carol is a member of random (her first post joined her) but looks at general
    const carolRest = await asUser(suite.server, 'carol');
    await carolRest('POST', `/community/rooms/${suite.server.forums.random}/messages/`, { content: 'carol was here' });
    const carol = await signIn(context, suite.server, 'carol', `/lounge/${suite.server.forums.general}`);
    await entry(carol, 'random').waitFor();
    const listings: string[] = [];
    carol.on('request', (request) => {
      if (new URL(request.url()).pathname.startsWith('/community/rooms')) listings.push(request.url());
    });

    await carol.getByTestId('enable-notifications').click();
    await carol.getByTestId('enable-notifications').waitFor({ state: 'detached' });

    await bob('POST', `/community/rooms/${suite.server.forums.random}/messages/`, { content: 'plain news' });
    await bob('POST', `/community/rooms/${suite.server.forums.random}/messages/`,
      { content: 'hey @carol, look', mentions: ['carol'] });
    await entry(carol, 'random').getByTestId('unread-badge').getByText('2', { exact: true }).waitFor();
    await entry(carol, 'random').getByTestId('mention-badge').getByText('@1').waitFor();
    await expect.poll(() => carol.title()).toBe('(2) The Lounge');
    await expect.poll(() => carol.evaluate(() => window.__notifications)).toEqual([
      { title: 'bob mentioned you in #random', body: 'hey @carol, look', tag: suite.server.forums.random },
    ]);

    // a DM bob opens shows up live, with bob online (he has a connection) once he connects
    const dm = await bob('POST', '/community/dm/', { participant_ids: ['carol'] }) as { id: string };
    await entry(carol, 'bob').waitFor();
    const bobContext = await newUser(suite.browser);
    await signIn(bobContext, suite.server, 'bob', `/lounge/dm/${dm.id}`);
    await entry(carol, 'bob').getByTestId('dm-online').waitFor();
    await bob('POST', `/community/rooms/${dm.id}/messages/`, { content: 'a private word' });
    await entry(carol, 'bob').getByTestId('unread-badge').getByText('1', { exact: true }).waitFor();
    await expect.poll(() => carol.title()).toBe('(3) The Lounge');
    await expect.poll(async () => (await carol.evaluate(() => window.__notifications!)).map((n) => n.title))
      .toEqual(['bob mentioned you in #random', 'New message from bob']);

    // opening a room is a subscription on the same socket, and reading it clears its badge and the title's count
    await entry(carol, 'random').locator('button').click();
    await confirmed(carol, 'hey @carol, look').waitFor();
    await entry(carol, 'random').getByTestId('unread-badge').waitFor({ state: 'detached' });
    await expect.poll(() => carol.title()).toBe('(1) The Lounge');
    await entry(carol, 'bob').locator('button').click();
    await confirmed(carol, 'a private word').waitFor();
    await expect.poll(() => carol.title()).toBe('The Lounge');

    const seen = await sockets(carol);
    expect(seen.open).toBe(1);
    expect(seen.urls).toHaveLength(1);
    expect(seen.urls[0]).toMatch(/\/ws\/community\/stream\/\?connection_token=…$/);
    // nothing listed the rooms again: the badges came over the stream
    expect(listings).toEqual([]);
    await bobContext.close();
    await context.close();
  }, 120_000);

  it('after a server restart the tab resumes on its one stream and shows every message once', async () => {
    const aliceContext = await newUser(suite.browser);
    await instrument(aliceContext);
    const bobContext = await newUser(suite.browser);
    const room = `/lounge/${suite.server.forums.general}`;
    const alice = await signIn(aliceContext, suite.server, 'alice', room);
    const bob = await signIn(bobContext, suite.server, 'bob', room);
    const subscribes = subscribesSent(alice);

    await send(alice, 'stream before the restart');
    await confirmed(bob, 'stream before the restart').waitFor();
    await suite.server.stop();
    await alice.getByTestId('reconnecting-banner').waitFor();
    await send(alice, 'stream sent while down', { acked: false });
    const release = await holdReconnection(alice);
    await suite.server.start();
    await bob.getByTestId('reconnecting-banner').waitFor({ state: 'detached', timeout: 30_000 });
    await send(bob, 'stream posted while alice was away');
    release();

    await alice.getByTestId('reconnecting-banner').waitFor({ state: 'detached', timeout: 30_000 });
    for (const page of [alice, bob]) {
      for (const text of ['stream before the restart', 'stream sent while down', 'stream posted while alice was away']) {
        await confirmed(page, text).waitFor();
        expect(await countMessages(page, text)).toBe(1);
      }
      expect(await page.locator('[data-pending]').count()).toBe(0);
    }
    expect(subscribes.map((s) => JSON.parse(s) as Record<string, unknown>)).toEqual([
      { type: 'subscribe', room_id: suite.server.forums.general, since_seq: expect.any(Number) },
    ]);
    const seen = await sockets(alice);
    expect(seen.open).toBe(1);
    expect(seen.urls).toHaveLength(2);
    await aliceContext.close();
    await bobContext.close();
  }, 180_000);
});
