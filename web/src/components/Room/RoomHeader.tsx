import type { ReactNode } from 'react';
import type { ConnectionStatus, Room } from '@community/client';

interface Props {
  room: Room | null;
  title: string;
  isDm: boolean;
  onlineCount: number;
  status: ConnectionStatus;
  onOpenRooms: () => void;
  onTogglePeople: () => void;
  peopleOpen: boolean;
  onTogglePins: () => void;
  pinsOpen: boolean;
  /** More header controls (the room's management chips). */
  extra?: ReactNode;
  /** Moderators only: the queue, audit trail and restrictions panel (absent: no button). */
  onToggleModeration?: () => void;
  moderationOpen?: boolean;
}

export function RoomHeader(props: Props) {
  const { room, title, isDm, onlineCount, status, onOpenRooms, onTogglePeople, peopleOpen, onTogglePins, pinsOpen,
    extra, onToggleModeration, moderationOpen = false } = props;
  const label = status === 'open' ? 'Connected' : status === 'closed' ? 'Disconnected' : 'Connecting';
  return (
    <header className="room-header glass">
      <button type="button" className="icon-button only-phone" onClick={onOpenRooms} aria-label="Rooms">
        ☰
      </button>
      <div className="room-title">
        <h2>
          <span className="room-sigil">{isDm ? '@' : '#'}</span>
          {title}
        </h2>
        {room?.description ? <p className="room-description">{room.description}</p> : null}
      </div>
      <div className="room-meta">
        {room && room.slow_mode_seconds > 0 ? (
          <span className="chip" title="Slow mode">🐢 {room.slow_mode_seconds}s</span>
        ) : null}
        {extra}
        <span className={`status-dot status-${status}`} title={label} role="img" aria-label={label} data-testid="connection-status" />
        <button
          type="button"
          className={`chip chip-button${pinsOpen ? ' active' : ''}`}
          onClick={onTogglePins}
          aria-pressed={pinsOpen}
          title="Pinned messages"
          data-testid="pins-toggle"
        >
          📌 Pins
        </button>
        {onToggleModeration ? (
          <button
            type="button"
            className={`chip chip-button${moderationOpen ? ' active' : ''}`}
            onClick={onToggleModeration}
            aria-pressed={moderationOpen}
            title="Moderation: queue, audit trail, muted and banned"
            data-testid="moderation-toggle"
          >
            🛡 Mod
          </button>
        ) : null}
        <button
          type="button"
          className={`chip chip-button${peopleOpen ? ' active' : ''}`}
          onClick={onTogglePeople}
          aria-pressed={peopleOpen}
          data-testid="online-count"
        >
          <span className="online-pip" /> {onlineCount} online
        </button>
      </div>
    </header>
  );
}
