import { cleanup, configure, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ApiError, type Member, type Thread } from '@community/client';
import { PeoplePicker } from '../src/components/Manage/PeoplePicker';
import { CreateRoomForm } from '../src/components/Manage/CreateRoomForm';
import { RoomSettings } from '../src/components/Manage/RoomSettings';
import { MembersPanel } from '../src/components/Manage/MembersPanel';
import { ThreadsPanel } from '../src/components/Manage/ThreadsPanel';
import { ManageBar } from '../src/components/Manage/ManageBar';
import { assignableRoles, moderatableBy } from '../src/components/Manage/roles';
import { withSavedSettings } from '../src/components/Manage/settings';
import { alice, bob, msg, room, ROOM_ID } from './fixtures';

afterEach(cleanup);

// These tests wait for conditions (a search after its pause, an answer rendered), not for a time: on a machine
// shared by many builds a render can take seconds, so the waits are generous rather than tight.
configure({ asyncUtilTimeout: 30_000 });
vi.setConfig({ testTimeout: 120_000 });

const carol = { id: 'carol', username: 'Carol' };

function member(user: { id: string; username: string }, role: Member['role']): Member {
  return { user, role, until: null, joined_at: '2026-01-01T00:00:00.000Z' };
}

function thread(overrides: Partial<Thread> = {}): Thread {
  return { id: 't-1', room_id: ROOM_ID, title: 'Dune, part one', creator_id: 'alice', is_locked: false,
    message_count: 1, last_message_at: null, created_at: '2026-01-01T00:00:00.000Z', ...overrides };
}

describe('roles', () => {
  it('offers only roles below mine, to members below me, and nothing to moderators or members', () => {
    expect(assignableRoles('owner', 'member')).toEqual(['admin', 'moderator', 'trusted', 'member']);
    expect(assignableRoles('admin', 'moderator')).toEqual(['moderator', 'trusted', 'member']);
    expect(assignableRoles('admin', 'admin')).toEqual([]);
    expect(assignableRoles('admin', 'owner')).toEqual([]);
    expect(assignableRoles('owner', 'banned')).toEqual([]);
    expect(assignableRoles('moderator', 'member')).toEqual([]);
    expect(assignableRoles('member', 'member')).toEqual([]);
    expect(assignableRoles(null, 'member')).toEqual([]);
  });

  it('lets moderators act on roles below their own, staff on anyone, and nobody on the owner', () => {
    expect(moderatableBy('moderator', false, 'member')).toBe(true);
    expect(moderatableBy('moderator', false, 'muted')).toBe(true);
    expect(moderatableBy('moderator', false, 'banned')).toBe(true);
    expect(moderatableBy('moderator', false, 'moderator')).toBe(false);
    expect(moderatableBy('admin', false, 'moderator')).toBe(true);
    expect(moderatableBy('trusted', false, 'member')).toBe(false);
    expect(moderatableBy(null, true, 'admin')).toBe(true);
    expect(moderatableBy('owner', true, 'owner')).toBe(false);
  });
});

describe('saved settings', () => {
  it("lay the PATCH answer's settings over the socket's room, keeping the socket's role and counts", () => {
    const live = room({ my_role: 'owner', unread_count: 3, slow_mode_seconds: 0 });
    const saved = room({ my_role: 'member', unread_count: 0, slow_mode_seconds: 30, name: 'lobby', retention_days: 7 });
    expect(withSavedSettings(live, saved)).toEqual({ ...live, slow_mode_seconds: 30, name: 'lobby', retention_days: 7 });
    expect(withSavedSettings(live, room({ id: 'other', name: 'x' }))).toBe(live);
    expect(withSavedSettings(live, null)).toBe(live);
    expect(withSavedSettings(null, saved)).toBeNull();
  });
});

describe('the people picker', () => {
  it('searches the server, leaves me out, and starts a DM only with people it found', async () => {
    const api = { searchUsers: vi.fn(async () => ({ results: [alice, bob], next_cursor: null })) };
    const onStart = vi.fn(async () => {});
    render(<PeoplePicker meId="alice" api={api} onStart={onStart} onCancel={() => {}} />);
    expect((screen.getByTestId('people-start') as HTMLButtonElement).disabled).toBe(true);

    fireEvent.change(screen.getByTestId('people-search'), { target: { value: '@bo' } });
    await waitFor(() => expect(screen.getAllByTestId('person-result')).toHaveLength(1));
    expect(api.searchUsers).toHaveBeenCalledWith('bo', 8);
    expect(screen.getByTestId('person-result').textContent).toBe('Bobbob');

    fireEvent.click(screen.getByTestId('person-result'));
    fireEvent.click(screen.getByTestId('people-start'));
    await waitFor(() => expect(onStart).toHaveBeenCalledWith(['bob']));
  });

  it("shows the server's refusal when the conversation cannot be opened", async () => {
    const api = { searchUsers: vi.fn(async () => ({ results: [bob], next_cursor: null })) };
    const onStart = vi.fn(async () => {
      throw new ApiError(403, 'blocked', 'no conversation while one of you blocks the other');
    });
    render(<PeoplePicker meId="alice" api={api} onStart={onStart} onCancel={() => {}} />);
    fireEvent.change(screen.getByTestId('people-search'), { target: { value: 'b' } });
    fireEvent.click(await screen.findByTestId('person-result'));
    fireEvent.click(screen.getByTestId('people-start'));
    expect((await screen.findByTestId('people-error')).textContent)
      .toBe('blocked: no conversation while one of you blocks the other');
  });
});

