/**
 * The WCXB part of `npm run eval:extract` (see scripts/eval-extract.ts):
 *   npm run eval:extract -- --wcxb ../shared/fixtures/wcxb-dev [--per-type N] [--type T] [--ids 0001,0002] [--verbose]
 */
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { gunzipSync } from 'node:zlib';
import { Readability } from '@mozilla/readability';
import { extractPage } from '../lib/extract/extract-page';
import { snippetHits, wcxbF1 } from '../lib/extract/wcxb-score';
import { parseHtml } from './html-document';

interface Truth {
  url: string;
  _internal?: { page_type?: { primary?: string } };
  ground_truth: { main_content: string; with?: string[]; without?: string[] };
}

interface Score {
  f1: number;
  precision: number;
  recall: number;
  withFound: number;
  withTotal: number;
  withoutKept: number;
  withoutTotal: number;
  ms: number;
}

const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length);
const quantile = (xs: number[], q: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(q * xs.length))] ?? 0;

export async function evalWcxb(argv: string[]): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { wcxb: { type: 'string' }, 'per-type': { type: 'string' }, type: { type: 'string' }, ids: { type: 'string' }, verbose: { type: 'boolean' } },
  });
  const root = path.resolve(values.wcxb ?? '../shared/fixtures/wcxb-dev');
  const split = readdirSync(root).includes('dev') ? path.join(root, 'dev') : root;
  const perType = values['per-type'] ? Number(values['per-type']) : Infinity;
  const ids = readdirSync(path.join(split, 'ground-truth'))
    .filter((f) => f.endsWith('.json'))
    .map((f) => f.replace(/\.json$/, ''))
    .sort();
  const taken = new Map<string, number>();
  const rows: Array<{ id: string; type: string; plain: Score; ours: Score }> = [];
  for (const id of ids) {
    const truth = JSON.parse(readFileSync(path.join(split, 'ground-truth', `${id}.json`), 'utf8')) as Truth;
    const type = truth._internal?.page_type?.primary ?? 'unknown';
    if (values.type && type !== values.type) continue;
    if (values.ids && !values.ids.split(',').includes(id)) continue;
    if ((taken.get(type) ?? 0) >= perType) continue;
    taken.set(type, (taken.get(type) ?? 0) + 1);
    const html = gunzipSync(readFileSync(path.join(split, 'html', `${id}.html.gz`))).toString('utf8');
    const doc = parseHtml(html, truth.url);
    const gold = truth.ground_truth;
    const score = (text: string, ms: number): Score => ({
      ...wcxbF1(text, gold.main_content),
      ...(() => {
        const hits = snippetHits(text, gold.with ?? [], gold.without ?? []);
        return { withFound: hits.withFound, withTotal: gold.with?.length ?? 0, withoutKept: hits.withoutKept, withoutTotal: gold.without?.length ?? 0 };
      })(),
      ms,
    });
    let started = performance.now();
    let plainText = '';
    try {
      plainText = new Readability(doc.cloneNode(true) as Document).parse()?.textContent ?? '';
    } catch {
      plainText = '';
    }
    const plain = score(plainText, performance.now() - started);
    started = performance.now();
    const page = extractPage(doc, truth.url);
    const ours = score(page.text, performance.now() - started);
    rows.push({ id, type, plain, ours });
    if (values.verbose)
      console.log(
        `${id} ${type} plain ${plain.f1.toFixed(3)} gleaner ${ours.f1.toFixed(3)} (p ${ours.precision.toFixed(3)} r ${ours.recall.toFixed(3)}${page.isArticle ? '' : ', fallback'})`,
      );
  }
  const line = (label: string, list: typeof rows) => {
    const f = (pick: (r: (typeof rows)[number]) => Score) => {
      const scores = list.map(pick);
      const withTotal = scores.reduce((n, s) => n + s.withTotal, 0);
      const withoutTotal = scores.reduce((n, s) => n + s.withoutTotal, 0);
      return (
        `F1 ${mean(scores.map((s) => s.f1)).toFixed(3)} (P ${mean(scores.map((s) => s.precision)).toFixed(3)} R ${mean(scores.map((s) => s.recall)).toFixed(3)}) ` +
        `with ${(scores.reduce((n, s) => n + s.withFound, 0) / Math.max(1, withTotal)).toFixed(3)} without-kept ${(scores.reduce((n, s) => n + s.withoutKept, 0) / Math.max(1, withoutTotal)).toFixed(3)}`
      );
    };
    console.log(`${label.padEnd(14)} ${String(list.length).padStart(4)} pages | Readability ${f((r) => r.plain)} | Gleaner ${f((r) => r.ours)}`);
  };
  console.log(`WCXB ${split}: word F1 (re.findall(r'\\w+', text.lower()) multiset), mean over pages`);
  for (const type of [...new Set(rows.map((r) => r.type))].sort())
    line(
      type,
      rows.filter((r) => r.type === type),
    );
  line('all', rows);
  const ms = rows.map((r) => r.ours.ms);
  const plainMs = rows.map((r) => r.plain.ms);
  console.log(
    `time per page (jsdom, Node): Gleaner median ${quantile(ms, 0.5).toFixed(1)} ms p95 ${quantile(ms, 0.95).toFixed(1)} ms; Readability median ${quantile(plainMs, 0.5).toFixed(1)} ms p95 ${quantile(plainMs, 0.95).toFixed(1)} ms`,
  );
}
