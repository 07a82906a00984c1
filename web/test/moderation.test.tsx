import { act, cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ModerationAction, ModerationQueueItem } from '@community/client';
import { BlockListProvider, BlockedUsersDialog, MessageSafetyContext, ModerateUserDialog, ModerationPanel,
  ReportDialog } from '../src/components/Moderation';
import { describeAuditEntry, describeDuration } from '../src/components/Moderation/format';
import { MessageItem } from '../src/components/Room/MessageItem';
import { fakeClient, FakeSocket } from './fakes';
import { alice, bob, msg, ROOM_ID } from './fixtures';

afterEach(cleanup);

const noSocket = (url: string) => new FakeSocket(url);
const ROOM = `/community/rooms/${ROOM_ID}`;

const entry = (overrides: Partial<ModerationAction> = {}): ModerationAction => ({
  id: 'a-1', room_id: ROOM_ID, action: 'mute', source: 'admin', moderator_id: 'carol', target_user_id: 'bob',
  target_message_id: null, target_thread_id: null, reason: 'spam', duration_seconds: 600,
  expires_at: '2026-01-01T12:10:00.000Z', created_at: '2026-01-01T12:00:00.000Z', ...overrides,
});

const queueItem = (overrides: Partial<ModerationQueueItem> = {}): ModerationQueueItem => ({
  id: 'q-1', room_id: ROOM_ID, message_id: 'm-3', reason: '3 community reports', report_count: 3, status: 'pending',
  created_at: '2026-01-01T12:00:00.000Z', reviewed_by: null, reviewed_at: null, ...overrides,
});

describe('reporting a message', () => {
  it('sends the picked reason with what was added, and shows the server answer', async () => {
    const { client, bodies } = fakeClient(noSocket, {
      [`POST ${ROOM}/messages/m-3/report/`]: [201, { message_id: 'm-3', reason: 'harassment: called me names',
        created_at: '2026-01-01T12:00:00.000Z' }],
    }, alice);
    render(<ReportDialog api={client.api} roomId={ROOM_ID} message={msg(3, bob, 'you are awful')} onClose={() => {}} />);
    fireEvent.click(screen.getByLabelText('harassment'));
    fireEvent.change(screen.getByTestId('report-details'), { target: { value: 'called me names' } });
    fireEvent.click(screen.getByTestId('report-submit'));
    expect((await screen.findByTestId('report-answer')).textContent)
      .toContain('Reported as “harassment: called me names”.');
    expect(bodies[`POST ${ROOM}/messages/m-3/report/`]).toEqual([{ reason: 'harassment: called me names' }]);
  });

  it('shows the refusal in the server words and keeps the form', async () => {
    const { client } = fakeClient(noSocket, {
      [`POST ${ROOM}/messages/m-3/report/`]: [409, { error: { code: 'conflict', message: 'you already reported this message' } }],
    }, alice);
    render(<ReportDialog api={client.api} roomId={ROOM_ID} message={msg(3)} onClose={() => {}} />);
    fireEvent.click(screen.getByTestId('report-submit'));
    expect((await screen.findByTestId('report-error')).textContent).toBe('you already reported this message');
    expect(screen.getByTestId('report-submit')).toBeTruthy();
  });

  it('asks for words when the reason is "other"', () => {
    const { client } = fakeClient(noSocket, {}, alice);
    render(<ReportDialog api={client.api} roomId={ROOM_ID} message={msg(3)} onClose={() => {}} />);
    fireEvent.click(screen.getByLabelText('other'));
    expect((screen.getByTestId('report-submit') as HTMLButtonElement).disabled).toBe(true);
    fireEvent.change(screen.getByTestId('report-details'), { target: { value: 'impersonates staff' } });
    expect((screen.getByTestId('report-submit') as HTMLButtonElement).disabled).toBe(false);
  });
});

