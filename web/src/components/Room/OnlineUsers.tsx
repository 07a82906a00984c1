import { Avatar } from '../Avatar';
import type { User } from '@community/client';

export function OnlineUsers({ users, meId, onOpenDm }: { users: User[]; meId: string; onOpenDm: (userId: string) => void }) {
  return (
    <aside className="people glass" aria-label="Online" data-testid="online-users">
      <h3>Online — {users.length}</h3>
      <ul>
        {users.map((u) => (
          <li key={u.id} data-testid="online-user">
            <Avatar user={u} size={28} online />
            <span className="people-name">{u.username}{u.id === meId ? ' (you)' : ''}</span>
            {u.id !== meId ? (
              <button type="button" className="link" onClick={() => onOpenDm(u.id)} title={`Message ${u.username}`}>
                DM
              </button>
            ) : null}
          </li>
        ))}
      </ul>
    </aside>
  );
}