describe('creating a room', () => {
  it('creates a private circle and hands the room over', async () => {
    const created = room({ id: 'r-2', name: 'Book club', room_type: 'circle', visibility: 'private', my_role: 'owner' });
    const api = { createRoom: vi.fn(async () => created) };
    const onCreated = vi.fn();
    render(<CreateRoomForm api={api} onCreated={onCreated} onCancel={() => {}} />);
    fireEvent.change(screen.getByTestId('create-room-name'), { target: { value: ' Book club ' } });
    fireEvent.click(screen.getByTestId('create-room-circle'));
    expect((screen.getByTestId('create-room-visibility') as HTMLSelectElement).value).toBe('private');
    fireEvent.click(screen.getByText('Create'));
    await waitFor(() => expect(onCreated).toHaveBeenCalledWith(created));
    expect(api.createRoom).toHaveBeenCalledWith({ name: 'Book club', description: undefined, room_type: 'circle',
      visibility: 'private' });
  });

  it("shows the server's trust gate refusal as it said it", async () => {
    const api = { createRoom: vi.fn(async () => {
      throw new ApiError(403, 'trust_required', 'creating rooms needs an account 7 days old with 10 messages');
    }) };
    const onCreated = vi.fn();
    render(<CreateRoomForm api={api} onCreated={onCreated} onCancel={() => {}} />);
    fireEvent.change(screen.getByTestId('create-room-name'), { target: { value: 'Mine' } });
    fireEvent.click(screen.getByText('Create'));
    expect((await screen.findByTestId('create-room-error')).textContent)
      .toBe('trust_required: creating rooms needs an account 7 days old with 10 messages');
    expect(onCreated).not.toHaveBeenCalled();
  });
});

describe('room settings', () => {
  it('sends only what changed and hands back the saved room', async () => {
    const saved = room({ name: 'lobby', slow_mode_seconds: 30 });
    const api = { updateRoom: vi.fn(async () => saved) };
    const onSaved = vi.fn();
    render(<RoomSettings room={room({ my_role: 'owner' })} api={api} onSaved={onSaved} onClose={() => {}} />);
    fireEvent.change(screen.getByTestId('settings-name'), { target: { value: 'lobby' } });
    fireEvent.change(screen.getByTestId('settings-slow_mode_seconds'), { target: { value: '30' } });
    fireEvent.change(screen.getByTestId('settings-visibility'), { target: { value: 'unlisted' } });
    fireEvent.change(screen.getByTestId('settings-min_trust_to_post'), { target: { value: '2' } });
    fireEvent.click(screen.getByText('Save'));
    await waitFor(() => expect(onSaved).toHaveBeenCalledWith(saved));
    expect(api.updateRoom).toHaveBeenCalledWith(ROOM_ID, { name: 'lobby', visibility: 'unlisted',
      slow_mode_seconds: 30, min_trust_to_post: 2 });
    expect(screen.getByTestId('settings-saved').textContent).toBe('Saved.');
  });

  it('refuses a value out of bounds without asking the server', () => {
    const api = { updateRoom: vi.fn() };
    render(<RoomSettings room={room({ my_role: 'admin' })} api={api} onSaved={() => {}} onClose={() => {}} />);
    fireEvent.change(screen.getByTestId('settings-slow_mode_seconds'), { target: { value: '90000' } });
    // submitted as a script would (the browser's own check of max= would stop a click first)
    fireEvent.submit(screen.getByTestId('room-settings'));
    expect(screen.getByTestId('settings-error').textContent)
      .toBe('Slow mode (seconds between messages): a whole number from 0 to 86400');
    expect(api.updateRoom).not.toHaveBeenCalled();
  });
});

