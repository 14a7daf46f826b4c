/**
 * The WCXB part of `npm run eval:extract` (see scripts/eval-extract.ts):
 *   npm run eval:extract -- --wcxb ../shared/fixtures/wcxb-dev [--per-type N] [--type T] [--ids 0001,0002] [--verbose]
 *                           [--browser jsdom|chromium] [--tabs N] [--page-scripts] [--warm] [--fresh-process] [--save run.json] [--baseline run.json]
 *
 * `--browser jsdom` (the default) parses each page with jsdom in Node; `--browser chromium` reads
 * it in headless Chromium with the same code bundled into the page (scripts/wcxb-chromium.ts),
 * `--tabs` pages at once — much faster, and the product's real environment. Same scoring, same
 * report either way. `--save` keeps the per-page scores of a run; `--baseline` compares this run
 * with a saved one on the same pages (per type, and the pages that moved): before / after a rule.
 * `--warm` (Chromium) times each reader's second read of the page in its world instead of its first, cold one.
 * `--fresh-process` (Chromium) reads each page in a new tab, a renderer process of its own, as a content script runs
 * in a page of a site just opened: what a process sets up once (ICU's data, compiled regular expressions) is paid on
 * every page. By default a tab reads 50 pages (scripts/wcxb-chromium.ts).
 */
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { Readability } from '@mozilla/readability';
import { extractPage } from '../lib/extract/extract-page';
import { snippetHits, wcxbF1 } from '../lib/extract/wcxb-score';
import { parseHtml } from './html-document';
import { scriptArgs } from './args';
import { startChromiumReader } from './wcxb-chromium';
import type { InPageResult } from './wcxb-page';
import { compareRuns, type SavedPage, type SavedRun } from './wcxb-compare';

const USAGE =
  'npm run eval:extract -- --wcxb <wcxb dir> [--per-type N] [--type T] [--ids 0001,0002] [--verbose] [--browser jsdom|chromium] [--tabs N] [--page-scripts] [--warm] [--fresh-process] [--save run.json] [--baseline run.json]';

interface Truth {
  url: string;
  _internal?: { page_type?: { primary?: string } };
  /** `main_content` is missing on a few pages (21 of the dev split): those have snippets only. */
  ground_truth: { main_content?: string; with?: string[]; without?: string[] };
}

/** One page of a WCXB split: its id, its type, its ground truth, and its saved HTML (gzipped). */
export interface WcxbPage {
  id: string;
  type: string;
  truth: Truth;
  htmlFile: string;
}

/** The split's folder: `root` itself, or its `dev` split where `root` is the benchmark's folder. */
const wcxbSplit = (root: string): string => (readdirSync(root).includes('dev') ? path.join(root, 'dev') : root);

/**
 * The pages of the WCXB split under `root` (the benchmark's folder or its `dev` split), in id order: only those
 * named in `ids`, only of `type`, at most the first `perType` of each type.
 */
export function wcxbPages(root: string, select: { ids?: readonly string[]; type?: string; perType?: number } = {}): WcxbPage[] {
  const split = wcxbSplit(root);
  const ids = readdirSync(path.join(split, 'ground-truth'))
    .filter((f) => f.endsWith('.json'))
    .map((f) => f.replace(/\.json$/, ''))
    .sort();
  const taken = new Map<string, number>();
  const pages: WcxbPage[] = [];
  for (const id of ids) {
    if (select.ids && !select.ids.includes(id)) continue;
    const truth = JSON.parse(readFileSync(path.join(split, 'ground-truth', `${id}.json`), 'utf8')) as Truth;
    const type = truth._internal?.page_type?.primary ?? 'unknown';
    if (select.type && type !== select.type) continue;
    if ((taken.get(type) ?? 0) >= (select.perType ?? Infinity)) continue;
    taken.set(type, (taken.get(type) ?? 0) + 1);
    pages.push({ id, type, truth, htmlFile: path.join(split, 'html', `${id}.html.gz`) });
  }
  return pages;
}

interface Score {
  /** Word F1 and its parts; NaN where the page has no gold main text (left out of the means). */
  f1: number;
  precision: number;
  recall: number;
  withFound: number;
  withTotal: number;
  withoutKept: number;
  withoutTotal: number;
  ms: number;
}

interface Row {
  id: string;
  type: string;
  plain: Score;
  ours: Score;
  /** Why the page could not be read (it then scores as an empty extraction). */
  failed?: string;
}

const mean = (xs: number[]) => {
  const scored = xs.filter((x) => !Number.isNaN(x));
  return scored.length ? scored.reduce((a, b) => a + b, 0) / scored.length : NaN;
};
/** A score for the per-page lines: "—" where the page has no gold main text. */
const fmt = (x: number) => (Number.isNaN(x) ? '—' : x.toFixed(3));
const quantile = (xs: number[], q: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(q * xs.length))] ?? 0;

