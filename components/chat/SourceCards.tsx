import { sourceHref, type SourceCard } from '@/lib/answer/conversation';
import { siteOf } from '@/lib/library/page-identity';
import { readWhen } from '../format';
import { groupSourcesByPage } from '@/lib/answer/source-groups';

/** " · p. 3, p. 12": the PDF pages the passages are on. */
function pagesOf(passages: readonly SourceCard[]): string {
  const pages = [...new Set(passages.flatMap((p) => (p.page ? [p.page] : [])))];
  return pages.length ? ` · ${pages.map((page) => `p. ${page}`).join(', ')}` : '';
}

/** A passage shortened for its card: enough to recognise it; the link opens the page at all of it. */
function quoteOf(passage: string, max: number): string {
  const flat = passage.replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max)}…` : flat;
}

/**
 * Source cards under an answer, one per page (title, site, when read), its passages listed
 * under it with their numbers, each opening the page at that passage. A citation chip in
 * the answer scrolls to its passage (`<idPrefix>-source-<n>`).
 */
export function SourceCards(props: { sources: readonly SourceCard[]; cited: readonly number[]; idPrefix: string; highlighted?: number | null }) {
  if (props.sources.length === 0) return null;
  const groups = groupSourcesByPage(props.sources);
  return (
    <ol class="source-cards" aria-label="Sources">
      {groups.map((group) => {
        const first = group.passages[0]!;
        const quoteLength = group.passages.length > 2 ? 160 : 320;
        const count = group.passages.length;
        return (
          <li key={group.key} class={`source-card${group.passages.some((p) => props.cited.includes(p.id)) ? ' cited' : ''}`}>
            <a class="source-link" href={sourceHref(first)} target="_blank" rel="noopener noreferrer" title={`Open ${group.url}`}>
              <bdi class="source-title">{group.title || group.url}</bdi>
            </a>
            <div class="muted source-meta">
              <bdi dir="ltr">{group.site || siteOf(group.url)}</bdi>
              {pagesOf(group.passages)}
              {group.readAt ? ` · read ${readWhen(group.readAt)}` : ''}
              {count > 1 ? ` · ${count} passages` : ''}
            </div>
            <ol class="source-passages">
              {group.passages.map((source) => (
                <li
                  key={source.id}
                  id={`${props.idPrefix}-source-${source.id}`}
                  class={`source-passage${props.cited.includes(source.id) ? ' cited' : ''}${props.highlighted === source.id ? ' highlighted' : ''}`}
                  tabIndex={-1}
                >
                  <a
                    class="source-number"
                    href={sourceHref(source)}
                    target="_blank"
                    rel="noopener noreferrer"
                    title={`Open ${source.url} at this passage`}
                    aria-label={`Source ${source.id}: open the page at this passage`}
                  >
                    [{source.id}]{source.page ? ` p. ${source.page}` : ''}
                  </a>
                  <blockquote class="source-quote">{quoteOf(source.passage, quoteLength)}</blockquote>
                </li>
              ))}
            </ol>
          </li>
        );
      })}
    </ol>
  );
}
