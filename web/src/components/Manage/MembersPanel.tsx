import { useCallback, useEffect, useState } from 'react';
import type { AssignableRole, CommunityApi, Member, Role, User } from '@community/client';
import type { UserAction } from '../Moderation/ModerateUserDialog';
import { PeoplePicker } from './PeoplePicker';
import { assignableRoles, managesRoom, moderatableBy, refusal } from './roles';

interface Props {
  roomId: string;
  meId: string;
  myRole: Role | null;
  /** Platform staff moderate every room (not its owner). */
  staff?: boolean;
  api: Pick<CommunityApi, 'listMembers' | 'setMemberRole' | 'addMember' | 'searchUsers'>;
  /**
   * Opens the room's one moderation dialog (warn, mute or ban with a duration, unmute, unban) on a member; given
   * only where I moderate. The dialog is the same one a message's author opens.
   */
  onModerate?: (user: User, action: UserAction) => void;
  /** Bumped after each moderation action in the room: the list is read again (a new mute or ban shows). */
  version?: number;
  onClose: () => void;
}

/** The actions on a member by role: lifting what they are under, or putting them under it. */
function moderationActions(role: Role): { action: UserAction; label: string }[] {
  if (role === 'banned') return [{ action: 'unban', label: 'Unban' }];
  if (role === 'muted') return [{ action: 'unmute', label: 'Unmute' }, { action: 'ban', label: 'Ban' }];
  return [{ action: 'mute', label: 'Mute' }, { action: 'ban', label: 'Ban' }];
}

/**
 * The room's members with their roles (the banned too); owners and admins change the roles below their own and
 * add people (a private circle's only way in), moderators mute, ban and lift those from here.
 */
export function MembersPanel({ roomId, meId, myRole, staff = false, api, onModerate, version = 0, onClose }: Props) {
  const [members, setMembers] = useState<Member[] | null>(null);
  const [cursor, setCursor] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [adding, setAdding] = useState(false);

  const load = useCallback(async (from: string | null) => {
    try {
      const page = await api.listMembers(roomId, { cursor: from ?? undefined, limit: 100 });
      setMembers((now) => (from == null ? page.results : [...(now ?? []), ...page.results]));
      setCursor(page.next_cursor);
      setError(null);
    } catch (e) {
      setError(refusal(e, 'The members could not be loaded.'));
    }
  }, [api, roomId]);

  useEffect(() => {
    void load(null);
  }, [load, version]);

  const change = async (member: Member, role: AssignableRole) => {
    try {
      const updated = await api.setMemberRole(roomId, member.user.id, role);
      setMembers((now) => (now ?? []).map((m) => (m.user.id === updated.user.id ? updated : m)));
      setError(null);
    } catch (e) {
      setError(refusal(e, 'The role could not be changed.'));
    }
  };

  // One at a time, in the order picked: the first refusal (409 already a member, 403 …) stops the rest and is
  // shown in the picker as the server said it; whoever was added before it stays added and shows in the list.
  const add = async (userIds: string[]) => {
    try {
      for (const userId of userIds) await api.addMember(roomId, { user_id: userId });
    } finally {
      await load(null);
    }
    setAdding(false);
  };

  return (
    <aside className="people manage-panel glass" aria-label="Members" data-testid="members-panel">
      <h3>Members{members ? ` — ${members.length}${cursor ? '+' : ''}` : ''}
        <button type="button" className="icon-button small" aria-label="Close members" onClick={onClose}>✕</button>
      </h3>
      {managesRoom(myRole) ? (adding ? (
        <PeoplePicker meId={meId} api={api} onStart={add} onCancel={() => setAdding(false)}
          startLabel={(count) => (count > 1 ? `Add ${count} people` : 'Add')} />
      ) : (
        <button type="button" className="button small" onClick={() => setAdding(true)} data-testid="add-member">
          + Add people
        </button>
      )) : null}
      {error ? <p className="inline-error" role="alert">{error}</p> : null}
      <ul className="member-list">
        {(members ?? []).map((member) => {
          const mine = member.user.id === meId;
          const roles = mine ? [] : assignableRoles(myRole, member.role);
          const actions = onModerate && !mine && moderatableBy(myRole, staff, member.role)
            ? moderationActions(member.role) : [];
          return (
            <li key={member.user.id} className="member" data-testid="member">
              <span className="people-name">{member.user.username}</span>
              {roles.length > 0 ? (
                <select value={member.role} aria-label={`Role of ${member.user.username}`}
                  onChange={(e) => void change(member, e.target.value as AssignableRole)} data-testid="member-role">
                  {roles.includes(member.role as AssignableRole) ? null : <option value={member.role}>{member.role}</option>}
                  {roles.map((role) => <option key={role} value={role}>{role}</option>)}
                </select>
              ) : (
                <span className={`tag role-${member.role}`} data-testid="member-role-label">{member.role}</span>
              )}
              {actions.length > 0 ? (
                <span className="member-actions">
                  {actions.map(({ action, label }) => (
                    <button key={action} type="button" className={`button small ghost${action === 'ban' ? ' danger' : ''}`}
                      aria-label={`${label} ${member.user.username}`} data-testid={`member-${action}`}
                      onClick={() => onModerate?.(member.user, action)}>{label}</button>
                  ))}
                </span>
              ) : null}
            </li>
          );
        })}
      </ul>
      {cursor ? <button type="button" className="button small ghost" onClick={() => void load(cursor)}>More</button> : null}
    </aside>
  );
}
