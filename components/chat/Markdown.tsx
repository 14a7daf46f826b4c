import type { ComponentChildren, VNode } from 'preact';
import { useMemo } from 'preact/hooks';
import { parseMarkdown, type MdBlock, type MdInline } from '@/lib/answer/markdown';
import { MAX_REPLY_CHARS } from '@/lib/answer/reply-limit';

/**
 * Renders model output as Markdown with Preact elements only: text is always
 * text (Preact escapes it), links go only to http(s)/mailto and show their
 * real target, images are never loaded, raw HTML stays visible as text.
 */
export function Markdown(props: { text: string; citations?: number; onCitation?: (id: number) => void }) {
  // Answers are bounded when written; one saved before the bound existed is shown up to it, and says so.
  const shown = props.text.length > MAX_REPLY_CHARS ? props.text.slice(0, MAX_REPLY_CHARS) : props.text;
  const citations = props.citations ?? 0;
  const blocks = useMemo(() => parseMarkdown(shown, { citations }), [shown, citations]);
  return (
    <div class="markdown">
      {blocks.map((block, index) => renderBlock(block, index, props.onCitation))}
      {shown.length < props.text.length && (
        <p class="muted" data-testid="markdown-cut">
          Only the first {MAX_REPLY_CHARS.toLocaleString('en')} of {props.text.length.toLocaleString('en')} characters are shown.
        </p>
      )}
    </div>
  );
}

/** A short, readable form of a URL: host and path. */
function displayTarget(href: string): string {
  try {
    const url = new URL(href);
    if (url.protocol === 'mailto:') return href;
    const path = url.pathname === '/' ? '' : url.pathname;
    const shown = `${url.host}${path}${url.search}`;
    return shown.length > 60 ? `${shown.slice(0, 57)}…` : shown;
  } catch {
    return href;
  }
}

function renderBlock(block: MdBlock, key: number, onCitation?: (id: number) => void): VNode {
  switch (block.type) {
    case 'paragraph':
      return <p key={key}>{renderInlines(block.children, onCitation)}</p>;
    case 'heading': {
      // Answers sit under the view's own headings: shift levels down so the outline stays sane.
      const Tag = `h${Math.min(6, block.level + 2)}` as 'h3';
      return <Tag key={key}>{renderInlines(block.children, onCitation)}</Tag>;
    }
    case 'code':
      return (
        <pre key={key}>
          <code>{block.value}</code>
        </pre>
      );
    case 'list': {
      const items = block.items.map((item, index) => <li key={index}>{item.map((child, i) => renderBlock(child, i, onCitation))}</li>);
      return block.ordered ? (
        <ol key={key} start={block.start}>
          {items}
        </ol>
      ) : (
        <ul key={key}>{items}</ul>
      );
    }
    case 'quote':
      return <blockquote key={key}>{block.children.map((child, i) => renderBlock(child, i, onCitation))}</blockquote>;
    case 'rule':
      return <hr key={key} />;
  }
}

function renderInlines(nodes: MdInline[], onCitation?: (id: number) => void): ComponentChildren[] {
  return nodes.map((node, index) => renderInline(node, index, onCitation));
}

function renderInline(node: MdInline, key: number, onCitation?: (id: number) => void): ComponentChildren {
  switch (node.type) {
    case 'text':
      return node.value;
    case 'code':
      return <code key={key}>{node.value}</code>;
    case 'strong':
      return <strong key={key}>{renderInlines(node.children, onCitation)}</strong>;
    case 'em':
      return <em key={key}>{renderInlines(node.children, onCitation)}</em>;
    case 'break':
      return <br key={key} />;
    case 'citation':
      return (
        <sup key={key} class="citation">
          {node.ids.map((id) => (
            <button type="button" key={id} class="citation-ref" aria-label={`Source ${id}`} onClick={() => onCitation?.(id)}>
              {id}
            </button>
          ))}
        </sup>
      );
    case 'link': {
      // A bare URL already shows its target; repeating it would only add noise.
      const bare = node.children.length === 1 && node.children[0]!.type === 'text' && node.children[0]!.value === node.target;
      return (
        <SafeLink key={key} href={node.href} target={node.target} showTarget={!bare}>
          {renderInlines(node.children, onCitation)}
        </SafeLink>
      );
    }
    case 'image':
      // Never an <img>: loading a URL could send data anywhere. The person may open it as a link.
      return (
        <SafeLink key={key} href={node.href} target={node.target}>
          {`[image: ${node.alt || 'no description'}]`}
        </SafeLink>
      );
  }
}

/** A link to a vetted target, showing where it goes; a refused target is inert text. */
function SafeLink(props: { href: string | null; target: string; showTarget?: boolean; children: ComponentChildren }) {
  if (!props.href) {
    return (
      <span class="inert-link" title={`Link removed (not a web address): ${props.target.slice(0, 200)}`}>
        {props.children}
        <span class="link-target"> (link removed)</span>
      </span>
    );
  }
  const shown = displayTarget(props.href);
  // Both the link text and the shown target are bidi isolates: a U+202E (right-to-left
  // override) in untrusted link text must not run on and reverse the "(host)" after it.
  return (
    <>
      <a href={props.href} target="_blank" rel="noopener noreferrer" title={props.href}>
        <bdi>{props.children}</bdi>
      </a>
      {props.showTarget !== false && (
        <span class="link-target">
          {' ('}
          <bdi dir="ltr">{shown}</bdi>)
        </span>
      )}
    </>
  );
}
