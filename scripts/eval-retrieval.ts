/**
 * Retrieval quality of the library on a BEIR-format folder, through the same
 * chunking, index and search code the extension runs (Dexie on fake-indexeddb).
 *
 *   npm run eval:retrieval -- <dir> [--split train|test] [--max-tokens N] [--k1 x] [--k3 x] [--title-weight x] [--title-b x] [--heading-weight x] [--body-b x]
 *
 * Each BM25 option takes a comma-separated list: every combination is scored
 * on one ingest (a sweep), one line each, best last.
 *
 * Last line: `nDCG@10 <x.xxxx> Recall@100 <x.xxxx> queries <n>`; a document's
 * score is its best passage's (searchLibrary with one passage per page).
 */
import 'fake-indexeddb/auto';
import { createReadStream, existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { createInterface } from 'node:readline';
import type { ExtractedPage } from '../lib/extract/types';
import { openLibraryDb } from '../lib/library/db';
import { ingestPages } from '../lib/library/ingest';
import { DEFAULT_BM25, type Bm25Params } from '../lib/library/lexical-index';
import { searchLibrary } from '../lib/library/search';
import { scriptArgs } from './args';

const USAGE = 'npm run eval:retrieval -- <beir-dir> [--split train|test] [--max-tokens N] [--k1 x] [--k3 x] [--title-weight x] [--title-b x] [--heading-weight x] [--body-b x]';
const OPTIONS = ['split', 'max-tokens', 'k1', 'k3', 'title-weight', 'title-b', 'heading-weight', 'body-b'] as const;
const { values: args, positionals } = scriptArgs(Object.fromEntries(OPTIONS.map((name) => [name, { type: 'string' as const }])), USAGE);
const arg = (name: (typeof OPTIONS)[number]): string | undefined => args[name] as string | undefined;

async function* jsonLines(file: string): AsyncGenerator<Record<string, unknown>> {
  const lines = createInterface({ input: createReadStream(file, 'utf8'), crlfDelay: Infinity });
  for await (const line of lines) if (line.trim()) yield JSON.parse(line) as Record<string, unknown>;
}

function chooseSplit(dir: string, wanted: string | undefined): string {
  const available = readdirSync(path.join(dir, 'qrels'))
    .filter((f) => f.endsWith('.tsv'))
    .map((f) => f.replace(/\.tsv$/, ''));
  const split = wanted ?? 'test';
  if (available.includes(split)) return split;
  if (!wanted && available.length === 1) return available[0]!;
  throw new Error(`No qrels/${split}.tsv in ${dir} (available: ${available.join(', ') || 'none'}).`);
}

async function readQrels(file: string): Promise<Map<string, Map<string, number>>> {
  const qrels = new Map<string, Map<string, number>>();
  const lines = createInterface({ input: createReadStream(file, 'utf8'), crlfDelay: Infinity });
  let first = true;
  for await (const line of lines) {
    const [q, d, s] = line.split('\t');
    if (first && Number.isNaN(Number(s))) {
      first = false;
      continue;
    }
    first = false;
    if (!q || !d) continue;
    const score = Number(s);
    if (!(score > 0)) continue;
    if (!qrels.has(q)) qrels.set(q, new Map());
    qrels.get(q)!.set(d, score);
  }
  return qrels;
}

function ndcgAt(ranked: string[], relevant: Map<string, number>, k: number): number {
  let dcg = 0;
  ranked.slice(0, k).forEach((doc, i) => {
    const rel = relevant.get(doc) ?? 0;
    dcg += (2 ** rel - 1) / Math.log2(i + 2);
  });
  const ideal = [...relevant.values()].sort((a, b) => b - a).slice(0, k);
  const idcg = ideal.reduce((sum, rel, i) => sum + (2 ** rel - 1) / Math.log2(i + 2), 0);
  return idcg > 0 ? dcg / idcg : 0;
}

function recallAt(ranked: string[], relevant: Map<string, number>, k: number): number {
  const top = new Set(ranked.slice(0, k));
  let hit = 0;
  for (const doc of relevant.keys()) if (top.has(doc)) hit++;
  return relevant.size > 0 ? hit / relevant.size : 0;
}

async function main(): Promise<void> {
  const dir = positionals[0];
  if (!dir || !existsSync(path.join(dir, 'corpus.jsonl'))) {
    console.error(`Usage: ${USAGE}`);
    process.exit(2);
  }
  const split = chooseSplit(dir, arg('split'));
  const list = (name: (typeof OPTIONS)[number]) => (arg(name) ?? '').split(',').filter(Boolean).map(Number);
  let grid: Bm25Params[] = [structuredClone(DEFAULT_BM25)];
  const vary = (name: (typeof OPTIONS)[number], set: (p: Bm25Params, v: number) => void) => {
    const values = list(name);
    if (values.length === 0) return;
    grid = grid.flatMap((p) =>
      values.map((v) => {
        const q = structuredClone(p);
        set(q, v);
        return q;
      }),
    );
  };
  vary('k1', (p, v) => (p.k1 = v));
  vary('k3', (p, v) => (p.k3 = v));
  vary('title-weight', (p, v) => (p.title.weight = v));
  vary('title-b', (p, v) => (p.title.b = v));
  vary('heading-weight', (p, v) => (p.heading.weight = v));
  vary('body-b', (p, v) => (p.body.b = v));
  const maxTokens = arg('max-tokens') ? Number(arg('max-tokens')) : undefined;

  const db = openLibraryDb({ name: `eval-${Date.now()}` });
  const urlToDoc = new Map<string, string>();
  const started = performance.now();
  let batch: ExtractedPage[] = [];
  let docs = 0;
  const flush = async () => {
    if (batch.length) await ingestPages(db, batch, { maxTokens });
    batch = [];
  };
  for await (const row of jsonLines(path.join(dir, 'corpus.jsonl'))) {
    const id = String(row._id);
    const url = `https://corpus.invalid/doc/${encodeURIComponent(id)}`;
    urlToDoc.set(url, id);
    const text = String(row.text ?? '');
    batch.push({
      url,
      canonicalUrl: url,
      title: String(row.title ?? ''),
      text: text.trim() ? text : String(row.title ?? id),
      blocks: [],
      isArticle: true,
      wordCount: text.split(/\s+/).length,
      hasPasswordField: false,
    });
    docs++;
    if (batch.length >= 64) await flush();
    if (docs % 1000 === 0) process.stderr.write(`indexed ${docs} documents (${((performance.now() - started) / 1000).toFixed(1)} s)\n`);
  }
  await flush();
  const indexedMs = performance.now() - started;

  const qrels = await readQrels(path.join(dir, 'qrels', `${split}.tsv`));
  const queries: Array<{ text: string; relevant: Map<string, number> }> = [];
  for await (const row of jsonLines(path.join(dir, 'queries.jsonl'))) {
    const relevant = qrels.get(String(row._id));
    if (relevant) queries.push({ text: String(row.text), relevant });
  }
  const results: Array<{ params: Bm25Params; ndcg: number; recall: number }> = [];
  for (const params of grid) {
    let ndcg = 0;
    let recall = 0;
    const times: number[] = [];
    for (const { text, relevant } of queries) {
      const t0 = performance.now();
      const result = await searchLibrary(db, text, { limit: 100, chunksPerPage: 1, params, candidates: 2000 });
      times.push(performance.now() - t0);
      const ranked = result.pages.map((p) => urlToDoc.get(p.url) ?? '');
      ndcg += ndcgAt(ranked, relevant, 10);
      recall += recallAt(ranked, relevant, 100);
    }
    const n = Math.max(queries.length, 1);
    results.push({ params, ndcg: ndcg / n, recall: recall / n });
    times.sort((a, b) => a - b);
    if (grid.length > 1) console.log(`params ${JSON.stringify(params)} nDCG@10 ${(ndcg / n).toFixed(4)} Recall@100 ${(recall / n).toFixed(4)}`);
    else
      console.log(
        `corpus ${docs} docs indexed in ${(indexedMs / 1000).toFixed(1)} s; split ${split}; query median ${times[Math.floor(times.length / 2)]?.toFixed(1)} ms (fake-indexeddb in Node)`,
      );
  }
  const best = results.reduce((a, b) => (b.ndcg > a.ndcg ? b : a));
  if (grid.length > 1) console.log(`best params ${JSON.stringify(best.params)}`);
  console.log(`nDCG@10 ${best.ndcg.toFixed(4)} Recall@100 ${best.recall.toFixed(4)} queries ${queries.length}`);
  db.close();
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
