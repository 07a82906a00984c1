import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { Attachments, RichText } from '../src/components/Room/RichText';
import { imagePreview, parseRichText, safeUrl } from '../src/lib/richText';

const me = { id: 'alice', username: 'Alice' };
const html = (content: string) => renderToStaticMarkup(<RichText content={content} me={me} />);

describe('message formatting', () => {
  it('makes http and https links clickable, opening a new tab without a referrer or opener', () => {
    expect(html('see https://example.com/a?b=1&c=2.')).toBe(
      'see <a href="https://example.com/a?b=1&amp;c=2" target="_blank" rel="noopener noreferrer">'
      + 'https://example.com/a?b=1&amp;c=2</a>.');
    expect(html('(http://x.org/y)')).toBe(
      '(<a href="http://x.org/y" target="_blank" rel="noopener noreferrer">http://x.org/y</a>)');
  });

  it('renders `code`, **strong** and *em*, one level nested, and leaves formatting inside code alone', () => {
    expect(html('run `rm -rf *tmp*` now')).toBe('run <code>rm -rf *tmp*</code> now');
    expect(html('**bold** and *soft*')).toBe('<strong>bold</strong> and <em>soft</em>');
    expect(html('**a *b* c**')).toBe('<strong>a <em>b</em> c</strong>');
    expect(html('``a `tick` b``')).toBe('<code>a `tick` b</code>');
    expect(html('**see https://example.com**')).toBe(
      '<strong>see <a href="https://example.com/" target="_blank" rel="noopener noreferrer">https://example.com</a></strong>');
  });

  it('leaves arithmetic, lone stars and unclosed markers as text', () => {
    expect(html('2*3*4 = 24')).toBe('2*3*4 = 24');
    expect(html('a * b * c')).toBe('a * b * c');
    expect(html('**not closed')).toBe('**not closed');
    expect(html('`unclosed')).toBe('`unclosed');
  });

  it('keeps @mentions, marking mine, inside formatting too', () => {
    expect(html('hi @alice and *@bob*')).toBe(
      'hi <span class="mention mention-me">@alice</span> and <em><span class="mention">@bob</span></em>');
  });

  it('never turns hostile text into markup, script or a dangerous link', () => {
    const hostile = [
      '<img src=x onerror=alert(1)>',
      '<script>alert(1)</script>',
      'javascript:alert(1)',
      '[click](javascript:alert(1))',
      'data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==',
      'JaVaScRiPt:alert(document.cookie)',
      '`<b>in code</b>`',
      '**<i>bold</i>**',
      'vbscript:msgbox(1) file:///etc/passwd',
    ];
    for (const text of hostile) {
      const out = html(text);
      expect(out).not.toMatch(/<(img|script|i|b)[\s>]/);
      expect(out).not.toMatch(/href="(?!https?:)/);
      expect(out).not.toContain('onerror=alert(1)>');
    }
    expect(html('<img src=x onerror=alert(1)>')).toBe('&lt;img src=x onerror=alert(1)&gt;');
    expect(html('javascript:alert(1)')).toBe('javascript:alert(1)');
  });

  it('stops a link at quotes and angle brackets so it cannot break out of its attribute', () => {
    expect(html('https://evil.example/"onmouseover="alert(1)')).toBe(
      '<a href="https://evil.example/" target="_blank" rel="noopener noreferrer">https://evil.example/</a>'
      + '&quot;onmouseover=&quot;alert(1)');
    expect(html('https://a.example/<script>')).toBe(
      '<a href="https://a.example/" target="_blank" rel="noopener noreferrer">https://a.example/</a>&lt;script&gt;');
  });

  it('accepts only absolute http(s) URLs with a host', () => {
    expect(safeUrl('https://example.com/x')).toBe('https://example.com/x');
    expect(safeUrl('HTTP://EXAMPLE.com')).toBe('http://example.com/');
    for (const bad of ['javascript:alert(1)', ' javascript:alert(1)', 'data:image/png;base64,AAAA', 'file:///etc/passwd',
      '//example.com/x', '/relative', 'ftp://example.com', 'http://', '', null, undefined, `https://x.com/${'a'.repeat(2100)}`]) {
      expect(safeUrl(bad as string)).toBeNull();
    }
  });

  it('parses into data, not HTML', () => {
    expect(parseRichText('a *b* `c`', null)).toEqual([
      { kind: 'text', text: 'a ' },
      { kind: 'em', children: [{ kind: 'text', text: 'b' }] },
      { kind: 'text', text: ' ' },
      { kind: 'code', text: 'c' },
    ]);
  });
});

describe('attachments', () => {
  it('previews images only from http(s), links other files, and shows unsafe ones by name only', () => {
    expect(imagePreview({ url: 'https://files.example/dune.jpg', type: 'image/jpeg' })).toBe('https://files.example/dune.jpg');
    expect(imagePreview({ url: 'data:image/png;base64,AAAA', type: 'image/png' })).toBeNull();
    expect(imagePreview({ url: 'javascript:alert(1)', type: 'image/png' })).toBeNull();
    expect(imagePreview({ url: 'https://files.example/x.pdf', type: 'application/pdf' })).toBeNull();
    const out = renderToStaticMarkup(<Attachments attachments={[
      { url: 'https://files.example/dune.jpg', name: 'dune.jpg', type: 'image/jpeg' },
      { url: 'https://files.example/notes.pdf', name: 'notes.pdf', type: 'application/pdf' },
      { url: 'javascript:alert(1)', name: 'evil.png', type: 'image/png' },
      { url: 'data:text/html,<script>alert(1)</script>', name: 'evil.html', type: 'text/html' },
    ]} />);
    expect(out).toContain('<img src="https://files.example/dune.jpg" alt="dune.jpg" loading="lazy" referrerPolicy="no-referrer"/>');
    expect(out).toContain('<a href="https://files.example/notes.pdf" target="_blank" rel="noopener noreferrer">📎 notes.pdf</a>');
    expect(out).toContain('<span>📎 evil.png</span>');
    expect(out).toContain('<span>📎 evil.html</span>');
    expect(out).not.toContain('javascript:');
    expect(out).not.toContain('data:');
  });
});