describe('acting on a person', () => {
  it('mutes for the picked length and says what the server recorded', async () => {
    const { client, bodies } = fakeClient(noSocket, {
      [`POST ${ROOM}/moderation/`]: [201, entry({ duration_seconds: 3600 })],
    }, alice);
    const onDone = vi.fn();
    render(<ModerateUserDialog api={client.api} roomId={ROOM_ID} user={bob} initialAction="mute" onClose={() => {}}
      onDone={onDone} />);
    fireEvent.change(screen.getByTestId('moderation-duration'), { target: { value: '1' } });
    fireEvent.change(screen.getByTestId('moderation-reason'), { target: { value: 'flooding' } });
    fireEvent.click(screen.getByTestId('moderation-submit'));
    expect((await screen.findByTestId('moderation-outcome')).textContent).toBe('Muted bob for 1 hour.');
    expect(bodies[`POST ${ROOM}/moderation/`]).toEqual([
      { action: 'mute', target_user_id: 'bob', reason: 'flooding', duration_seconds: 3600 },
    ]);
    expect(onDone).toHaveBeenCalledTimes(1);
  });

  it('bans for good without a duration, warns without one, and shows a refusal', async () => {
    const { client, bodies } = fakeClient(noSocket, {
      [`POST ${ROOM}/moderation/`]: [403, { error: { code: 'forbidden', message: 'you may not act on an equal or higher role' } }],
    }, alice);
    render(<ModerateUserDialog api={client.api} roomId={ROOM_ID} user={bob} onClose={() => {}} />);
    fireEvent.click(screen.getByLabelText('Ban'));
    fireEvent.change(screen.getByTestId('moderation-duration'), { target: { value: '4' } });
    fireEvent.click(screen.getByTestId('moderation-submit'));
    expect((await screen.findByTestId('moderation-error')).textContent).toBe('you may not act on an equal or higher role');
    fireEvent.click(screen.getByLabelText('Warn'));
    expect(screen.queryByTestId('moderation-duration')).toBeNull();
    fireEvent.click(screen.getByTestId('moderation-submit'));
    await waitFor(() => expect(bodies[`POST ${ROOM}/moderation/`]).toHaveLength(2));
    expect(bodies[`POST ${ROOM}/moderation/`]).toEqual([
      { action: 'ban', target_user_id: 'bob', reason: '' },
      { action: 'warn', target_user_id: 'bob', reason: '' },
    ]);
  });

  it('words durations and audit entries', () => {
    expect(describeDuration(600)).toBe('10 minutes');
    expect(describeDuration(7200)).toBe('2 hours');
    expect(describeDuration(null)).toBe('permanent');
    expect(describeAuditEntry(entry())).toBe('carol muted bob (10 minutes)');
    expect(describeAuditEntry(entry({ action: 'flag', source: 'community', moderator_id: null, target_user_id: null,
      duration_seconds: null }))).toBe('community reports flagged a message');
  });
});

