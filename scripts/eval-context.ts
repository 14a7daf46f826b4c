/**
 * npm run eval:context -- <squad.json> --budget <tokens>[,<tokens>…] [--tokenizer <name>]
 *     [--distractors <beir-dir>] [--pages <readability-pages-dir>] [--outside <n>]
 *     [--min-question-relevance x] [--min-passage-relevance x]
 *
 * Loads every article of a SQuAD file as one browsed page into a fresh library
 * (the real library code: Dexie on fake-indexeddb, ingestion, chunking, BM25),
 * optionally among thousands of distractor passages (the abstracts of a BEIR
 * corpus such as SciFact, real saved pages), then, for every question, builds
 * exactly the context that "ask my library" sends to the model
 * (`buildLibraryContext`: library retrieval, then `packSources`) under each
 * token budget, and checks whether one of the gold answers is in it.
 *
 * Also measured, since Gleaner must say so rather than guess:
 * - answerable-refused: answerable questions given no source at all;
 * - unanswerable-given-sources: SQuAD 2.0's unanswerable questions (about the
 *   same articles, written to look answerable) that still get sources;
 * - off-library-given-sources (with --outside n): questions of the last n
 *   articles, which are not put into the library, that still get sources.
 * Last line per budget:
 *   answer-in-context <x.xxx> mean-context-tokens <n> questions <n>
 */
import 'fake-indexeddb/auto';
import { createReadStream, existsSync, readdirSync, readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { openLibraryDb } from '@/lib/library/db';
import { ingestPage, ingestPages } from '@/lib/library/ingest';
import type { ExtractedBlock, ExtractedPage } from '@/lib/extract/types';
import { loadTokenizer } from '@/lib/tokens/registry';
import { nodeTokenizerFiles } from '@/lib/tokens/node-files';
import { LIBRARY_CANDIDATES } from '@/lib/answer/ask';
import { libraryRetriever } from '@/lib/answer/library-retriever';
import { packSources, type RetrievedPassage } from '@/lib/answer/sources';

interface SquadFile {
  data: { title: string; paragraphs: { context: string; qas: { question: string; is_impossible?: boolean; answers: { text: string }[] }[] }[] }[];
}

function usage(message: string): never {
  console.error(
    `${message}\nUsage: npm run eval:context -- <squad.json> --budget <tokens>[,<tokens>…] [--tokenizer llama-3|qwen2.5|qwen3|gpt-4o|gpt-4|smollm2]\n` +
      '    [--distractors <beir-dir>] [--pages <readability-pages-dir>] [--outside <n>] [--min-question-relevance x] [--min-passage-relevance x]',
  );
  process.exit(2);
}

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    budget: { type: 'string' },
    tokenizer: { type: 'string', default: 'llama-3' },
    distractors: { type: 'string' },
    pages: { type: 'string' },
    outside: { type: 'string', default: '0' },
    'min-question-relevance': { type: 'string' },
    'min-passage-relevance': { type: 'string' },
  },
});
const file = positionals[0] ?? usage('Give the SQuAD JSON file.');
const budgets = (values.budget ?? '').split(',').filter(Boolean).map(Number);
if (budgets.length === 0 || budgets.some((b) => !Number.isInteger(b) || b < 64)) usage('--budget must be whole numbers of tokens, at least 64 (comma-separated).');
const outside = Number(values.outside);
const relevance = {
  ...(values['min-question-relevance'] ? { minQuestionRelevance: Number(values['min-question-relevance']) } : {}),
  ...(values['min-passage-relevance'] ? { minPassageRelevance: Number(values['min-passage-relevance']) } : {}),
};