describe('the member list', () => {
  const members = [member(alice, 'admin'), member(carol, 'owner'), member(bob, 'member')];

  it("lets an admin change the role of a member below them, and nobody else's", async () => {
    const api = {
      listMembers: vi.fn(async () => ({ results: members, next_cursor: null })),
      setMemberRole: vi.fn(async () => member(bob, 'trusted')),
      addMember: vi.fn(),
      searchUsers: vi.fn(),
    };
    render(<MembersPanel roomId={ROOM_ID} meId="alice" myRole="admin" api={api} onClose={() => {}} />);
    await waitFor(() => expect(screen.getAllByTestId('member')).toHaveLength(3));
    expect(screen.getAllByTestId('member-role')).toHaveLength(1);
    const select = screen.getByLabelText('Role of Bob') as HTMLSelectElement;
    expect([...select.options].map((o) => o.value)).toEqual(['moderator', 'trusted', 'member']);
    fireEvent.change(select, { target: { value: 'trusted' } });
    await waitFor(() => expect((screen.getByLabelText('Role of Bob') as HTMLSelectElement).value).toBe('trusted'));
    expect(api.setMemberRole).toHaveBeenCalledWith(ROOM_ID, 'bob', 'trusted');
  });

  it('shows a member only the roles', async () => {
    const api = { listMembers: vi.fn(async () => ({ results: members, next_cursor: null })), setMemberRole: vi.fn(),
      addMember: vi.fn(), searchUsers: vi.fn() };
    render(<MembersPanel roomId={ROOM_ID} meId="bob" myRole="member" api={api} onClose={() => {}} />);
    await waitFor(() => expect(screen.getAllByTestId('member-role-label')).toHaveLength(3));
    expect(screen.getAllByTestId('member-role-label').map((e) => e.textContent)).toEqual(['admin', 'owner', 'member']);
    expect(screen.queryByTestId('member-role')).toBeNull();
    expect(screen.queryByTestId('add-member')).toBeNull();
    expect(screen.queryByTestId('member-mute')).toBeNull();
  });

  it("adds the people picked, reads the list again, and shows the server's refusal as it said it", async () => {
    const dave = { id: 'dave', username: 'Dave' };
    let listed = members;
    const api = {
      listMembers: vi.fn(async () => ({ results: listed, next_cursor: null })),
      setMemberRole: vi.fn(),
      searchUsers: vi.fn(async (q: string) => ({ results: [bob, dave].filter((u) => u.id.startsWith(q)), next_cursor: null })),
      addMember: vi.fn(async (_room: string, { user_id }: { user_id: string }) => {
        if (user_id === 'bob') throw new ApiError(409, 'conflict', 'already a member');
        listed = [...members, member(dave, 'member')];
        return member(dave, 'member');
      }),
    };
    render(<MembersPanel roomId={ROOM_ID} meId="alice" myRole="admin" api={api} onClose={() => {}} />);
    await waitFor(() => expect(screen.getAllByTestId('member')).toHaveLength(3));

    fireEvent.click(screen.getByTestId('add-member'));
    fireEvent.change(screen.getByTestId('people-search'), { target: { value: 'da' } });
    fireEvent.click(within(await screen.findByTestId('person-result')).getByText('Dave'));
    expect(screen.getByTestId('people-start').textContent).toBe('Add');
    fireEvent.click(screen.getByTestId('people-start'));
    await waitFor(() => expect(screen.getAllByTestId('member')).toHaveLength(4));
    expect(api.addMember).toHaveBeenCalledWith(ROOM_ID, { user_id: 'dave' });
    expect(screen.queryByTestId('people-picker')).toBeNull();

    fireEvent.click(screen.getByTestId('add-member'));
    fireEvent.change(screen.getByTestId('people-search'), { target: { value: 'bo' } });
    fireEvent.click(await screen.findByTestId('person-result'));
    fireEvent.click(screen.getByTestId('people-start'));
    expect((await screen.findByTestId('people-error')).textContent).toBe('conflict: already a member');
    expect(screen.getByTestId('people-picker')).toBeTruthy();
  });

  it("offers a moderator mute and ban on members below them, unmute and unban where they apply, and nothing on the owner or themselves", async () => {
    const erin = { id: 'erin', username: 'Erin' };
    const frank = { id: 'frank', username: 'Frank' };
    const listed = [member(carol, 'owner'), member(alice, 'moderator'), member(bob, 'member'), member(erin, 'muted'),
      member(frank, 'banned'), member({ id: 'gus', username: 'Gus' }, 'admin')];
    const api = { listMembers: vi.fn(async () => ({ results: listed, next_cursor: null })), setMemberRole: vi.fn(),
      addMember: vi.fn(), searchUsers: vi.fn() };
    const onModerate = vi.fn();
    const { rerender } = render(<MembersPanel roomId={ROOM_ID} meId="alice" myRole="moderator" api={api}
      onModerate={onModerate} version={0} onClose={() => {}} />);
    await waitFor(() => expect(screen.getAllByTestId('member')).toHaveLength(6));
    const actionsOf = (name: string) => within(screen.getAllByTestId('member').find((li) => li.textContent?.startsWith(name))!)
      .queryAllByRole('button').map((b) => b.textContent);
    expect(actionsOf('Carol')).toEqual([]);
    expect(actionsOf('Alice')).toEqual([]);
    expect(actionsOf('Gus')).toEqual([]);
    expect(actionsOf('Bob')).toEqual(['Mute', 'Ban']);
    expect(actionsOf('Erin')).toEqual(['Unmute', 'Ban']);
    expect(actionsOf('Frank')).toEqual(['Unban']);
    expect(screen.queryByTestId('add-member')).toBeNull();

    fireEvent.click(screen.getByLabelText('Ban Bob'));
    expect(onModerate).toHaveBeenCalledWith(bob, 'ban');
    fireEvent.click(screen.getByLabelText('Unmute Erin'));
    expect(onModerate).toHaveBeenCalledWith(erin, 'unmute');

    // an action taken in the room's dialog bumps the version: the list is read again
    expect(api.listMembers).toHaveBeenCalledTimes(1);
    rerender(<MembersPanel roomId={ROOM_ID} meId="alice" myRole="moderator" api={api}
      onModerate={onModerate} version={1} onClose={() => {}} />);
    await waitFor(() => expect(api.listMembers).toHaveBeenCalledTimes(2));
  });
});

