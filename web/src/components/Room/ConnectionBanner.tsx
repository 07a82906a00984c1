import type { RoomState } from '@community/client';

/** Says plainly when the room is not live, and what happens to what I send meanwhile. */
export function ConnectionBanner({ status, attempt, fatal }: {
  status: RoomState['status'];
  attempt: number;
  fatal: RoomState['fatal'];
}) {
  if (fatal) {
    return (
      <div className="banner banner-fatal" role="alert" data-testid="fatal-banner">
        {fatal.message}
      </div>
    );
  }
  if (status === 'reconnecting') {
    return (
      <div className="banner banner-reconnecting" role="status" data-testid="reconnecting-banner">
        <span className="spinner" aria-hidden="true" />
        Connection lost — reconnecting{attempt > 1 ? ` (attempt ${attempt})` : ''}… Messages you send now are
        delivered when it is back.
      </div>
    );
  }
  return null;
}
