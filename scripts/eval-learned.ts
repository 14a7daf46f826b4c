/**
 * `npm run eval:learned -- dump.jsonl [more.jsonl …]`: whether a small learned model would choose
 * better than the hand-set rules of lib/extract/extract-page.ts, on the pages scripts/learned-dump.ts
 * read (the WCXB dev split). It prints, per page type, word F1 (mean over pages):
 *  - now: the text the rules chose;
 *  - the ceilings: the best reading of each page (an oracle choosing among every reading the page
 *    offers) and the chosen reading keeping only its blocks whose words are mostly in the gold text;
 *  - cross-validated models: a logistic regression on cheap features of each block (keep or drop)
 *    and of each reading (switch or not), trained on 4 of 5 folds and scored on the fifth, the folds
 *    grouped by the page's site so that no site is both trained on and scored.
 * Every learned figure is out of fold: no page is scored by a model fitted on it.
 */
import { readFileSync } from 'node:fs';
import { wcxbF1, wcxbWords } from '../lib/extract/wcxb-score';
import type { ExtractedBlock } from '../lib/extract/types';
import type { DumpedPage } from './learned-dump';

const FOLDS = 5;

const mean = (xs: number[]) => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : NaN);

/** A stable fold for a site: its name hashed (FNV-1a), so the folds do not depend on the order of pages. */
function foldOf(domain: string): number {
  let h = 2166136261;
  for (const c of domain) h = Math.imul(h ^ c.charCodeAt(0), 16777619) >>> 0;
  return h % FOLDS;
}

/** Text of blocks `keep` of a reading, joined as the product joins them. */
function keptText(text: string, blocks: readonly ExtractedBlock[], keep: (i: number) => boolean): string {
  return blocks
    .filter((_, i) => keep(i))
    .map((b) => text.slice(b.start, b.end))
    .join('\n\n');
}

/** Share of a block's words that lie in a run of three (two, one for shorter blocks) words found in the gold text. */
function goldShare(words: readonly string[], gold: { one: Set<string>; two: Set<string>; three: Set<string> }): number {
  if (words.length === 0) return 0;
  if (words.length === 1) return gold.one.has(words[0]!) ? 1 : 0;
  if (words.length === 2) return gold.two.has(words.join(' ')) ? 1 : 0;
  const covered = new Uint8Array(words.length);
  for (let i = 0; i + 2 < words.length; i++) if (gold.three.has(`${words[i]} ${words[i + 1]} ${words[i + 2]}`)) covered[i] = covered[i + 1] = covered[i + 2] = 1;
  return covered.reduce((a, b) => a + b, 0) / words.length;
}

function goldGrams(gold: string): { one: Set<string>; two: Set<string>; three: Set<string> } {
  const w = wcxbWords(gold);
  const one = new Set(w);
  const two = new Set<string>();
  const three = new Set<string>();
  for (let i = 0; i + 1 < w.length; i++) two.add(`${w[i]} ${w[i + 1]}`);
  for (let i = 0; i + 2 < w.length; i++) three.add(`${w[i]} ${w[i + 1]} ${w[i + 2]}`);
  return { one, two, three };
}

const KINDS: ExtractedBlock['kind'][] = ['heading', 'paragraph', 'list', 'quote', 'code', 'table'];

