import type { User } from '@community/client';

export function typingText(users: User[]): string {
  if (users.length === 0) return '';
  if (users.length === 1) return `${users[0].username} is typing…`;
  if (users.length === 2) return `${users[0].username} and ${users[1].username} are typing…`;
  return `${users.length} people are typing…`;
}

export function TypingIndicator({ users }: { users: User[] }) {
  return (
    <div className="typing-indicator" aria-live="polite" data-testid="typing-indicator">
      {users.length > 0 ? (
        <>
          <span className="typing-dots" aria-hidden="true">
            <i />
            <i />
            <i />
          </span>
          {typingText(users)}
        </>
      ) : null}
    </div>
  );
}
