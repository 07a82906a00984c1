import type { Role } from '@community/client';
import { managesRoom } from './roles';

export type ManagePanel = 'threads' | 'members' | 'settings';

interface Props {
  myRole: Role | null;
  open: ManagePanel | null;
  onToggle: (panel: ManagePanel) => void;
  onLeave: () => void;
}

/** The room header's management chips: threads and members for everyone, settings for owners and admins, leave. */
export function ManageBar({ myRole, open, onToggle, onLeave }: Props) {
  const chip = (panel: ManagePanel, text: string) => (
    <button type="button" className={`chip chip-button${open === panel ? ' active' : ''}`} aria-pressed={open === panel}
      onClick={() => onToggle(panel)} data-testid={`${panel}-toggle`}>{text}</button>
  );
  const member = myRole != null && myRole !== 'banned';
  return (
    <>
      {chip('threads', '🧵 Threads')}
      {chip('members', '👥 Members')}
      {managesRoom(myRole) ? chip('settings', '⚙ Settings') : null}
      {member && myRole !== 'owner' ? (
        <button type="button" className="chip chip-button" onClick={onLeave} data-testid="leave-room">Leave</button>
      ) : null}
    </>
  );
}
