import { sourceHref, type SourceCard } from '@/lib/answer/conversation';
import { siteOf } from '@/lib/library/page-identity';
import { readWhen } from '../format';

/** Source cards under an answer: title, site, when read, the quoted passage, and a link that opens the page at it. */
export function SourceCards(props: { sources: readonly SourceCard[]; cited: readonly number[]; idPrefix: string; highlighted?: number | null }) {
  if (props.sources.length === 0) return null;
  return (
    <ol class="source-cards" aria-label="Sources">
      {props.sources.map((source) => {
        const passage = source.passage.replace(/\s+/g, ' ').trim();
        const quote = passage.length > 320 ? `${passage.slice(0, 320)}…` : passage;
        return (
          <li
            key={source.id}
            id={`${props.idPrefix}-source-${source.id}`}
            class={`source-card${props.cited.includes(source.id) ? ' cited' : ''}${props.highlighted === source.id ? ' highlighted' : ''}`}
            tabIndex={-1}
          >
            <a class="source-link" href={sourceHref(source)} target="_blank" rel="noopener noreferrer" title={`Open ${source.url} at this passage`}>
              <span class="source-number">[{source.id}]</span> <bdi class="source-title">{source.title || source.url}</bdi>
            </a>
            <div class="muted source-meta">
              <bdi dir="ltr">{source.site || siteOf(source.url)}</bdi>
              {source.page ? ` · p. ${source.page}` : ''}
              {source.readAt ? ` · read ${readWhen(source.readAt)}` : ''}
            </div>
            <blockquote class="source-quote">{quote}</blockquote>
          </li>
        );
      })}
    </ol>
  );
}