/** Cheap features of each block of a reading: its own text, its place, its neighbours (no DOM). */
export function blockFeatures(text: string, blocks: readonly ExtractedBlock[]): number[][] {
  const bodies = blocks.map((b) => text.slice(b.start, b.end));
  const words = bodies.map((b) => wcxbWords(b).length);
  const total = words.reduce((a, b) => a + b, 0) || 1;
  const seen = new Map<string, number>();
  for (const b of bodies) seen.set(b, (seen.get(b) ?? 0) + 1);
  const own = (i: number): number[] => {
    const body = bodies[i];
    if (body === undefined) return [0, 0, 0, 0, 0];
    const n = words[i]!;
    const lines = body.split('\n');
    return [
      Math.log1p(n),
      /[.!?。]["')\]]?$/.test(body) ? 1 : 0,
      Math.log1p(n / lines.length),
      (body.match(/[.,;:!?]/g)?.length ?? 0) / Math.max(1, n),
      blocks[i]!.kind === 'heading' ? 1 : 0,
    ];
  };
  return blocks.map((block, i) => {
    const body = bodies[i]!;
    const n = words[i]!;
    const chars = body.replace(/\s/g, '').length || 1;
    const lines = body.split('\n');
    // Words before and after this block, as shares of the reading.
    let before = 0;
    for (let j = 0; j < i; j++) before += words[j]!;
    return [
      1,
      ...KINDS.map((k) => (block.kind === k ? 1 : 0)),
      block.level ? 1 / block.level : 0,
      Math.log1p(n),
      Math.log1p(total),
      n / total,
      before / total,
      (total - before - n) / total,
      i === 0 ? 1 : 0,
      i === blocks.length - 1 ? 1 : 0,
      Math.log1p(lines.length),
      Math.log1p(n / lines.length),
      (body.match(/\d/g)?.length ?? 0) / chars,
      (body.match(/\p{Lu}/gu)?.length ?? 0) / chars,
      (body.match(/[.,;:!?]/g)?.length ?? 0) / Math.max(1, n),
      (body.match(/[|•·»›©®@#]/g)?.length ?? 0) / Math.max(1, n),
      /[.!?。]["')\]]?$/.test(body) ? 1 : 0,
      Math.log1p(seen.get(body)! - 1),
      lines.filter((l) => /^\s*- /.test(l)).length / lines.length,
      chars / Math.max(1, n) / 10,
      ...own(i - 1),
      ...own(i + 1),
    ];
  });
}

/** L2-regularised logistic regression, fitted by full-batch gradient descent with Adam; deterministic. */
function fitLogistic(x: number[][], y: number[], weight: number[], l2 = 1e-3, epochs = 300): number[] {
  const d = x[0]!.length;
  const w = new Array<number>(d).fill(0);
  const m = new Array<number>(d).fill(0);
  const v = new Array<number>(d).fill(0);
  const totalWeight = weight.reduce((a, b) => a + b, 0);
  for (let t = 1; t <= epochs; t++) {
    const g = new Array<number>(d).fill(0);
    for (let i = 0; i < x.length; i++) {
      const xi = x[i]!;
      let z = 0;
      for (let j = 0; j < d; j++) z += w[j]! * xi[j]!;
      const err = (1 / (1 + Math.exp(-z)) - y[i]!) * weight[i]!;
      for (let j = 0; j < d; j++) g[j]! += err * xi[j]!;
    }
    for (let j = 0; j < d; j++) {
      const gj = g[j]! / totalWeight + (j === 0 ? 0 : l2 * w[j]!);
      m[j] = 0.9 * m[j]! + 0.1 * gj;
      v[j] = 0.999 * v[j]! + 0.001 * gj * gj;
      w[j]! -= (0.05 * (m[j]! / (1 - 0.9 ** t))) / (Math.sqrt(v[j]! / (1 - 0.999 ** t)) + 1e-8);
    }
  }
  return w;
}

const predict = (w: readonly number[], xi: readonly number[]) => 1 / (1 + Math.exp(-xi.reduce((z, xj, j) => z + xj * w[j]!, 0)));

/** Standardisation fitted on the training rows (the bias column kept as is). */
function scaler(rows: number[][]): (xi: number[]) => number[] {
  const d = rows[0]!.length;
  const mu = new Array<number>(d).fill(0);
  const sd = new Array<number>(d).fill(0);
  for (const r of rows) for (let j = 0; j < d; j++) mu[j]! += r[j]! / rows.length;
  for (const r of rows) for (let j = 0; j < d; j++) sd[j]! += (r[j]! - mu[j]!) ** 2 / rows.length;
  return (xi) => xi.map((v, j) => (j === 0 ? 1 : (v - mu[j]!) / (Math.sqrt(sd[j]!) || 1)));
}

interface Prepared {
  page: DumpedPage;
  fold: number;
  now: number;
  /** Per block of the chosen reading: features, share of gold words, word count. */
  x: number[][];
  share: number[];
  words: number[];
  /** F1 of every reading offered (the chosen one as `chosen`). */
  readings: Record<string, number>;
}

function prepare(page: DumpedPage): Prepared {
  const grams = goldGrams(page.gold);
  const bodies = page.blocks.map((b) => wcxbWords(page.text.slice(b.start, b.end)));
  const readings: Record<string, number> = { chosen: wcxbF1(page.text, page.gold).f1 };
  for (const [name, c] of Object.entries(page.candidates)) readings[name] = wcxbF1(c.text, page.gold).f1;
  return {
    page,
    fold: foldOf(page.domain),
    now: readings.chosen!,
    x: blockFeatures(page.text, page.blocks),
    share: bodies.map((w) => goldShare(w, grams)),
    words: bodies.map((w) => w.length),
    readings,
  };
}

/** F1 of reading `name` of a page keeping only its blocks whose words are mostly in the gold text (an oracle). */
function goldBlocksOf(r: Prepared, name: string): number {
  const c = r.page.candidates[name];
  if (!c) return r.now;
  const grams = goldGrams(r.page.gold);
  return wcxbF1(
    keptText(c.text, c.blocks, (i) => goldShare(wcxbWords(c.text.slice(c.blocks[i]!.start, c.blocks[i]!.end)), grams) > 0.5),
    r.page.gold,
  ).f1;
}

/** Mean F1 per type and over all pages of `score(page)`. */
function table(rows: Prepared[], columns: Array<[string, (p: Prepared) => number]>): void {
  const types = [...new Set(rows.map((r) => r.page.type))].sort();
  console.log(`${'type'.padEnd(14)} pages ${columns.map(([name]) => name.padStart(12)).join(' ')}`);
  for (const type of [...types, 'all']) {
    const list = type === 'all' ? rows : rows.filter((r) => r.page.type === type);
    console.log(`${type.padEnd(14)} ${String(list.length).padStart(5)} ${columns.map(([, f]) => mean(list.map(f)).toFixed(3).padStart(12)).join(' ')}`);
  }
}

function blockModel(rows: Prepared[]): Map<Prepared, number> {
  const out = new Map<Prepared, number>();
  for (let fold = 0; fold < FOLDS; fold++) {
    const train = rows.filter((r) => r.fold !== fold && r.x.length > 0);
    const test = rows.filter((r) => r.fold === fold);
    const scale = scaler(train.flatMap((r) => r.x));
    // Each block weighs its words (dropping a long block costs more) over its page's words (each page counts once, as in the mean F1).
    const x: number[][] = [];
    const y: number[] = [];
    const weight: number[] = [];
    for (const r of train) {
      const total = r.words.reduce((a, b) => a + b, 0) || 1;
      r.x.forEach((xi, i) => {
        x.push(scale(xi));
        y.push(r.share[i]! > 0.5 ? 1 : 0);
        weight.push((r.words[i]! + 1) / total);
      });
    }
    const w = fitLogistic(x, y, weight);
    // The threshold below which a block is dropped: the one that gives the training pages their best mean F1.
    const f1At = (r: Prepared, t: number, probs: number[]) =>
      wcxbF1(
        keptText(r.page.text, r.page.blocks, (i) => probs[i]! >= t),
        r.page.gold,
      ).f1;
    const trainProbs = train.map((r) => r.x.map((xi) => predict(w, scale(xi))));
    let best = { t: 0, f1: -1 };
    for (const t of [0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8]) {
      const f1 = mean(train.map((r, k) => f1At(r, t, trainProbs[k]!)));
      if (f1 > best.f1) best = { t, f1 };
    }
    console.error(`fold ${fold}: ${train.length} training pages, threshold ${best.t}, training F1 ${best.f1.toFixed(3)}`);
    for (const r of test)
      out.set(
        r,
        r.x.length
          ? f1At(
              r,
              best.t,
              r.x.map((xi) => predict(w, scale(xi))),
            )
          : r.now,
      );
  }
  return out;
}

const READINGS = ['readability', 'fallback', 'fallback-cards', 'thread', 'readability-cards', 'hidden'];

/** Cheap features of a page's readings: their word counts and how they compare with the chosen one. */
function readingFeatures(page: DumpedPage, name: string): number[] {
  const words = (text: string) => wcxbWords(text).length;
  const chosen = words(page.text);
  const c = page.candidates[name]!;
  const cw = words(c.text);
  const of = (n: string) => (page.candidates[n] ? Math.log1p(words(page.candidates[n]!.text)) : 0);
  const ratio = Math.log((cw + 10) / (chosen + 10));
  const chosenIs = READINGS.map((n) => (page.candidates[n]?.text === page.text ? 1 : 0));
  const isName = READINGS.map((n) => (n === name ? 1 : 0));
  return [
    1,
    ...isName,
    ...isName.map((v) => v * ratio),
    ...chosenIs,
    page.isArticle ? 1 : 0,
    Math.log1p(chosen),
    Math.log1p(cw),
    ratio,
    ...READINGS.map(of),
    c.blocks.length ? Math.log1p(cw / c.blocks.length) : 0,
  ];
}

/** Out of fold: a logistic model says, for each other reading of a page, whether it beats the chosen one; the likeliest wins above a threshold. */
function selectorModel(rows: Prepared[]): Map<Prepared, number> {
  const out = new Map<Prepared, number>();
  const others = (r: Prepared) => Object.keys(r.page.candidates).filter((n) => r.page.candidates[n]!.text !== r.page.text);
  for (let fold = 0; fold < FOLDS; fold++) {
    const train = rows.filter((r) => r.fold !== fold);
    const test = rows.filter((r) => r.fold === fold);
    const raw = train.flatMap((r) => others(r).map((n) => ({ r, n, x: readingFeatures(r.page, n) })));
    if (raw.length === 0) continue;
    const scale = scaler(raw.map((e) => e.x));
    // Weighted by what is at stake: a switch that gains or loses much F1 counts more than a near tie.
    const w = fitLogistic(
      raw.map((e) => scale(e.x)),
      raw.map((e) => (e.r.readings[e.n]! > e.r.now ? 1 : 0)),
      raw.map((e) => Math.abs(e.r.readings[e.n]! - e.r.now) + 1e-3),
    );
    const decide = (r: Prepared, t: number) => {
      let best: { n: string; p: number } | undefined;
      for (const n of others(r)) {
        const p = predict(w, scale(readingFeatures(r.page, n)));
        if (p >= t && (!best || p > best.p)) best = { n, p };
      }
      return best ? r.readings[best.n]! : r.now;
    };
    let best = { t: 1, f1: -1 };
    for (const t of [0.5, 0.6, 0.7, 0.8, 0.9, 0.95, 1.01]) {
      const f1 = mean(train.map((r) => decide(r, t)));
      if (f1 > best.f1) best = { t, f1 };
    }
    console.error(`selector fold ${fold}: threshold ${best.t}, training F1 ${best.f1.toFixed(3)}`);
    for (const r of test) out.set(r, decide(r, best.t));
  }
  for (const r of rows) if (!out.has(r)) out.set(r, r.now);
  return out;
}

function main(): void {
  const files = process.argv.slice(2).filter((a) => !a.startsWith('--'));
  if (files.length === 0) {
    console.error('Usage: npm run eval:learned -- dump.jsonl [more.jsonl …]  (written by scripts/learned-dump.ts)');
    process.exit(2);
  }
  const pages = files.flatMap((f) =>
    readFileSync(f, 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line) as DumpedPage),
  );
  const rows = pages.map(prepare);
  const names = [...new Set(rows.flatMap((r) => Object.keys(r.readings)))];
  console.log(`${rows.length} pages, ${new Set(pages.map((p) => p.domain)).size} sites, ${FOLDS} folds grouped by site`);

  console.log('\nCeilings (oracles, not reachable; they bound what a selector or a block filter could gain):');
  table(rows, [
    ['now', (r) => r.now],
    ['best reading', (r) => Math.max(...Object.values(r.readings))],
    [
      'gold blocks',
      (r) =>
        wcxbF1(
          keptText(r.page.text, r.page.blocks, (i) => r.share[i]! > 0.5),
          r.page.gold,
        ).f1,
    ],
    ['fallback gold', (r) => goldBlocksOf(r, 'fallback')],
    [
      'any gold',
      (r) =>
        Math.max(
          r.now,
          ...Object.keys(r.page.candidates).map((n) => goldBlocksOf(r, n)),
          wcxbF1(
            keptText(r.page.text, r.page.blocks, (i) => r.share[i]! > 0.5),
            r.page.gold,
          ).f1,
        ),
    ],
  ]);
  console.log('\nEach reading on its own (F1 where offered, now where not):');
  table(
    rows,
    names.map((n) => [n, (r) => r.readings[n] ?? r.now]),
  );
  const wins = new Map<string, number>();
  for (const r of rows) {
    const best = Object.entries(r.readings).reduce((a, b) => (b[1] > a[1] + 0.01 ? b : a));
    wins.set(best[0], (wins.get(best[0]) ?? 0) + 1);
  }
  console.log(`best reading (by more than 0.01 over the chosen one): ${[...wins].map(([n, c]) => `${n} ${c}`).join(', ')}`);

  console.log('\nCross-validated (out of fold), against the rules now:');
  const learned = blockModel(rows);
  const selected = selectorModel(rows);
  table(rows, [
    ['now', (r) => r.now],
    ['block filter', (r) => learned.get(r)!],
    // The same filter left off Readability's articles, where the rules are already near the gold.
    ['off articles', (r) => (r.page.isArticle ? r.now : learned.get(r)!)],
    ['selector', (r) => selected.get(r)!],
  ]);
}

main();
