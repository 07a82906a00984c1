/**
 * Not a test: renders the main views for the README (`npm run screenshots`, with the jar and a build present).
 * Skipped in the regular end-to-end run.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, it } from 'vitest';
import { DESKTOP, launchChromium, missingPieces, newUser, PHONE, send, ServerProcess, signIn } from './harness';

const OUT = join(fileURLToPath(new URL('.', import.meta.url)), '../../docs/screenshots');
const wanted = process.env.LOUNGE_SCREENSHOTS === '1' && missingPieces().length === 0;

describe.skipIf(!wanted)('screenshots', () => {
  it('renders the Lounge on a desktop and a phone', async () => {
    mkdirSync(OUT, { recursive: true });
    const server = await ServerProcess.start(['--limits.rate_messages=100']);
    const browser = await launchChromium();
    try {
      const room = `/lounge/${server.forums.general}`;
      const signInContext = await newUser(browser);
      const signInPage = await signInContext.newPage();
      await signInPage.goto(server.url(room));
      await signInPage.getByTestId('username').fill('alice');
      await signInPage.screenshot({ path: join(OUT, 'sign-in.png') });
      await signInContext.close();

      const bob = await signIn(await newUser(browser), server, 'Bob Marley', room);
      const carol = await signIn(await newUser(browser), server, 'Carol Danvers', room);
      const alice = await signIn(await newUser(browser), server, 'alice', room);
      await send(bob, 'Morning all! Did anyone try the new slow mode in #help?');
      await send(carol, '@alice you wrote the docs for it, right?');
      await send(alice, 'I did: 30 s between messages for new members during office hours. Trusted members skip it.');
      await send(bob, 'Nice. And the countdown shows right in the composer, so nobody wonders why Enter did nothing 👌');
      await send(carol, 'Reconnects are smooth too: I restarted my laptop mid-thread and caught up without duplicates.');
      await send(alice, '@bob-marley can you pin the announcement for the release party on Friday? 🎉');
      await send(bob, 'Pinned. Details: https://example.com/party and run `npm ci` **before** you come *please*',
        { acked: false });
      await alice.locator('[data-testid="message"]:not([data-pending])', { hasText: 'Details:' }).waitFor();
      await carol.getByTestId('message-input').pressSequentially('Count me in');
      await alice.getByTestId('typing-indicator').getByText('is typing').waitFor();
      await alice.screenshot({ path: join(OUT, 'room-desktop.png') });

      const phoneContext = await newUser(browser, PHONE);
      const phone = await signIn(phoneContext, server, 'dana', room);
      await phone.getByTestId('online-count').click();
      await phone.getByTestId('online-count').click();
      await phone.screenshot({ path: join(OUT, 'room-phone.png') });
      // a tap on a message opens its actions (a phone has no hover)
      await phone.locator('[data-testid="message"]', { hasText: 'countdown shows right in the composer' })
        .locator('.message-content').tap();
      await phone.locator('.message.actions-open').getByTestId('message-actions').waitFor();
      await phone.screenshot({ path: join(OUT, 'message-actions-phone.png') });
      await phone.getByTestId('message-input').tap();
      await phone.getByRole('button', { name: 'Rooms' }).first().click();
      await phone.waitForTimeout(400);
      await phone.screenshot({ path: join(OUT, 'rooms-phone.png') });

      // a moderator's member list on a phone: roles, mute and ban on each row
      const modContext = await newUser(browser, PHONE);
      const mod = await signIn(modContext, server, 'erin', room, { staff: true });
      await mod.locator('[data-testid="message"]', { hasText: 'Details:' }).waitFor();
      await mod.getByTestId('members-toggle').click();
      await mod.getByTestId('members-panel').getByLabel('Mute alice').waitFor();
      await mod.screenshot({ path: join(OUT, 'members-phone.png') });
      await modContext.close();

      await server.stop();
      await alice.getByTestId('reconnecting-banner').waitFor();
      await alice.getByTestId('message-input').fill('This one waits for the connection…');
      await alice.getByTestId('message-input').press('Enter');
      await alice.setViewportSize(DESKTOP);
      await alice.screenshot({ path: join(OUT, 'reconnecting-desktop.png') });
    } finally {
      await browser.close();
      await server.close();
    }
  }, 300_000);
});