describe('blocking', () => {
  const actions = {
    onReply: () => {}, onToggleReaction: () => {}, onEdit: async () => {}, onDelete: () => {}, onModerate: () => {},
    onTogglePin: () => {}, onRetry: () => {}, onDiscard: () => {}, onOpenDm: () => {},
  };
  const me = { ...alice, staff: false } as never;

  it('collapses the messages of an author I block, shows one on request, and unblocks from the list', async () => {
    const blocked = { user: bob, created_at: '2026-01-01T12:00:00.000Z' };
    const { client, calls } = fakeClient(noSocket, {
      'GET /community/block/': [200, { results: [], next_cursor: null }],
      'POST /community/block/': [201, blocked],
      'DELETE /community/block/?user_id=bob': [204, undefined],
    }, alice);
    const safety = { report: vi.fn(), moderateUser: vi.fn(), fail: vi.fn() };
    const item = (seq: number) => (
      <MessageItem {...actions} message={msg(seq, bob, `hello ${seq}`)} me={me} isModerator={false}
        replyTo={undefined} compact={false} connected focused={false} />
    );
    render(
      <BlockListProvider api={client.api}>
        <MessageSafetyContext.Provider value={safety}>
          <ul>{item(1)}{item(2)}</ul>
          <BlockedUsersDialog onClose={() => {}} />
        </MessageSafetyContext.Provider>
      </BlockListProvider>,
    );
    await screen.findByText('You block nobody.');
    expect(screen.queryByLabelText('Moderate author')).toBeNull();
    fireEvent.click(screen.getAllByLabelText('Block author')[0]);
    await waitFor(() => expect(screen.getAllByTestId('blocked-message')).toHaveLength(2));
    expect(screen.queryByText('hello 1')).toBeNull();
    expect(screen.getAllByTestId('blocked-message')[0].textContent).toContain('Message from a blocked user');
    expect(within(screen.getByTestId('blocked-users')).getByTestId('blocked-user').textContent).toContain('Bob');

    fireEvent.click(within(screen.getAllByTestId('blocked-message')[1]).getByText('show'));
    expect(screen.getByText('hello 2')).toBeTruthy();
    expect(screen.getAllByTestId('blocked-message')).toHaveLength(1);

    fireEvent.click(screen.getByLabelText('Unblock Bob'));
    await waitFor(() => expect(screen.queryAllByTestId('blocked-message')).toHaveLength(0));
    expect(screen.getByText('hello 1')).toBeTruthy();
    expect(calls).toEqual(expect.arrayContaining(['POST /community/block/', 'DELETE /community/block/?user_id=bob']));
    expect(safety.fail).not.toHaveBeenCalled();
  });

  it('offers report and, to moderators, action on the author; none of it on my own messages', () => {
    const safety = { report: vi.fn(), moderateUser: vi.fn(), fail: vi.fn() };
    const theirs = msg(4, bob, 'theirs');
    render(
      <MessageSafetyContext.Provider value={safety}>
        <ul>
          <MessageItem {...actions} message={theirs} me={me} isModerator replyTo={undefined} compact={false} connected
            focused={false} />
          <MessageItem {...actions} message={msg(5, alice, 'mine')} me={me} isModerator replyTo={undefined}
            compact={false} connected focused={false} />
        </ul>
      </MessageSafetyContext.Provider>,
    );
    expect(screen.getAllByLabelText('Report')).toHaveLength(1);
    // outside a BlockListProvider there is nothing to block with
    expect(screen.queryByLabelText('Block author')).toBeNull();
    fireEvent.click(screen.getByLabelText('Report'));
    expect(safety.report).toHaveBeenCalledWith(theirs);
    fireEvent.click(screen.getByLabelText('Moderate author'));
    expect(safety.moderateUser).toHaveBeenCalledWith(bob);
  });
});