/** An article as a browsed page: its paragraphs are the page's blocks. */
function articlePage(title: string, paragraphs: string[]): ExtractedPage {
  const blocks: ExtractedBlock[] = [];
  let text = '';
  for (const paragraph of paragraphs) {
    if (text) text += '\n\n';
    blocks.push({ kind: 'paragraph', start: text.length, end: text.length + paragraph.length });
    text += paragraph;
  }
  const url = `https://en.wikipedia.org/wiki/${encodeURIComponent(title)}`;
  return {
    url,
    canonicalUrl: url,
    title: title.replace(/_/g, ' '),
    siteName: 'Wikipedia',
    lang: 'en',
    text,
    blocks,
    isArticle: true,
    wordCount: text.split(/\s+/).length,
    hasPasswordField: false,
  };
}

function plainPage(url: string, title: string, text: string): ExtractedPage {
  return { url, canonicalUrl: url, title, text, blocks: [], isArticle: true, wordCount: text.split(/\s+/).length, hasPasswordField: false };
}

/** The abstracts of a BEIR corpus, one page each. */
async function* beirPages(dir: string): AsyncGenerator<ExtractedPage> {
  const lines = createInterface({ input: createReadStream(path.join(dir, 'corpus.jsonl'), 'utf8'), crlfDelay: Infinity });
  for await (const line of lines) {
    if (!line.trim()) continue;
    const row = JSON.parse(line) as { _id: string; title?: string; text?: string };
    const text = row.text?.trim() || row.title || row._id;
    yield plainPage(`https://corpus.invalid/doc/${encodeURIComponent(row._id)}`, row.title ?? '', text);
  }
}

/** Real saved pages (Readability's expected article text), one page each. */
function savedPages(dir: string): ExtractedPage[] {
  return readdirSync(dir)
    .sort()
    .flatMap((name) => {
      const html = path.join(dir, name, 'expected.html');
      if (!existsSync(html)) return [];
      const text = readFileSync(html, 'utf8')
        .replace(/<(script|style)[\s\S]*?<\/\1>/g, '')
        .replace(/<\/(p|div|h\d|li|pre|tr)>/g, '\n\n')
        .replace(/<[^>]+>/g, '')
        .replace(/&nbsp;/g, '\u00a0')
        .replace(/&lt;/g, '<')
        .replace(/&gt;/g, '>')
        .replace(/&quot;/g, '"')
        .replace(/&amp;/g, '&')
        .replace(/\n{3,}/g, '\n\n')
        .trim();
      return text ? [plainPage(`https://saved.invalid/${name}`, name, text)] : [];
    });
}

const squad = JSON.parse(await readFile(file, 'utf8')) as SquadFile;
if (!Array.isArray(squad.data)) usage(`${file} is not a SQuAD file (no "data" array).`);
const tokenizer = await loadTokenizer(values.tokenizer!, nodeTokenizerFiles);
const db = openLibraryDb({ name: `eval-context-${process.pid}-${Date.now()}` });
const inside = squad.data.slice(0, squad.data.length - outside);
for (const article of inside)
  await ingestPage(
    db,
    articlePage(
      article.title,
      article.paragraphs.map((p) => p.context),
    ),
  );
let distractorPages = 0;
if (values.distractors) {
  let batch: ExtractedPage[] = [];
  for await (const page of beirPages(values.distractors)) {
    batch.push(page);
    if (batch.length === 64) {
      await ingestPages(db, batch);
      distractorPages += batch.length;
      batch = [];
    }
  }
  await ingestPages(db, batch);
  distractorPages += batch.length;
}
if (values.pages) {
  const pages = savedPages(values.pages);
  for (let i = 0; i < pages.length; i += 16) await ingestPages(db, pages.slice(i, i + 16));
  distractorPages += pages.length;
}
const passages = (await db.texts.toArray()).reduce((sum, row) => sum + row.chunks.length, 0);
console.log(`library: ${inside.length} articles + ${distractorPages} distractor pages, ${passages} passages`);
const retrieve = libraryRetriever(db);

/** Exactly what `buildLibraryContext` does, with the retrieval shared by all budgets. */
const pack = (question: string, found: readonly RetrievedPassage[], budget: number) => packSources(question, found, { tokenizer, budget, ...relevance });

