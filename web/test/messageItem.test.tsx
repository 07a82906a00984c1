import { act, cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { MessageItem } from '../src/components/Room/MessageItem';
import { alice, bob, msg } from './fixtures';

afterEach(cleanup);

const actions = () => ({
  onReply: vi.fn(), onToggleReaction: vi.fn(), onEdit: async () => {}, onDelete: vi.fn(), onModerate: vi.fn(),
  onTogglePin: vi.fn(), onRetry: () => {}, onDiscard: () => {}, onOpenDm: () => {},
});
const me = { ...alice, staff: false } as never;

function renderMessage(overrides = {}, isModerator = false) {
  const handlers = actions();
  const m = msg(3, bob, 'see https://example.com and `x`', overrides);
  render(<MessageItem {...handlers} message={m} me={me} isModerator={isModerator} replyTo={undefined} compact={false}
    connected focused={false} tabIndex={0} />);
  return { handlers, m, article: screen.getByTestId('message') };
}

describe('a message on a touch screen and by keyboard', () => {
  it('a tap opens its actions, a tap on an action runs it and closes them, a tap elsewhere closes them', () => {
    const { handlers, m, article } = renderMessage();
    expect(article.className).not.toContain('actions-open');
    fireEvent.click(screen.getByTestId('message-content'));
    expect(article.className).toContain('actions-open');
    fireEvent.click(screen.getByLabelText('Reply'));
    expect(handlers.onReply).toHaveBeenCalledWith(m);
    expect(article.className).not.toContain('actions-open');

    fireEvent.click(screen.getByTestId('message-content'));
    fireEvent.pointerDown(document.body);
    expect(article.className).not.toContain('actions-open');
  });

  it('a tap on a link follows the link and does not open the actions', () => {
    const { article } = renderMessage();
    fireEvent.click(screen.getByRole('link'));
    expect(article.className).not.toContain('actions-open');
  });

  it('a long press opens the actions', () => {
    vi.useFakeTimers();
    try {
      const { article } = renderMessage();
      fireEvent.pointerDown(screen.getByTestId('message-content'), { pointerType: 'touch' });
      act(() => void vi.advanceTimersByTime(500));
      expect(article.className).toContain('actions-open');
      // the click that ends the press does not close them again
      fireEvent.pointerUp(screen.getByTestId('message-content'), { pointerType: 'touch' });
      fireEvent.click(screen.getByTestId('message-content'));
      expect(article.className).toContain('actions-open');
    } finally {
      vi.useRealTimers();
    }
  });

  it('Enter opens the actions and Escape closes them; a moderator reaches every action', async () => {
    const { handlers, m, article } = renderMessage({}, true);
    article.focus();
    fireEvent.keyDown(article, { key: 'Enter' });
    expect(article.className).toContain('actions-open');
    expect(screen.getAllByRole('button').map((b) => b.getAttribute('aria-label')).filter(Boolean))
      .toEqual(['Reply', 'React', 'Delete', 'Pin', 'Hide', 'Mute author']);
    fireEvent.click(screen.getByLabelText('React'));
    fireEvent.click(screen.getByLabelText('React 🎉'));
    expect(handlers.onToggleReaction).toHaveBeenCalledWith(m, '🎉');
    fireEvent.keyDown(article, { key: 'Enter' });
    fireEvent.keyDown(screen.getByLabelText('Reply'), { key: 'Escape' });
    expect(article.className).not.toContain('actions-open');
    expect(document.activeElement).toBe(article);
  });

  it('shows image attachments from https as previews and nothing from javascript: or data:', () => {
    renderMessage({ attachments: [
      { url: 'https://files.example/a.png', name: 'a.png', size: 1, type: 'image/png' },
      { url: 'javascript:alert(1)', name: 'b.png', size: 1, type: 'image/png' },
      { url: 'data:image/png;base64,AAAA', name: 'c.png', size: 1, type: 'image/png' },
    ] });
    const images = screen.getAllByRole('img');
    expect(images.map((i) => i.getAttribute('src'))).toEqual(['https://files.example/a.png']);
    expect(screen.getByText('📎 b.png').closest('a')).toBeNull();
    expect(screen.getByText('📎 c.png').closest('a')).toBeNull();
  });
});