describe('the moderation panel', () => {
  it('lists this room pending queue items with their message, resolves one, and counts the other rooms', async () => {
    const { client, bodies } = fakeClient(noSocket, {
      'GET /community/moderation/queue/?status=pending': [200, {
        results: [queueItem(), queueItem({ id: 'q-2', room_id: 'another-room' })], next_cursor: null }],
      'PATCH /community/moderation/queue/q-1/': [200, queueItem({ status: 'actioned', reviewed_by: 'carol',
        reviewed_at: '2026-01-01T12:05:00.000Z' })],
    }, alice);
    const onJump = vi.fn();
    render(<ModerationPanel api={client.api} roomId={ROOM_ID} messages={[msg(3, bob, 'cheap watches')]} version={0}
      onJump={onJump} onActed={() => {}} />);
    const item = await screen.findByTestId('queue-item');
    expect(item.textContent).toContain('cheap watches');
    expect(item.textContent).toContain('3 community reports · 3 reports');
    expect(screen.getByText('1 more in other rooms you moderate.')).toBeTruthy();
    fireEvent.click(within(item).getByTitle('Show in the conversation'));
    expect(onJump).toHaveBeenCalledWith(3);
    fireEvent.click(within(item).getByText('Resolve'));
    await waitFor(() => expect(screen.getByTestId('queue-status-tag').textContent).toBe('resolved by carol'));
    expect(bodies['PATCH /community/moderation/queue/q-1/']).toEqual([{ status: 'actioned' }]);
    expect(within(screen.getByTestId('queue-item')).queryByText('Resolve')).toBeNull();
  });

  it('hides and resolves in one go', async () => {
    const onActed = vi.fn();
    const { client, bodies } = fakeClient(noSocket, {
      'GET /community/moderation/queue/?status=pending': [200, { results: [queueItem()], next_cursor: null }],
      [`POST ${ROOM}/moderation/`]: [201, entry({ action: 'hide', target_user_id: null, target_message_id: 'm-3' })],
      'PATCH /community/moderation/queue/q-1/': [200, queueItem({ status: 'actioned', reviewed_by: 'carol' })],
    }, alice);
    render(<ModerationPanel api={client.api} roomId={ROOM_ID} messages={[]} version={0} onJump={() => {}}
      onActed={onActed} />);
    fireEvent.click(await screen.findByText('Hide & resolve'));
    await waitFor(() => expect(screen.getByTestId('queue-status-tag').textContent).toBe('resolved by carol'));
    expect(bodies[`POST ${ROOM}/moderation/`]).toEqual([{ action: 'hide', message_id: 'm-3', reason: '3 community reports' }]);
    expect(onActed).toHaveBeenCalledTimes(1);
    expect(screen.getByText('a message not loaded here')).toBeTruthy();
  });

  it('shows the audit trail and pages on', async () => {
    const { client } = fakeClient(noSocket, {
      'GET /community/moderation/queue/?status=pending': [200, { results: [], next_cursor: null }],
      [`GET ${ROOM}/moderation/?limit=50`]: [200, { results: [entry()], next_cursor: 'c1' }],
      [`GET ${ROOM}/moderation/?cursor=c1&limit=50`]: [200, {
        results: [entry({ id: 'a-0', action: 'warn', duration_seconds: null, expires_at: null, reason: '' })],
        next_cursor: null }],
    }, alice);
    render(<ModerationPanel api={client.api} roomId={ROOM_ID} messages={[]} version={0} onJump={() => {}}
      onActed={() => {}} />);
    await screen.findByText('Nothing waits for review here.');
    fireEvent.click(screen.getByTestId('moderation-tab-audit'));
    const first = await screen.findByTestId('audit-entry');
    expect(first.textContent).toContain('carol muted bob (10 minutes)');
    expect(first.textContent).toContain('“spam”');
    fireEvent.click(screen.getByText('More'));
    await waitFor(() => expect(screen.getAllByTestId('audit-entry')).toHaveLength(2));
    expect(screen.getAllByTestId('audit-entry')[1].textContent).toContain('carol warned bob');
    expect(screen.queryByText('More')).toBeNull();
  });

  it('lists who is muted or banned and lifts it', async () => {
    const members = [
      { user: alice, role: 'moderator', until: null, joined_at: '2026-01-01T00:00:00.000Z' },
      { user: bob, role: 'muted', until: '2026-01-01T13:00:00.000Z', joined_at: '2026-01-01T00:00:00.000Z' },
      { user: { id: 'dave', username: 'dave' }, role: 'banned', until: null, joined_at: '2026-01-01T00:00:00.000Z' },
    ];
    const onActed = vi.fn();
    const { client, bodies } = fakeClient(noSocket, {
      'GET /community/moderation/queue/?status=pending': [200, { results: [], next_cursor: null }],
      [`GET ${ROOM}/members/`]: [200, { results: members, next_cursor: null }],
      [`POST ${ROOM}/moderation/`]: [201, entry({ action: 'unban', target_user_id: 'dave' })],
    }, alice);
    render(<ModerationPanel api={client.api} roomId={ROOM_ID} messages={[]} version={0} onJump={() => {}}
      onActed={onActed} />);
    fireEvent.click(screen.getByTestId('moderation-tab-restricted'));
    await waitFor(() => expect(screen.getAllByTestId('restricted-member')).toHaveLength(2));
    const [muted, banned] = screen.getAllByTestId('restricted-member');
    expect(muted.textContent).toContain('Bob');
    expect(within(muted).getByRole('button').textContent).toBe('Unmute');
    expect(banned.textContent).toContain('banned · permanent');
    await act(async () => {
      fireEvent.click(within(banned).getByRole('button'));
    });
    await waitFor(() => expect(onActed).toHaveBeenCalledTimes(1));
    expect(bodies[`POST ${ROOM}/moderation/`]).toEqual([{ action: 'unban', target_user_id: 'dave', reason: '' }]);
  });
});
