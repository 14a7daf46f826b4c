/**
 * The flood guard: one open tab cannot fill the library.
 *
 * A page can rewrite itself to a new URL (pushState) with new text every few
 * seconds; each version is a new page to the library. The audit saw 14 captures
 * in 61 s, and with a small budget the eviction then removed all 20 pages read
 * before. So, per tab and site: at most `FLOOD_MAX_NEW_PAGES` new pages within
 * `FLOOD_WINDOW_MS`; past that the tab is "flooding" and each new version
 * replaces the tab's previous one instead of adding a page, until the tab has
 * been quiet for `FLOOD_QUIET_MS`. The pages of a flood are marked (`burst`),
 * and the budget's eviction removes marked pages before anything the person
 * read otherwise (`enforceBudget` in ./maintenance.ts).
 *
 * The state lives in `storage.session` (it survives a worker restart, which a
 * flooding page could otherwise provoke to reset the count).
 */
import type { SessionArea } from '../capture/status';

/** New pages one tab may add from one site within the window before it counts as a flood. */
export const FLOOD_MAX_NEW_PAGES = 6;
const FLOOD_WINDOW_MS = 2 * 60_000;
/** A flooding tab goes back to normal after this long without a capture. */
export const FLOOD_QUIET_MS = 2 * 60_000;

/** What the guard remembers of one tab. */
export interface FloodState {
  site: string;
  /** Pages this tab added (not revisits), oldest first. */
  added: Array<{ pageId: number; at: number }>;
  flooding: boolean;
  lastAt: number;
}

const keyOf = (tabId: number) => `capture.flood.${tabId}`;

export async function loadFloodState(area: SessionArea, tabId: number): Promise<FloodState | null> {
  const stored = (await area.get(keyOf(tabId)))[keyOf(tabId)];
  return stored && typeof stored === 'object' && Array.isArray((stored as FloodState).added) ? (stored as FloodState) : null;
}

export async function saveFloodState(area: SessionArea, tabId: number, state: FloodState): Promise<void> {
  await area.set({ [keyOf(tabId)]: state });
}

/** The tab's state as of `at` for a capture from `site`: a new site or a quiet spell starts afresh. */
export function currentFlood(state: FloodState | null, site: string, at: number): FloodState {
  if (!state || state.site !== site || at - state.lastAt > FLOOD_QUIET_MS) return { site, added: [], flooding: false, lastAt: at };
  // Outside a flood only the window counts; inside one, the pages it added are kept to be replaced.
  const added = state.flooding ? state.added : state.added.filter((p) => at - p.at <= FLOOD_WINDOW_MS);
  return { ...state, added };
}

/** What the capture flow does with a page the tab just added. */
export interface FloodStep {
  next: FloodState;
  /** The tab's previous page of the flood, to delete now that the new version replaced it. */
  replaces?: number;
  /** Pages to mark as part of a flood (evicted first under the budget). */
  burst: number[];
  /** Said to the person when the limit applied. */
  detail?: string;
}

/** Applies the limit to a page the tab just added (`pageId`). */
export function floodStep(state: FloodState, pageId: number, at: number): FloodStep {
  const flooding = state.flooding || state.added.length >= FLOOD_MAX_NEW_PAGES;
  if (!flooding) return { next: { ...state, added: [...state.added, { pageId, at }], lastAt: at }, burst: [] };
  const previous = state.added.at(-1);
  const kept = state.added.slice(0, -1);
  const minutes = Math.round(FLOOD_WINDOW_MS / 60_000);
  return {
    next: { site: state.site, added: [...kept, { pageId, at }], flooding: true, lastAt: at },
    replaces: previous?.pageId,
    burst: [...kept.map((p) => p.pageId), pageId],
    detail: `This tab keeps turning into new pages (more than ${FLOOD_MAX_NEW_PAGES} from ${state.site} in ${minutes} minutes), so Gleaner keeps only its latest version instead of adding each one; your other pages are not touched.`,
  };
}

/** What the budget's eviction removed, as kept by `enforceBudget` (./maintenance.ts). */
export interface EvictionSummary {
  at: number;
  pages: number;
  burst: number;
  budgetBytes: number;
}

/** The sentence the Library view shows about the last eviction (within a week), or undefined. */
export function evictionNotice(record: EvictionSummary | undefined, now = Date.now()): string | undefined {
  if (!record || record.pages === 0 || now - record.at > 7 * 86_400_000) return undefined;
  const budget = `${Math.round(record.budgetBytes / (1024 * 1024))} MB`;
  const flood = record.burst > 0 ? ` ${record.burst === record.pages ? 'All' : record.burst} of them came from a tab that kept turning into new pages.` : '';
  const least = record.burst < record.pages ? ' the least recently read' : '';
  return `To stay within your storage budget (${budget}), Gleaner removed${least} ${record.pages} ${record.pages === 1 ? 'page' : 'pages'} on ${new Date(record.at).toLocaleString()}.${flood} You can raise the budget in Settings.`;
}
