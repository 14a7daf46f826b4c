/**
 * Before / after for `eval:extract --wcxb`: `--save <file>` keeps each page's Gleaner scores,
 * `--baseline <file>` compares this run with a saved one on the pages both ran, per type, and
 * names the pages that changed — so a rule's gain on its type and its cost on the others show
 * on the same pages.
 */

/** One page's Gleaner scores as saved (`f1` null where the page has no gold main text). */
export interface SavedPage {
  id: string;
  type: string;
  f1: number | null;
  /** Word precision and recall (null without gold text), and in-page ms for Gleaner and Readability; absent in runs saved before they were kept. */
  precision?: number | null;
  recall?: number | null;
  ms?: number;
  plainMs?: number;
  withFound: number;
  withTotal: number;
  withoutKept: number;
  withoutTotal: number;
}

/** What `--save` writes. */
export interface SavedRun {
  command: string;
  pages: SavedPage[];
}

/** A type's figures before and after, over the pages both runs scored. */
export interface TypeComparison {
  type: string;
  pages: number;
  f1: { before: number; after: number };
  withFound: { before: number; after: number };
  withoutKept: { before: number; after: number };
}

/** A page whose F1 moved by more than the threshold. */
export interface PageChange {
  id: string;
  type: string;
  before: number;
  after: number;
}

const share = (pages: SavedPage[], found: (p: SavedPage) => number, total: (p: SavedPage) => number) =>
  pages.reduce((n, p) => n + found(p), 0) /
  Math.max(
    1,
    pages.reduce((n, p) => n + total(p), 0),
  );

/**
 * Compares two runs on the pages both scored (same id, F1 in both): per type and `all` (mean F1,
 * share of `with` snippets found and of `without` snippets kept), and the pages whose F1 moved by
 * more than `threshold`, largest loss first.
 */
export function compareRuns(before: readonly SavedPage[], after: readonly SavedPage[], threshold = 0.001): { types: TypeComparison[]; changed: PageChange[] } {
  const earlier = new Map(before.map((page) => [page.id, page]));
  const pairs = after.flatMap((page) => {
    const old = earlier.get(page.id);
    return old && old.f1 !== null && page.f1 !== null ? [{ before: old, after: page }] : [];
  });
  const summarize = (type: string, list: typeof pairs): TypeComparison => {
    const side = (pick: 'before' | 'after') => {
      const pages = list.map((pair) => pair[pick]);
      return {
        f1: pages.reduce((n, p) => n + (p.f1 ?? 0), 0) / Math.max(1, pages.length),
        withFound: share(
          pages,
          (p) => p.withFound,
          (p) => p.withTotal,
        ),
        withoutKept: share(
          pages,
          (p) => p.withoutKept,
          (p) => p.withoutTotal,
        ),
      };
    };
    const [b, a] = [side('before'), side('after')];
    return {
      type,
      pages: list.length,
      f1: { before: b.f1, after: a.f1 },
      withFound: { before: b.withFound, after: a.withFound },
      withoutKept: { before: b.withoutKept, after: a.withoutKept },
    };
  };
  const types = [...new Set(pairs.map((pair) => pair.after.type))].sort().map((type) =>
    summarize(
      type,
      pairs.filter((pair) => pair.after.type === type),
    ),
  );
  if (pairs.length) types.push(summarize('all', pairs));
  const changed = pairs
    .filter((pair) => Math.abs(pair.after.f1! - pair.before.f1!) > threshold)
    .map((pair) => ({ id: pair.after.id, type: pair.after.type, before: pair.before.f1!, after: pair.after.f1! }))
    .sort((x, y) => x.after - x.before - (y.after - y.before) || x.id.localeCompare(y.id));
  return { types, changed };
}
