import { useEffect, useRef, useState } from 'react';
import { secondsLeft } from '../../lib/format';
import type { Message } from '@community/client';

export const MAX_CONTENT = 4000;

interface Props {
  placeholder: string;
  disabledReason: string | null;
  cooldown: { until: number; code: 'rate_limited' | 'slow_mode' } | null;
  replyTo: Message | null;
  onCancelReply: () => void;
  onSend: (content: string) => void;
  onTyping: (isTyping: boolean) => void;
}

/** Enter sends, Shift+Enter is a new line; a rate-limit or slow-mode wait is counted down in place. */
export function MessageInput({ placeholder, disabledReason, cooldown, replyTo, onCancelReply, onSend, onTyping }: Props) {
  const [text, setText] = useState('');
  const [now, setNow] = useState(() => Date.now());
  const input = useRef<HTMLTextAreaElement>(null);
  const waiting = cooldown != null && cooldown.until > now;

  useEffect(() => {
    if (!cooldown) return undefined;
    setNow(Date.now());
    const timer = setInterval(() => setNow(Date.now()), 250);
    return () => clearInterval(timer);
  }, [cooldown]);

  useEffect(() => {
    if (replyTo) input.current?.focus();
  }, [replyTo]);

  const send = () => {
    const content = text.trim();
    if (!content || disabledReason || content.length > MAX_CONTENT) return;
    onSend(content);
    setText('');
    onTyping(false);
  };

  const length = [...text].length;
  return (
    <div className="composer glass">
      {replyTo ? (
        <div className="composer-reply">
          Replying to <strong>{replyTo.author.username}</strong>
          <span className="composer-reply-text">{replyTo.content.slice(0, 80)}</span>
          <button type="button" className="link" onClick={onCancelReply} aria-label="Cancel reply">✕</button>
        </div>
      ) : null}
      {waiting ? (
        <div className="cooldown" role="status" data-testid="cooldown">
          <span className="cooldown-ring" aria-hidden="true" />
          {/* one text block: as loose flex items the sentence and its number would stand in columns */}
          <span className="cooldown-text">
            {cooldown.code === 'slow_mode' ? 'Slow mode' : 'You are sending too fast'} — you can send again in{' '}
            <strong>{secondsLeft(cooldown.until, now)} s</strong>. What you send now waits and goes out by itself.
          </span>
        </div>
      ) : null}
      <div className="composer-row">
        <textarea
          ref={input}
          rows={1}
          value={text}
          placeholder={disabledReason ?? placeholder}
          disabled={Boolean(disabledReason)}
          aria-label="Message"
          data-testid="message-input"
          onChange={(e) => {
            setText(e.target.value);
            onTyping(e.target.value.trim().length > 0);
          }}
          onBlur={() => onTyping(false)}
          onKeyDown={(e) => {
            if (e.key === 'Enter' && !e.shiftKey && !e.nativeEvent.isComposing) {
              e.preventDefault();
              send();
            } else if (e.key === 'Escape' && replyTo) {
              onCancelReply();
            }
          }}
        />
        <button type="button" className="send-button" onClick={send} disabled={!text.trim() || Boolean(disabledReason)}
          aria-label="Send" data-testid="send-button">
          ➤
        </button>
      </div>
      {length > MAX_CONTENT - 500 ? (
        <div className={`char-count${length > MAX_CONTENT ? ' over' : ''}`}>{length} / {MAX_CONTENT}</div>
      ) : null}
    </div>
  );
}
