import { describeError, type ShownError } from '@/lib/messaging/errors';
import { ErrorNotice } from '../ErrorNotice';
import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import { sendToBackground } from '@/lib/messaging/client';
import type { LibraryStats } from '@/lib/library/maintenance';
import type { PageSummary, SearchResult } from '@/lib/library/search';
import { evictionNotice } from '@/lib/library/flood-guard';
import { LibraryTools } from './LibraryTools';
import { HistoryImport } from './HistoryImport';
import { PageItem } from './PageItem';
import { UndoToast } from './UndoToast';
import './library.css';

const DAY = 86_400_000;
const DATE_FILTERS = [
  { id: 'any', label: 'Any time', days: 0 },
  { id: 'day', label: 'Last 24 hours', days: 1 },
  { id: 'week', label: 'Last week', days: 7 },
  { id: 'month', label: 'Last month', days: 30 },
  { id: 'year', label: 'Last year', days: 365 },
] as const;
type DateFilter = (typeof DATE_FILTERS)[number]['id'];
const DEBOUNCE_MS = 150;

/** The Library view of the side panel: instant search, filters, recent pages, storage tools. */
export function LibraryView() {
  const [query, setQuery] = useState('');
  const [site, setSite] = useState('');
  const [when, setWhen] = useState<DateFilter>('any');
  const [result, setResult] = useState<SearchResult | null>(null);
  const [recent, setRecent] = useState<PageSummary[] | null>(null);
  const [stats, setStats] = useState<LibraryStats | null>(null);
  const [error, setError] = useState<{ error: ShownError; retry?: () => void } | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [searching, setSearching] = useState(false);
  // The last page deleted, as export lines: Undo imports it back (the delete itself is done at once).
  const [undo, setUndo] = useState<{ title: string; restore: string[] } | null>(null);
  const [version, setVersion] = useState(0);
  const latest = useRef(0);

  const filters = useCallback(() => {
    const days = DATE_FILTERS.find((f) => f.id === when)!.days;
    return { ...(site ? { site } : {}), ...(days ? { since: Date.now() - days * DAY } : {}) };
  }, [site, when]);

  const refresh = () => setVersion((v) => v + 1);

  useEffect(() => {
    sendToBackground('library.stats', {}).then(setStats, (e: unknown) => setError({ error: describeError(e, 'Could not read the library'), retry: refresh }));
  }, [version]);

  // Instant search: debounced; only the latest request's answer is shown.
  useEffect(() => {
    const id = ++latest.current;
    const q = query.trim();
    const timer = setTimeout(
      async () => {
        setError(null);
        try {
          if (!q) {
            const { pages } = await sendToBackground('library.recent', { limit: 50, ...filters() });
            if (id === latest.current) {
              setRecent(pages);
              setResult(null);
            }
            return;
          }
          setSearching(true);
          const r = await sendToBackground('library.search', { query: q, limit: 20, chunksPerPage: 2, ...filters() });
          if (id === latest.current) setResult(r);
        } catch (e) {
          if (id === latest.current) setError({ error: describeError(e, 'Search failed'), retry: refresh });
        } finally {
          if (id === latest.current) setSearching(false);
        }
      },
      q ? DEBOUNCE_MS : 0,
    );
    return () => clearTimeout(timer);
  }, [query, filters, version]);

  const open = (pageId: number, chunkId?: number) =>
    sendToBackground('library.openPage', { pageId, chunkId }).catch((e: unknown) => setError({ error: describeError(e, 'Could not open the page') }));
  const remove = async (page: PageSummary) => {
    try {
      const { deleted, restore } = await sendToBackground('library.deletePage', { pageId: page.pageId });
      setNotice(null);
      setUndo(deleted && restore.length > 1 ? { title: page.title, restore } : null);
    } catch (e) {
      setError({ error: describeError(e, `Could not delete “${page.title}”`) });
    }
    refresh();
  };
  const restore = async (page: { title: string; restore: string[] }) => {
    setUndo(null);
    setError(null);
    try {
      const summary = await sendToBackground('library.import', { lines: page.restore });
      if (summary.failed) throw new Error(summary.errors[0] ?? 'the page could not be written back');
      setNotice(`“${page.title}” is back in the library.`);
    } catch (e) {
      setError({ error: describeError(e, `Could not restore “${page.title}”`), retry: () => void restore(page) });
    }
    refresh();
  };
  const removeSite = async (s: string) => {
    if (!confirm(`Delete every page of ${s} from the library?`)) return;
    try {
      await sendToBackground('library.deleteSite', { site: s });
    } catch (e) {
      setError({ error: describeError(e, `Could not delete ${s}`) });
    }
    refresh();
  };

  const excludeSite = async (s: string) => {
    try {
      await sendToBackground('capture.excludeSite', { site: s, excluded: true });
      setNotice(`${s} will not be captured any more (pages already read stay until you delete them).`);
    } catch (e) {
      setError({ error: describeError(e, `Could not exclude ${s}`) });
    }
  };

  const items = result ? result.pages.map((p) => ({ page: p as PageSummary, chunks: p.chunks })) : (recent ?? []).map((p) => ({ page: p, chunks: undefined }));

  return (
    <section aria-labelledby="library-title" class="library">
      <h2 id="library-title">Library</h2>
      <form role="search" class="library-search" onSubmit={(e) => e.preventDefault()}>
        <label for="library-query" class="sr-only">
          Search everything you have read
        </label>
        <input
          id="library-query"
          type="search"
          placeholder="Search everything you have read"
          value={query}
          onInput={(e) => setQuery((e.currentTarget as HTMLInputElement).value)}
          autoFocus
        />
        <div class="filters">
          <label>
            <span class="sr-only">Site</span>
            <select value={site} onChange={(e) => setSite((e.currentTarget as HTMLSelectElement).value)} aria-label="Filter by site">
              <option value="">All sites</option>
              {stats?.sites.map((s) => (
                <option value={s.site} key={s.site}>
                  {s.site} ({s.pages})
                </option>
              ))}
            </select>
          </label>
          <label>
            <span class="sr-only">Visited</span>
            <select value={when} onChange={(e) => setWhen((e.currentTarget as HTMLSelectElement).value as DateFilter)} aria-label="Filter by visit date">
              {DATE_FILTERS.map((f) => (
                <option value={f.id} key={f.id}>
                  {f.label}
                </option>
              ))}
            </select>
          </label>
        </div>
      </form>
      {stats?.storage?.low && (
        <p class="error" role="alert" data-testid="storage-full">
          {stats.storage.message}
        </p>
      )}
      {evictionNotice(stats?.lastEviction) && (
        <p class="muted small" role="status" data-testid="last-eviction">
          {evictionNotice(stats?.lastEviction)}
        </p>
      )}
      {error && <ErrorNotice error={error.error} onRetry={error.retry} onDismiss={() => setError(null)} here="library" />}
      {notice && (
        <p class="muted small" role="status">
          {notice}
        </p>
      )}
      <p class="muted small" aria-live="polite">
        {result
          ? `${result.pages.length === 0 ? 'No page matches' : `${result.pages.length} pages`}${searching ? ' · searching…' : ''}${
              result.pages.length === 0 && result.terms.length === 0 ? ' (try more specific words)' : ''
            }`
          : recent === null
            ? 'Loading…'
            : recent.length === 0
              ? 'Nothing read yet: pages you read are added here automatically.'
              : 'Recently read'}
      </p>
      <ul class="page-list" data-testid={result ? 'search-results' : 'recent-pages'}>
        {items.map(({ page, chunks }) => (
          <PageItem key={page.pageId} page={page} chunks={chunks} onOpen={open} onDelete={remove} onDeleteSite={removeSite} onExcludeSite={excludeSite} />
        ))}
      </ul>
      {undo && <UndoToast message={`Deleted “${undo.title}”.`} onUndo={() => void restore(undo)} onClose={() => setUndo(null)} />}
      <HistoryImport onImported={refresh} libraryEmpty={stats?.pages === 0} />
      <LibraryTools stats={stats} onChanged={refresh} />
    </section>
  );
}
