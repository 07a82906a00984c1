import { useCallback, useEffect, useState } from 'react';
import type { AssignableRole, CommunityApi, Member, Role } from '@community/client';
import { PeoplePicker } from './PeoplePicker';
import { assignableRoles, managesRoom, refusal } from './roles';

interface Props {
  roomId: string;
  meId: string;
  myRole: Role | null;
  api: Pick<CommunityApi, 'listMembers' | 'setMemberRole' | 'addMember' | 'searchUsers'>;
  onClose: () => void;
}

/**
 * The room's members with their roles (the banned too); owners and admins change the roles below their own and
 * add people (a private circle's only way in).
 */
export function MembersPanel({ roomId, meId, myRole, api, onClose }: Props) {
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
  }, [load]);

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
          const roles = member.user.id === meId ? [] : assignableRoles(myRole, member.role);
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
            </li>
          );
        })}
      </ul>
      {cursor ? <button type="button" className="button small ghost" onClick={() => void load(cursor)}>More</button> : null}
    </aside>
  );
}
