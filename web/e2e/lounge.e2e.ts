import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import {
  confirmed,
  countMessages,
  holdReconnection,
  missingPieces,
  newUser,
  send,
  serverAndBrowser,
  signInPair,
  subscribesSent,
} from './harness';

const missing = missingPieces();

describe.skipIf(missing.length > 0)('The Lounge in Chromium', () => {
  const suite = serverAndBrowser();

  it('serves the Lounge with the contract types and sends a signed-out visitor to sign in', async () => {
    const index = await fetch(suite.server.url('/lounge/'));
    expect(index.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(index.headers.get('cache-control')).toBe('no-cache');
    const script = (await index.text()).match(/\/lounge\/assets\/[^"]+\.js/)?.[0];
    const asset = await fetch(suite.server.url(script!));
    expect(asset.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(asset.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    const context = await newUser(suite.browser);
    const page = await context.newPage();
    await page.goto(suite.server.url(`/lounge/${suite.server.forums.general}`));
    await page.getByText('Development sign-in').waitFor();
    await context.close();
  });

  it('two people chat: presence, typing, optimistic sends, mentions, and leaving', async () => {
    const [[aliceContext, alice], [bobContext, bob]] =
      await signInPair(suite, `/lounge/${suite.server.forums.general}`, ['alice'], ['bob']);

    await alice.getByTestId('online-users').getByText('bob', { exact: true }).waitFor();
    await bob.getByTestId('online-users').getByText('alice', { exact: true }).waitFor();
    await bob.getByTestId('online-users').getByText('bob (you)').waitFor();

    await bob.getByTestId('message-input').pressSequentially('hel');
    await alice.getByTestId('typing-indicator').getByText('bob is typing…').waitFor();

    await send(bob, 'hello alice');
    await confirmed(alice, 'hello alice').waitFor();
    await alice.getByTestId('typing-indicator').getByText('bob is typing…').waitFor({ state: 'detached' });

    await send(alice, '@bob welcome to the lounge');
    const mention = confirmed(bob, '@bob welcome to the lounge');
    await mention.waitFor();
    expect(await mention.getAttribute('class')).toContain('mentions-me');
    expect(await bob.locator('.mention-me').first().textContent()).toBe('@bob');

    await bobContext.close();
    await alice.getByTestId('online-users').getByText('bob', { exact: true }).waitFor({ state: 'detached' });
    await aliceContext.close();
  });

  it('after a server restart each page resumes with since_seq and shows every message once', async () => {
    const [[aliceContext, alice], [bobContext, bob]] =
      await signInPair(suite, `/lounge/${suite.server.forums.random}`, ['alice'], ['bob']);
    // the tab's one user stream resumes the open room with a subscribe carrying since_seq
    const aliceResumes = subscribesSent(alice);

    await send(alice, 'before the restart');
    await confirmed(bob, 'before the restart').waitFor();

    await suite.server.stop();
    await alice.getByTestId('reconnecting-banner').waitFor();
    await bob.getByTestId('reconnecting-banner').waitFor();
    await send(alice, 'sent while the server was down', { acked: false });
    expect(await alice.locator('[data-pending="sending"]').count()).toBe(1);

    // Alice's way back is held until Bob has posted, so she must catch up on a message she never saw live.
    const release = await holdReconnection(alice);
    await suite.server.start();
    await bob.getByTestId('reconnecting-banner').waitFor({ state: 'detached', timeout: 30_000 });
    await send(bob, 'posted while alice was away');
    release();

    await alice.getByTestId('reconnecting-banner').waitFor({ state: 'detached', timeout: 30_000 });
    for (const page of [alice, bob] as Page[]) {
      for (const text of ['before the restart', 'sent while the server was down', 'posted while alice was away']) {
        await confirmed(page, text).waitFor();
        expect(await countMessages(page, text)).toBe(1);
      }
      expect(await page.locator('[data-pending]').count()).toBe(0);
    }
    expect(aliceResumes.at(-1)).toMatch(/"since_seq":\d+/);
    await aliceContext.close();
    await bobContext.close();
    // a restart of the server inside the test: its start alone takes most of a minute on a busy machine
  }, 180_000);
});
