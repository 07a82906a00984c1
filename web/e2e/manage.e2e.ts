import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { missingPieces, newUser, serverAndBrowser, signIn, signInPair } from './harness';

const missing = missingPieces();
/** Each test is a long story of two or three browsers; on a loaded machine a sign-in alone can take half a minute. */
const STORY_MS = 480_000;

/** The room of the current address: `/lounge/<id>`. */
function roomIdOf(page: Page): string {
  return new URL(page.url()).pathname.split('/').pop() ?? '';
}

/**
 * Issue 21, rooms part: creating rooms (trust-gated), settings, members and roles, threads, leaving, and the people
 * picker for DMs — a platform moderator (carol, staff) who owns the new room, and two members (dave, erin), on a
 * desktop.
 */
describe.skipIf(missing.length > 0)('The Lounge: rooms, members, threads and the people picker', () => {
  const suite = serverAndBrowser();

  it('a member is refused by the trust gate; staff creates a room, sets it up, gives a role and locks a thread; a member leaves', async () => {
    const [[carolContext, carol], [daveContext, dave]] =
      await signInPair(suite, `/lounge/${suite.server.forums.help}`, ['carol', { staff: true }], ['dave']);

    // a new account is below the trust gate: the server's refusal is shown as it said it
    await dave.getByTestId('create-room').click();
    await dave.getByTestId('create-room-name').fill('Dave’s den');
    await dave.getByText('Create', { exact: true }).click();
    await dave.getByTestId('create-room-error').getByText(/^trust_required: /).waitFor();
    await dave.getByText('Cancel', { exact: true }).click();
    await dave.getByTestId('create-room-form').waitFor({ state: 'detached' });

    // staff passes the gate; the new forum opens with its creator as owner
    await carol.getByTestId('create-room').click();
    await carol.getByTestId('create-room-name').fill('Book club');
    await carol.getByText('Create', { exact: true }).click();
    await carol.locator('.room-title h2', { hasText: 'Book club' }).waitFor();
    await carol.locator('.status-dot.status-open').waitFor();
    const roomId = roomIdOf(carol);
    expect(roomId).toMatch(/^[0-9a-f-]{36}$/);

    // dave opens it by link, which joins it; a member has no settings
    await dave.goto(suite.server.url(`/lounge/${roomId}`));
    await dave.locator('.room-title h2', { hasText: 'Book club' }).waitFor();
    await dave.locator('.status-dot.status-open').waitFor();
    await dave.getByTestId('members-toggle').waitFor();
    expect(await dave.getByTestId('settings-toggle').count()).toBe(0);

    // the owner makes dave a moderator from the member list
    await carol.getByTestId('members-toggle').click();
    const roleOfDave = carol.getByLabel('Role of dave');
    await roleOfDave.waitFor();
    await roleOfDave.selectOption('moderator');
    await carol.waitForFunction(() => (document.querySelector('select[aria-label="Role of dave"]') as HTMLSelectElement | null)
      ?.value === 'moderator');
    await dave.getByTestId('members-toggle').click();
    await dave.getByTestId('members-panel').locator('[data-testid="member"]', { hasText: 'dave' })
      .getByText('moderator', { exact: true }).waitFor();

    // threads: carol starts one and replies, dave reads and answers it, carol locks it
    await carol.getByTestId('threads-toggle').click();
    await carol.getByTestId('thread-title').fill('Dune, part one');
    await carol.getByText('Start', { exact: true }).click();
    await carol.getByTestId('thread-reply').fill('Loved the worldbuilding');
    await carol.getByText('Reply', { exact: true }).click();
    await carol.getByTestId('thread-message').getByText('Loved the worldbuilding').waitFor();

    await dave.getByTestId('threads-toggle').click();
    await dave.getByTestId('thread').getByText('Dune, part one').click();
    await dave.getByTestId('thread-message').getByText('Loved the worldbuilding').waitFor();
    await dave.getByTestId('thread-reply').fill('The sandworms!');
    await dave.getByText('Reply', { exact: true }).click();
    await carol.getByTestId('thread-message').getByText('The sandworms!').waitFor();

    await carol.getByTestId('thread-lock').click();
    await carol.getByTestId('thread-locked').waitFor();
    await dave.getByTestId('threads-toggle').click();
    await dave.getByTestId('threads-toggle').click();
    await dave.getByTestId('thread').getByText('🔒 Dune, part one').click();
    await dave.getByTestId('thread-locked').waitFor();
    expect(await dave.getByTestId('thread-reply').count()).toBe(0);

    // settings: slow mode and a description, shown in the header at once
    await carol.getByTestId('settings-toggle').click();
    await carol.getByTestId('settings-slow_mode_seconds').fill('5');
    await carol.getByTestId('room-settings').locator('textarea').fill('Books, slowly');
    await carol.getByText('Save', { exact: true }).click();
    await carol.getByTestId('settings-saved').waitFor();
    await carol.locator('.room-header .chip', { hasText: '🐢 5s' }).waitFor();
    await carol.locator('.room-description', { hasText: 'Books, slowly' }).waitFor();

    // dave leaves: the page goes home, the owner's member list no longer has him
    dave.once('dialog', (dialog) => void dialog.accept());
    await dave.getByTestId('leave-room').click();
    await dave.locator('.welcome').waitFor();
    await carol.getByTestId('members-toggle').click(); // from settings to a freshly loaded member list
    await carol.getByTestId('members-panel').locator('[data-testid="member"]', { hasText: 'carol' }).waitFor();
    expect(await carol.getByTestId('members-panel').locator('[data-testid="member"]', { hasText: 'dave' }).count()).toBe(0);

    await carolContext.close();
    await daveContext.close();
  }, STORY_MS);

  it("the owner adds people to a private circle from the member list; the server's refusal of a second add is shown", async () => {
    const [ownerContext, guestContext] = await Promise.all([newUser(suite.browser), newUser(suite.browser)]);
    const help = `/lounge/${suite.server.forums.help}`;
    const owner = await signIn(ownerContext, suite.server, 'olga', help, { staff: true });
    // the guest has signed in once: the people picker finds only people the server knows
    const guest = await signIn(guestContext, suite.server, 'gina', help);

    await owner.getByTestId('create-room').click();
    await owner.getByTestId('create-room-name').fill('Inner circle');
    await owner.getByTestId('create-room-circle').check();
    await owner.getByText('Create', { exact: true }).click();
    await owner.locator('.room-title h2', { hasText: 'Inner circle' }).waitFor();
    await owner.locator('.status-dot.status-open').waitFor();
    const circle = roomIdOf(owner);

    // private: not open to her until she is added
    await guest.goto(suite.server.url(`/lounge/${circle}`));
    await guest.getByTestId('room-not-found').waitFor();

    await owner.getByTestId('members-toggle').click();
    const panel = owner.getByTestId('members-panel');
    await panel.getByTestId('add-member').click();
    await panel.getByTestId('people-search').fill('gin');
    await panel.getByTestId('person-result').getByText('gina', { exact: true }).first().click();
    expect(await panel.getByTestId('people-start').textContent()).toBe('Add');
    await panel.getByTestId('people-start').click();
    // she is listed as a member, and the owner may change her role there
    await panel.getByLabel('Role of gina').waitFor();
    expect(await panel.getByLabel('Role of gina').inputValue()).toBe('member');
    expect(await panel.getByTestId('people-picker').count()).toBe(0);

    // adding her again: the server's 409 as it said it
    await panel.getByTestId('add-member').click();
    await panel.getByTestId('people-search').fill('gin');
    await panel.getByTestId('person-result').getByText('gina', { exact: true }).first().click();
    await panel.getByTestId('people-start').click();
    expect(await panel.getByTestId('people-error').textContent()).toBe('conflict: the user is a member already');

    // now she is in
    await guest.goto(suite.server.url(`/lounge/${circle}`));
    await guest.locator('.room-title h2', { hasText: 'Inner circle' }).waitFor();
    await guest.locator('.status-dot.status-open').waitFor();

    await Promise.all([ownerContext.close(), guestContext.close()]);
  }, STORY_MS);

  it('the people picker finds only people the server has seen, and opens a DM with the one picked', async () => {
    const annContext = await newUser(suite.browser);
    const bobContext = await newUser(suite.browser);
    const help = `/lounge/${suite.server.forums.help}`;
    const ann = await signIn(annContext, suite.server, 'ann', help);

    await ann.getByLabel('New direct message').click();
    await ann.getByTestId('people-search').fill('bo');
    await ann.getByTestId('people-picker').getByText('No one found yet.').waitFor();
    expect(await ann.getByTestId('people-start').isDisabled()).toBe(true);

    const bob = await signIn(bobContext, suite.server, 'bob', help);
    await ann.getByTestId('people-search').fill('');
    await ann.getByTestId('people-search').fill('BO');
    await ann.getByTestId('person-result').getByText('bob', { exact: true }).first().click();
    await ann.getByTestId('people-start').click();
    await ann.waitForURL(/\/lounge\/dm\/[0-9a-f-]{36}$/);
    await ann.locator('.status-dot.status-open').waitFor();
    const input = ann.getByTestId('message-input');
    await input.fill('hi bob');
    await input.press('Enter');

    await bob.goto(suite.server.url(new URL(ann.url()).pathname));
    await bob.getByTestId('message-content').getByText('hi bob', { exact: true }).waitFor();

    await annContext.close();
    await bobContext.close();
  }, STORY_MS);
});
