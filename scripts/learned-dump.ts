/**
 * The data of `npm run eval:learned` (scripts/eval-learned.ts): each WCXB page read once in Node with
 * jsdom by the product's `extractPage`, keeping the text it chose, that text's blocks, and every other
 * reading the page offers (`ExtractOptions.candidates`), each scored against the gold main text.
 *   tsx scripts/learned-dump.ts --wcxb ../shared/fixtures/wcxb-dev --out dump.jsonl [--shard 0/2] [--per-type N]
 * Written one page a line, so that several shards can run at once and be read together (`--skip` leaves out the pages of earlier dumps).
 */
import { appendFileSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { extractPage } from '../lib/extract/extract-page';
import { wcxbF1 } from '../lib/extract/wcxb-score';
import type { ExtractedBlock } from '../lib/extract/types';
import { parseHtml } from './html-document';
import { scriptArgs } from './args';
import { wcxbPages, type WcxbPage } from './eval-wcxb';

const USAGE = 'tsx scripts/learned-dump.ts --wcxb <wcxb dir> --out dump.jsonl [--shard i/n] [--per-type N] [--skip done.jsonl,…]';

/** One page of the dump. */
export interface DumpedPage {
  id: string;
  type: string;
  domain: string;
  gold: string;
  /** The reading the rules chose, and its blocks. */
  text: string;
  blocks: ExtractedBlock[];
  isArticle: boolean;
  /** Every reading offered, by name: its text and its blocks. */
  candidates: Record<string, { text: string; blocks: ExtractedBlock[] }>;
}

async function main(): Promise<void> {
  const { values } = scriptArgs(
    { wcxb: { type: 'string' }, out: { type: 'string' }, shard: { type: 'string' }, 'per-type': { type: 'string' }, skip: { type: 'string' } },
    USAGE,
    process.argv.slice(2),
  );
  if (!values.out) throw new Error(`--out is required\n${USAGE}`);
  const root = path.resolve(values.wcxb ?? '../shared/fixtures/wcxb-dev');
  const meta = JSON.parse(readFileSync(path.join(root, 'metadata.json'), 'utf8')) as { files: Record<string, { domain: string }> };
  const [shard, shards] = (values.shard ?? '0/1').split('/').map(Number) as [number, number];
  const perType = values['per-type'] ? Number(values['per-type']) : Infinity;
  const skip = new Set(
    (values.skip?.split(',') ?? []).flatMap((f) =>
      readFileSync(f, 'utf8')
        .split('\n')
        .filter(Boolean)
        .map((line) => (JSON.parse(line) as DumpedPage).id),
    ),
  );
  // The first `perType` pages of each type, taken in turns (an article, a collection, …): a dump cut short is still a sample of every type.
  const byType = new Map<string, WcxbPage[]>();
  const pages = wcxbPages(root, { perType });
  for (const page of pages) {
    const list = byType.get(page.type);
    if (list) list.push(page);
    else byType.set(page.type, [page]);
  }
  const order: WcxbPage[] = [];
  for (let i = 0; order.length < pages.length; i++) for (const list of byType.values()) if (list[i]) order.push(list[i]!);
  writeFileSync(values.out, '');
  let done = 0;
  for (const [i, { id, type, truth, htmlFile }] of order.entries()) {
    if (i % shards !== shard || skip.has(id) || !truth.ground_truth.main_content) continue;
    const candidates: DumpedPage['candidates'] = {};
    let page;
    try {
      // Inside the try: a page whose recorded address is not a URL (four in the dev split have none) is reported and skipped.
      const doc = parseHtml(gunzipSync(readFileSync(htmlFile)).toString('utf8'), truth.url);
      page = extractPage(doc, truth.url, { candidates: (name, s) => (candidates[name] = { text: s.text, blocks: s.blocks }) });
    } catch (error) {
      console.error(`${id}: ${(error as Error).message}`);
      continue;
    }
    const dumped: DumpedPage = {
      id,
      type,
      domain: meta.files[id]?.domain ?? new URL(truth.url).hostname,
      gold: truth.ground_truth.main_content,
      text: page.text,
      blocks: page.blocks,
      isArticle: page.isArticle,
      candidates,
    };
    appendFileSync(values.out, JSON.stringify(dumped) + '\n');
    if (++done % 25 === 0) console.error(`… ${done} pages (${id}), F1 ${wcxbF1(page.text, dumped.gold).f1.toFixed(3)}`);
  }
}

await main();
