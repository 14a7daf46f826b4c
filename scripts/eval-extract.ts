/**
 * Extraction quality: word-level F1 of plain Readability and of Gleaner's
 * extraction against the gold article text of every saved page in
 * ../shared/fixtures/readability-pages (the text content of expected.html),
 * plus extraction time per page.
 *
 *   npm run eval:extract [-- <pages dir>]
 *   npm run eval:extract -- --wcxb <wcxb dir> [--per-type N] [--type T] [--ids 0001,0002] [--verbose]
 *                           [--browser jsdom|chromium] [--tabs N] [--page-scripts] [--warm] [--fresh-process]
 *
 * With --wcxb: the WCXB development split (real pages of 7 types with gold
 * main text and must-have / must-not-have snippets), scored as the benchmark
 * does (`lib/extract/wcxb-score.ts`), per page type and overall, for plain
 * Readability and for Gleaner. --per-type N takes the first N pages of each
 * type (a quicker run). --browser chromium reads the pages in headless
 * Chromium (the product's extraction bundled into each page, several tabs at
 * once, no request leaving the machine): the whole dev split in minutes
 * instead of hours in jsdom.
 */
import { readFile, readdir } from 'node:fs/promises';
import path from 'node:path';
import { Readability } from '@mozilla/readability';
import { extractPage } from '../lib/extract/extract-page';
import { wordF1 } from '../lib/extract/word-f1';
import { parseHtml } from './html-document';
import { PAGES, scriptArgs } from './args';
import { evalWcxb } from './eval-wcxb';

if (process.argv.includes('--wcxb')) {
  await evalWcxb(process.argv.slice(2));
  process.exit(0);
}

const FIXTURE_URL = 'http://fakehost/test/page.html';
const { values: args } = scriptArgs(PAGES, 'npm run eval:extract -- [--pages <readability-pages-dir>]');
const dir = path.resolve(args.pages);

function quantile(sorted: number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;
}

interface Row {
  name: string;
  readerable: boolean;
  plain: number;
  ours: number;
  ms: number;
  fallback: boolean;
}

const rows: Row[] = [];
const names = (await readdir(dir, { withFileTypes: true }))
  .filter((e) => e.isDirectory())
  .map((e) => e.name)
  .sort();
for (const name of names) {
  const folder = path.join(dir, name);
  const [source, expected, metaText] = await Promise.all([
    readFile(path.join(folder, 'source.html'), 'utf8'),
    readFile(path.join(folder, 'expected.html'), 'utf8'),
    readFile(path.join(folder, 'expected-metadata.json'), 'utf8').catch(() => '{}'),
  ]);
  const gold = parseHtml(expected, FIXTURE_URL).body.textContent ?? '';
  const plainText = (() => {
    try {
      return new Readability(parseHtml(source, FIXTURE_URL)).parse()?.textContent ?? '';
    } catch {
      return '';
    }
  })();
  const doc = parseHtml(source, FIXTURE_URL);
  const started = performance.now();
  const page = extractPage(doc, FIXTURE_URL);
  const ms = performance.now() - started;
  rows.push({
    name,
    readerable: JSON.parse(metaText).readerable !== false,
    plain: wordF1(plainText, gold).f1,
    ours: wordF1(page.text, gold).f1,
    ms,
    fallback: !page.isArticle,
  });
}

const mean = (values: number[]) => values.reduce((a, b) => a + b, 0) / Math.max(1, values.length);
const fmt = (x: number) => x.toFixed(4);
const better = rows.filter((r) => r.ours > r.plain + 1e-4);
const worse = rows.filter((r) => r.ours < r.plain - 1e-4);
const hard = rows.filter((r) => !r.readerable);
const times = rows.map((r) => r.ms).sort((a, b) => a - b);

console.log(`pages ${rows.length} (readerable:false ${hard.length}) from ${dir}`);
console.log(`mean word F1  plain Readability ${fmt(mean(rows.map((r) => r.plain)))}  Gleaner ${fmt(mean(rows.map((r) => r.ours)))}`);
console.log(`readerable:false pages  plain ${fmt(mean(hard.map((r) => r.plain)))}  Gleaner ${fmt(mean(hard.map((r) => r.ours)))}`);
console.log(`better on ${better.length}: ${better.map((r) => `${r.name} (${fmt(r.plain)} → ${fmt(r.ours)})`).join(', ') || '—'}`);
console.log(`worse on ${worse.length}: ${worse.map((r) => `${r.name} (${fmt(r.plain)} → ${fmt(r.ours)})`).join(', ') || '—'}`);
console.log(
  `fallback used on ${rows.filter((r) => r.fallback).length}: ${
    rows
      .filter((r) => r.fallback)
      .map((r) => r.name)
      .join(', ') || '—'
  }`,
);
console.log(`extraction time per page (jsdom, Node)  median ${quantile(times, 0.5).toFixed(1)} ms  p95 ${quantile(times, 0.95).toFixed(1)} ms`);
