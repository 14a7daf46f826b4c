import type { Snippet } from '@/lib/library/search';

/** A snippet as escaped text with its matched ranges in <mark> (page text is untrusted: no HTML). */
export function Highlighted({ snippet }: { snippet: Snippet }) {
  const parts = [];
  let at = 0;
  for (const [start, end] of snippet.highlights) {
    if (start < at) continue;
    if (start > at) parts.push(snippet.text.slice(at, start));
    parts.push(<mark key={start}>{snippet.text.slice(start, end)}</mark>);
    at = end;
  }
  if (at < snippet.text.length) parts.push(snippet.text.slice(at));
  return (
    <p class="snippet">
      {snippet.cutStart && '… '}
      {parts}
      {snippet.cutEnd && ' …'}
    </p>
  );
}
