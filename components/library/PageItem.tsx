import type { ChunkHit, PageSummary } from '@/lib/library/search';
import { Highlighted } from './Highlighted';
import { readWhen } from '../format';

/**
 * One page of the library (a search hit with its passages, or a recent page with its
 * excerpt). Delete is the one action on the card (it can be undone); the site-wide
 * actions wait in a menu, so a screen holds more pages.
 */
export function PageItem(props: {
  page: PageSummary;
  chunks?: ChunkHit[];
  onOpen: (pageId: number, chunkId?: number) => void;
  onDelete: (page: PageSummary) => void;
  onDeleteSite: (site: string) => void;
  onExcludeSite: (site: string) => void;
}) {
  const { page, chunks } = props;
  const excerpt = !chunks?.length && page.excerpt ? page.excerpt.replace(/\s+/g, ' ').trim() : '';
  return (
    <li class="page-item" data-page-id={page.pageId}>
      <div class="page-head">
        <button type="button" class="link" onClick={() => props.onOpen(page.pageId, chunks?.[0]?.chunkId)}>
          {page.title}
        </button>
        <div class="page-actions">
          <button type="button" class="small" onClick={() => props.onDelete(page)} aria-label={`Delete “${page.title}” from the library`}>
            Delete
          </button>
          <details class="page-menu">
            <summary class="small" aria-label={`More actions for “${page.title}”`} title="More actions">
              ⋯
            </summary>
            <div class="page-menu-items" role="group" aria-label={`Actions for ${page.site}`}>
              <button type="button" class="small" onClick={() => props.onDeleteSite(page.site)} aria-label={`Delete every page of ${page.site}`}>
                Delete all of {page.site}…
              </button>
              <button type="button" class="small" onClick={() => props.onExcludeSite(page.site)} aria-label={`Stop capturing ${page.site}`}>
                Stop capturing {page.site}
              </button>
            </div>
          </details>
        </div>
      </div>
      <span class="muted small">
        {page.site} · read {readWhen(page.visitedAt)}
        {page.visitCount > 1 ? ` · ${page.visitCount} visits` : ''}
      </span>
      {excerpt && (
        <p class="page-excerpt small" data-testid="page-excerpt">
          {excerpt}
        </p>
      )}
      {chunks?.map((chunk) => (
        <div class="hit" key={chunk.chunkId}>
          {chunk.headingPath.length > 0 && <div class="muted small">{chunk.headingPath.join(' › ')}</div>}
          <Highlighted snippet={chunk.snippet} />
        </div>
      ))}
    </li>
  );
}
