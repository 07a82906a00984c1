import { Virtuoso } from 'react-virtuoso';
import { Avatar } from '../Avatar';
import type { User } from '@community/client';

interface Props {
  users: User[];
  /** Everyone online: above the server's presence_list_limit, `users` holds only that many and this says how many. */
  count?: number;
  meId: string;
  onOpenDm: (userId: string) => void;
}

/** Rows kept in the DOM beyond what is on screen, so a fast scroll shows no blank rows. */
const OVERSCAN_PX = 400;

/**
 * Who is online. A room with a thousand people online must not put a thousand rows in the page: the list is
 * virtualized (react-virtuoso), and where the server sends only a summary the count says how many there are.
 */
export function OnlineUsers({ users, count = users.length, meId, onOpenDm }: Props) {
  const total = Math.max(count, users.length);
  return (
    <aside className="people glass" aria-label="Online" data-testid="online-users">
      <h3>Online — {total}</h3>
      {total > users.length ? (
        <p className="muted small people-summary" data-testid="online-summary">
          Showing {users.length} of {total}.
        </p>
      ) : null}
      <Virtuoso
        className="people-list"
        data={users}
        computeItemKey={(_, u) => u.id}
        increaseViewportBy={OVERSCAN_PX}
        components={{ List: PeopleList }}
        itemContent={(_, u) => (
          <div className="people-row" data-testid="online-user" role="listitem">
            <Avatar user={u} size={28} online />
            <span className="people-name">{u.username}{u.id === meId ? ' (you)' : ''}</span>
            {u.id !== meId ? (
              <button type="button" className="link" onClick={() => onOpenDm(u.id)} title={`Message ${u.username}`}
                aria-label={`Message ${u.username}`}>
                DM
              </button>
            ) : null}
          </div>
        )}
      />
    </aside>
  );
}

const PeopleList = ({ ref, ...rest }: React.HTMLAttributes<HTMLDivElement> & { ref?: React.Ref<HTMLDivElement> }) => (
  <div {...rest} ref={ref} role="list" />
);
