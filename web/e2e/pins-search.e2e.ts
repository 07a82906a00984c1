import { describe, expect, it } from 'vitest';
import { confirmed, missingPieces, send, serverAndBrowser, signInPair } from './harness';

const missing = missingPieces();

/** Protocol 1.6 in the Lounge: pins in the room header, search and mentions that jump to the message, own reactions. */
describe.skipIf(missing.length > 0)('The Lounge: pins, search, mentions and my reactions', () => {
  const suite = serverAndBrowser();

  it('a moderator pins, a member sees it live and in the pins list; search and mentions open the message', async () => {
    const [[staffContext, carol], [memberContext, dave]] =
      await signInPair(suite, `/lounge/${suite.server.forums.help}`, ['carol', { staff: true }], ['dave']);

    await send(dave, 'the house rules are in the wiki');
    const rules = confirmed(carol, 'the house rules are in the wiki');
    await rules.hover();
    await rules.getByLabel('Pin', { exact: true }).click();
    await confirmed(dave, 'the house rules are in the wiki').getByTestId('pinned-tag').waitFor();
    expect(await confirmed(dave, 'the house rules are in the wiki').getByLabel('Pin', { exact: true }).count())
      .toBe(0);

    await dave.getByTestId('pins-toggle').click();
    await dave.getByTestId('pins-panel').getByText('the house rules are in the wiki').waitFor();
    await dave.getByTestId('pins-panel').getByText(/pinned by carol/).waitFor();
    expect(await dave.getByTestId('pins-panel').getByText('Unpin').count()).toBe(0);

    // my reaction is marked as mine after a reload: the server says which are mine (my_reactions)
    const fromCarol = 'welcome, @dave';
    await dave.getByTestId('online-users').getByText('carol', { exact: true }).waitFor();
    await send(carol, fromCarol);
    const welcome = confirmed(dave, fromCarol);
    await welcome.waitFor();
    await welcome.hover();
    await welcome.getByLabel('React', { exact: true }).click();
    await welcome.locator('.reaction-picker').getByText('👍').click();
    await welcome.getByLabel('👍 1').waitFor();
    expect(await welcome.getByLabel('👍 1').getAttribute('aria-pressed')).toBe('true');
    await dave.reload();
    await dave.locator('.status-dot.status-open').waitFor();
    const again = confirmed(dave, fromCarol).getByLabel('👍 1');
    await again.waitFor();
    expect(await again.getAttribute('aria-pressed')).toBe('true');
    await again.click();
    await confirmed(dave, fromCarol).getByLabel('👍 1').waitFor({ state: 'detached' });

    await dave.getByTestId('mentions-button').click();
    await dave.getByTestId('mentions').getByText(fromCarol).click();
    await dave.getByTestId('mentions').waitFor({ state: 'detached' });
    await dave.locator('.message.focused', { hasText: fromCarol }).waitFor();

    // the pins list follows live changes: open (the reload closed it), it empties when carol unpins
    await dave.getByTestId('pins-toggle').click();
    await dave.getByTestId('pins-panel').getByText('the house rules are in the wiki').waitFor();

    await carol.getByTestId('search-input').fill('house rules');
    await carol.getByTestId('search-input').press('Enter');
    const result = carol.getByTestId('search-results').getByTestId('found-hit');
    await result.first().waitFor();
    expect(await result.count()).toBe(1);
    await result.first().click();
    await carol.locator('.message.focused', { hasText: 'the house rules are in the wiki' }).waitFor();

    await carol.getByTestId('pins-toggle').click();
    await carol.getByTestId('pins-panel').getByText('Unpin').click();
    await confirmed(dave, 'the house rules are in the wiki').getByTestId('pinned-tag').waitFor({ state: 'detached' });
    await dave.getByTestId('pins-panel').getByText('Nothing is pinned yet.').waitFor();

    await staffContext.close();
    await memberContext.close();
  });
});
