import { hueOf, initials } from '../lib/format';
import type { User } from '@community/client';

export function Avatar({ user, size = 36, online }: { user: User; size?: number; online?: boolean }) {
  const hue = hueOf(user.id);
  return (
    <span
      className="avatar"
      style={{ width: size, height: size, fontSize: size * 0.38, ['--hue' as string]: hue }}
      aria-hidden="true"
    >
      {initials(user.username)}
      {online && <span className="avatar-online" />}
    </span>
  );
}