/** Reads one page as plain Readability and as Gleaner, in Node with jsdom. */
function readWithJsdom(gzFile: string, url: string): InPageResult {
  const doc = parseHtml(gunzipSync(readFileSync(gzFile)).toString('utf8'), url);
  let started = performance.now();
  let plainText = '';
  try {
    plainText = new Readability(doc.cloneNode(true) as Document).parse()?.textContent ?? '';
  } catch {
    plainText = '';
  }
  const plainMs = performance.now() - started;
  started = performance.now();
  const page = extractPage(doc, url);
  return { plain: { text: plainText, ms: plainMs }, ours: { text: page.text, ms: performance.now() - started, isArticle: page.isArticle } };
}

export async function evalWcxb(argv: string[]): Promise<void> {
  const { values } = scriptArgs(
    {
      wcxb: { type: 'string' },
      'per-type': { type: 'string' },
      type: { type: 'string' },
      ids: { type: 'string' },
      verbose: { type: 'boolean' },
      browser: { type: 'string', default: 'jsdom' },
      tabs: { type: 'string' },
      'page-scripts': { type: 'boolean' },
      warm: { type: 'boolean' },
      'fresh-process': { type: 'boolean' },
      save: { type: 'string' },
      baseline: { type: 'string' },
    },
    USAGE,
    argv,
  );
  if (values.browser !== 'jsdom' && values.browser !== 'chromium') {
    console.error(`--browser must be jsdom or chromium, not ${values.browser}\nUsage: ${USAGE}`);
    process.exit(2);
  }
  const chromium = values.browser === 'chromium';
  const tabs = chromium ? Math.max(1, Number(values.tabs ?? Math.min(4, availableParallelism()))) : 1;
  const root = path.resolve(values.wcxb ?? '../shared/fixtures/wcxb-dev');
  const pages = wcxbPages(root, { ids: values.ids?.split(','), type: values.type, perType: values['per-type'] ? Number(values['per-type']) : undefined });

  const reader = chromium
    ? await startChromiumReader({ pageScripts: values['page-scripts'], warm: values.warm, freshProcess: values['fresh-process'] })
    : { read: async (gzFile: string, url: string) => readWithJsdom(gzFile, url), close: async () => undefined };
  const rows: Row[] = [];
  const started = performance.now();
  let next = 0;
  const worker = async () => {
    while (next < pages.length) {
      const { id, type, truth, htmlFile } = pages[next++]!;
      const gold = truth.ground_truth;
      const score = (text: string, ms: number): Score => {
        const hits = snippetHits(text, gold.with ?? [], gold.without ?? []);
        return {
          ...(gold.main_content ? wcxbF1(text, gold.main_content) : { f1: NaN, precision: NaN, recall: NaN }),
          withFound: hits.withFound,
          withTotal: gold.with?.length ?? 0,
          withoutKept: hits.withoutKept,
          withoutTotal: gold.without?.length ?? 0,
          ms,
        };
      };
      let read: InPageResult;
      let failed: string | undefined;
      try {
        read = await reader.read(htmlFile, truth.url);
      } catch (error) {
        failed = (error as Error).message.split('\n')[0] ?? 'failed';
        read = { plain: { text: '', ms: NaN }, ours: { text: '', ms: NaN, isArticle: false } };
      }
      const row: Row = { id, type, plain: score(read.plain.text, read.plain.ms), ours: score(read.ours.text, read.ours.ms), failed };
      rows.push(row);
      if (values.verbose)
        console.log(
          `${id} ${type} plain ${fmt(row.plain.f1)} gleaner ${fmt(row.ours.f1)} (p ${fmt(row.ours.precision)} r ${fmt(row.ours.recall)}${read.ours.isArticle ? '' : ', fallback'})${failed ? ` FAILED: ${failed}` : ''}`,
        );
      else if (rows.length % 100 === 0) console.error(`… ${rows.length} of ${pages.length} pages`);
    }
  };
  try {
    await Promise.all(Array.from({ length: tabs }, worker));
  } finally {
    await reader.close();
  }
  const wallS = (performance.now() - started) / 1000;
  rows.sort((a, b) => a.id.localeCompare(b.id));

  const line = (label: string, list: Row[]) => {
    const f = (pick: (r: Row) => Score) => {
      const scores = list.map(pick);
      const withTotal = scores.reduce((n, s) => n + s.withTotal, 0);
      const withoutTotal = scores.reduce((n, s) => n + s.withoutTotal, 0);
      return (
        `F1 ${fmt(mean(scores.map((s) => s.f1)))} (P ${fmt(mean(scores.map((s) => s.precision)))} R ${fmt(mean(scores.map((s) => s.recall)))}) ` +
        `with ${(scores.reduce((n, s) => n + s.withFound, 0) / Math.max(1, withTotal)).toFixed(3)} without-kept ${(scores.reduce((n, s) => n + s.withoutKept, 0) / Math.max(1, withoutTotal)).toFixed(3)}`
      );
    };
    const ungraded = list.filter((r) => Number.isNaN(r.ours.f1)).length;
    console.log(
      `${label.padEnd(14)} ${String(list.length).padStart(4)} pages${ungraded ? ` (F1 on ${list.length - ungraded})` : ''} | Readability ${f((r) => r.plain)} | Gleaner ${f((r) => r.ours)}`,
    );
  };
  const types = [...new Set(rows.map((r) => r.type))].sort();
  console.log(`WCXB ${wcxbSplit(root)}: word F1 (re.findall(r'\\w+', text.lower()) multiset), mean over pages`);
  for (const type of types)
    line(
      type,
      rows.filter((r) => r.type === type),
    );
  line('all', rows);
  const ungraded = rows.filter((r) => Number.isNaN(r.ours.f1));
  if (ungraded.length) console.log(`no gold main text (F1 not scored, snippets only): ${ungraded.length}: ${ungraded.map((r) => r.id).join(', ')}`);
  const failures = rows.filter((r) => r.failed);
  if (failures.length) console.log(`not read (scored as empty): ${failures.length}: ${failures.map((r) => `${r.id} (${r.failed})`).join('; ')}`);

  const where = chromium
    ? `in the page, headless Chromium, ${tabs} tab${tabs > 1 ? 's' : ''} at once${values.warm ? ', the second read in each world (--warm)' : ''}${values['fresh-process'] ? ', each page in a new process (--fresh-process)' : ''}`
    : 'jsdom, Node';
  const times = (label: string, list: Row[]) => {
    const read = list.filter((r) => !r.failed);
    const ms = (pick: (r: Row) => Score) => {
      const xs = read.map((r) => pick(r).ms);
      return `median ${quantile(xs, 0.5).toFixed(1)} ms p95 ${quantile(xs, 0.95).toFixed(1)} ms`;
    };
    console.log(`${label.padEnd(14)} ${String(read.length).padStart(4)} pages | Gleaner ${ms((r) => r.ours)} | Readability ${ms((r) => r.plain)}`);
  };
  console.log(`time per page (${where}):`);
  if (types.length > 1)
    for (const type of types)
      times(
        type,
        rows.filter((r) => r.type === type),
      );
  times('all', rows);
  console.log(`${rows.length} pages in ${wallS.toFixed(0)} s (${(wallS / Math.max(1, rows.length)).toFixed(2)} s a page, all work included)`);

  const saved: SavedPage[] = rows.map((r) => ({
    id: r.id,
    type: r.type,
    f1: Number.isNaN(r.ours.f1) ? null : r.ours.f1,
    precision: Number.isNaN(r.ours.precision) ? null : r.ours.precision,
    recall: Number.isNaN(r.ours.recall) ? null : r.ours.recall,
    ms: r.ours.ms,
    plainMs: r.plain.ms,
    withFound: r.ours.withFound,
    withTotal: r.ours.withTotal,
    withoutKept: r.ours.withoutKept,
    withoutTotal: r.ours.withoutTotal,
  }));
  if (values.save) {
    writeFileSync(values.save, JSON.stringify({ command: `eval:extract ${argv.join(' ')}`, pages: saved } satisfies SavedRun));
    console.log(`per-page Gleaner scores saved to ${values.save}`);
  }
  if (values.baseline) {
    const baseline = JSON.parse(readFileSync(values.baseline, 'utf8')) as SavedRun;
    const { types: compared, changed } = compareRuns(baseline.pages, saved);
    const arrow = (x: { before: number; after: number }) => `${x.before.toFixed(3)} → ${x.after.toFixed(3)} (${x.after >= x.before ? '+' : ''}${(x.after - x.before).toFixed(3)})`;
    console.log(`Gleaner against ${values.baseline} (${baseline.command}), on the pages both scored:`);
    for (const t of compared)
      console.log(`${t.type.padEnd(14)} ${String(t.pages).padStart(4)} pages | F1 ${arrow(t.f1)} | with ${arrow(t.withFound)} | without-kept ${arrow(t.withoutKept)}`);
    console.log(
      `pages whose F1 moved (> 0.001): ${changed.length}${changed.length ? `: ${changed.map((c) => `${c.id} ${c.type} ${c.before.toFixed(3)} → ${c.after.toFixed(3)}`).join(', ')}` : ''}`,
    );
  }
}