describe('threads', () => {
  it('opens a thread with its messages, replies into it, and lets a moderator lock it', async () => {
    let locked = false;
    const api = {
      listThreads: vi.fn(async () => ({ results: [thread({ is_locked: locked })], next_cursor: null })),
      createThread: vi.fn(),
      moderate: vi.fn(async () => {
        locked = true;
        return {} as never;
      }),
    };
    const onReply = vi.fn();
    const messages = [msg(1, bob, 'Loved the worldbuilding', { thread_id: 't-1' }), msg(2, bob, 'not in it')];
    render(<ThreadsPanel roomId={ROOM_ID} messages={messages} isModerator canPost api={api} onReply={onReply}
      onClose={() => {}} />);
    fireEvent.click(await screen.findByTestId('thread'));
    expect(screen.getAllByTestId('thread-message').map((e) => within(e).getByText(/worldbuilding|not in it/).textContent))
      .toEqual(['Loved the worldbuilding']);
    fireEvent.change(screen.getByTestId('thread-reply'), { target: { value: 'Me too' } });
    fireEvent.click(screen.getByText('Reply'));
    expect(onReply).toHaveBeenCalledWith('t-1', 'Me too');

    fireEvent.click(screen.getByTestId('thread-lock'));
    expect(await screen.findByTestId('thread-locked')).toBeTruthy();
    expect(api.moderate).toHaveBeenCalledWith(ROOM_ID, { action: 'lock', thread_id: 't-1', reason: 'locked from the Lounge' });
    expect(screen.queryByTestId('thread-reply')).toBeNull();
    expect(screen.getByTestId('thread-lock').textContent).toBe('Unlock');
  });

  it('starts a thread and opens it; a member sees no lock', async () => {
    const api = {
      listThreads: vi.fn(async () => ({ results: [], next_cursor: null })),
      createThread: vi.fn(async () => thread({ id: 't-2', title: 'New one', message_count: 0 })),
      moderate: vi.fn(),
    };
    render(<ThreadsPanel roomId={ROOM_ID} messages={[]} isModerator={false} canPost api={api} onReply={() => {}}
      onClose={() => {}} />);
    await screen.findByText('No threads yet.');
    fireEvent.change(screen.getByTestId('thread-title'), { target: { value: 'New one' } });
    fireEvent.click(screen.getByText('Start'));
    expect(await screen.findByText('No replies here yet.')).toBeTruthy();
    expect(api.createThread).toHaveBeenCalledWith(ROOM_ID, 'New one');
    expect(screen.queryByTestId('thread-lock')).toBeNull();
  });
});

describe('the management chips', () => {
  it('offer settings to owners and admins only, and leave to everyone but the owner', () => {
    const { rerender } = render(<ManageBar myRole="member" open={null} onToggle={() => {}} onLeave={() => {}} />);
    expect(screen.queryByTestId('settings-toggle')).toBeNull();
    expect(screen.getByTestId('leave-room')).toBeTruthy();
    rerender(<ManageBar myRole="owner" open="settings" onToggle={() => {}} onLeave={() => {}} />);
    expect(screen.getByTestId('settings-toggle').getAttribute('aria-pressed')).toBe('true');
    expect(screen.queryByTestId('leave-room')).toBeNull();
    rerender(<ManageBar myRole="admin" open={null} onToggle={() => {}} onLeave={() => {}} />);
    expect(screen.getByTestId('settings-toggle')).toBeTruthy();
  });
});
