import type { TokenSegment } from '@/lib/tokens/segments';

// Token boundaries as coloured spans. Page text is untrusted: it is rendered only as
// Preact text nodes (escaped), never as HTML. Whitespace is made visible with symbols.

function visible(text: string): string {
  return text.replace(/ /g, '·').replace(/\t/g, '→').replace(/\r/g, '␍').replace(/\n/g, '↵\n');
}

/** The first tokens of a text, coloured by token; the id shows on hover and focus. */
export function TokenVisualization(props: { segments: TokenSegment[]; totalTokens: number }) {
  const { segments, totalTokens } = props;
  return (
    <div class="tok-vis-wrap">
      <p class="muted tok-vis-note">
        {segments.length < totalTokens
          ? `Showing the first ${segments.length.toLocaleString()} of ${totalTokens.toLocaleString()} tokens (all are counted).`
          : `All ${totalTokens.toLocaleString()} tokens.`}{' '}
        · = space, ↵ = line break, → = tab; special tokens are framed.
      </p>
      <div class="tok-vis" role="list" aria-label="Tokens">
        {segments.map((segment, index) => (
          <span
            key={index}
            role="listitem"
            class={`tok tok-${index % 5}${segment.special ? ' tok-special' : ''}${segment.partial ? ' tok-partial' : ''}`}
            title={`id ${segment.id}${segment.partial ? ' (part of a character)' : ''}`}
          >
            {segment.partial ? '▫' : visible(segment.text)}
          </span>
        ))}
      </div>
      <details class="tok-ids">
        <summary>Token ids ({segments.length.toLocaleString()} shown)</summary>
        <code>{segments.map((segment) => segment.id).join(', ')}</code>
      </details>
    </div>
  );
}
