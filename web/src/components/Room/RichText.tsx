import { Fragment, type ReactNode } from 'react';
import { imagePreview, parseRichText, safeUrl, type AttachmentLike, type Me, type RichNode } from '../../lib/richText';

/** A message's text as React elements: links open in a new tab without handing it this page (noopener noreferrer). */
export function RichText({ content, me }: { content: string; me: Me }) {
  return <>{render(parseRichText(content, me))}</>;
}

function render(nodes: RichNode[]): ReactNode[] {
  return nodes.map((node, i) => {
    switch (node.kind) {
      case 'text':
        return <Fragment key={i}>{node.text}</Fragment>;
      case 'mention':
        return <span key={i} className={node.mine ? 'mention mention-me' : 'mention'}>{node.text}</span>;
      case 'link':
        return <a key={i} href={node.href} target="_blank" rel="noopener noreferrer">{node.text}</a>;
      case 'code':
        return <code key={i}>{node.text}</code>;
      case 'strong':
        return <strong key={i}>{render(node.children)}</strong>;
      case 'em':
        return <em key={i}>{render(node.children)}</em>;
    }
  });
}

/** Image attachments from http(s) as previews; every other attachment with a safe URL as a link; the rest by name. */
export function Attachments({ attachments }: { attachments: AttachmentLike[] }) {
  if (attachments.length === 0) return null;
  return (
    <ul className="attachments" aria-label="Attachments">
      {attachments.map((a, i) => {
        const name = a.name || 'attachment';
        const image = imagePreview(a);
        const href = safeUrl(a.url);
        return (
          <li key={i} className={image ? 'attachment attachment-image' : 'attachment'}>
            {image ? (
              <a href={image} target="_blank" rel="noopener noreferrer" title={name}>
                <img src={image} alt={name} loading="lazy" referrerPolicy="no-referrer" />
              </a>
            ) : href ? (
              <a href={href} target="_blank" rel="noopener noreferrer">📎 {name}</a>
            ) : (
              <span>📎 {name}</span>
            )}
          </li>
        );
      })}
    </ul>
  );
}