const stats = budgets.map(() => ({ found: 0, tokens: 0 }));
let answerable = 0;
let refused = 0;
let unanswerable = 0;
let unanswerableServed = 0;
let offLibrary = 0;
let offLibraryServed = 0;
const largest = Math.max(...budgets);
/** The best passage's relevance per question, by kind: how well the gate can separate them. */
const best = { answerable: [] as number[], unanswerable: [] as number[], offLibrary: [] as number[] };
const bestOf = (found: readonly RetrievedPassage[]) => Math.max(0, ...found.map((p) => p.relevance ?? 0));
for (const [index, article] of squad.data.entries()) {
  const isInside = index < inside.length;
  const counts = budgets.map(() => 0);
  let articleQuestions = 0;
  for (const paragraph of article.paragraphs) {
    for (const qa of paragraph.qas) {
      const found = await retrieve(qa.question, { limit: LIBRARY_CANDIDATES });
      const impossible = qa.is_impossible || qa.answers.length === 0;
      best[!isInside ? 'offLibrary' : impossible ? 'unanswerable' : 'answerable'].push(bestOf(found));
      if (!isInside || impossible) {
        const served = pack(qa.question, found, largest).sources.length > 0;
        if (!isInside) {
          offLibrary += 1;
          if (served) offLibraryServed += 1;
        } else {
          unanswerable += 1;
          if (served) unanswerableServed += 1;
        }
        continue;
      }
      answerable += 1;
      articleQuestions += 1;
      budgets.forEach((budget, b) => {
        const context = pack(qa.question, found, budget);
        if (context.tokens > budget) throw new Error(`Budget exceeded: ${context.tokens} > ${budget} for "${qa.question}".`);
        if (b === budgets.length - 1 && context.sources.length === 0) refused += 1;
        stats[b]!.tokens += context.tokens;
        if (qa.answers.some((answer) => context.text.includes(answer.text))) {
          stats[b]!.found += 1;
          counts[b]! += 1;
        }
      });
    }
  }
  if (isInside) console.log(`${article.title}: ${counts.map((c, b) => `${c}/${articleQuestions} at ${budgets[b]}`).join(', ')}`);
}
db.close();
if (answerable === 0) usage('No answerable question in the library part of this file.');
const rate = (n: number, d: number) => (d > 0 ? (n / d).toFixed(3) : 'n/a');
const quantiles = (xs: number[]) => [0.05, 0.1, 0.25, 0.5, 0.75, 0.9].map((q) => xs.sort((a, b) => a - b)[Math.floor(q * (xs.length - 1))]?.toFixed(2) ?? '-').join(' ');
for (const [kind, xs] of Object.entries(best)) if (xs.length) console.log(`best-relevance ${kind} p5/p10/p25/p50/p75/p90: ${quantiles(xs)}`);
// What other question thresholds would give (for calibration): the share of each kind below it.
const below = (xs: number[], t: number) => rate(xs.filter((x) => x < t).length, xs.length);
for (const t of [0.3, 0.35, 0.4, 0.45, 0.5, 0.55]) {
  console.log(
    `if min-question-relevance ${t}: answerable-refused ${below(best.answerable, t)} unanswerable-refused ${below(best.unanswerable, t)} off-library-refused ${below(best.offLibrary, t)}`,
  );
}
console.log(`answerable-refused ${rate(refused, answerable)} (${refused}/${answerable})`);
console.log(`unanswerable-given-sources ${rate(unanswerableServed, unanswerable)} (${unanswerableServed}/${unanswerable})`);
if (outside > 0) console.log(`off-library-given-sources ${rate(offLibraryServed, offLibrary)} (${offLibraryServed}/${offLibrary})`);
budgets.forEach((budget, b) => {
  console.log(`tokenizer ${values.tokenizer} budget ${budget}`);
  console.log(`answer-in-context ${(stats[b]!.found / answerable).toFixed(3)} mean-context-tokens ${Math.round(stats[b]!.tokens / answerable)} questions ${answerable}`);
});
