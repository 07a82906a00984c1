import { useEffect, useId, useRef, type ReactNode } from 'react';

interface Props {
  title: string;
  onClose: () => void;
  children: ReactNode;
  testId?: string;
}

/**
 * A modal glass card over the page: Escape or the backdrop closes it, focus moves into it on opening and back to
 * where it was on closing (a keyboard user lands on the action they came from).
 */
export function Dialog({ title, onClose, children, testId }: Props) {
  const titleId = useId();
  const card = useRef<HTMLDivElement>(null);

  useEffect(() => {
    const before = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    const first = card.current?.querySelector<HTMLElement>('input, select, textarea, button:not(.dialog-close)');
    (first ?? card.current)?.focus();
    return () => before?.focus?.();
  }, []);

  // Escape closes from anywhere: focus may have left the card (a button that disabled itself while sending).
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') onClose();
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [onClose]);

  return (
    <div className="dialog-backdrop" onMouseDown={(e) => e.target === e.currentTarget && onClose()}>
      <div ref={card} className="dialog glass" role="dialog" aria-modal="true" aria-labelledby={titleId} tabIndex={-1}
        data-testid={testId}>
        <div className="dialog-header">
          <h2 id={titleId}>{title}</h2>
          <button type="button" className="icon-button small dialog-close" onClick={onClose} aria-label="Close">✕</button>
        </div>
        {children}
      </div>
    </div>
  );
}
