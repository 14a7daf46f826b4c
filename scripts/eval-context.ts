/**
 * npm run eval:context -- <squad.json> --budget <tokens> [--tokenizer <name>]
 *
 * Loads every article of a SQuAD file as one browsed page into a fresh library
 * (the real library code: Dexie on fake-indexeddb, ingestion, chunking, BM25),
 * then, for every answerable question, builds exactly the context that "ask my
 * library" sends to the model under the token budget, and checks whether one
 * of the gold answers is in it. Last line:
 *   answer-in-context <x.xxx> mean-context-tokens <n> questions <n>
 */
import 'fake-indexeddb/auto';
import { readFile } from 'node:fs/promises';
import { openLibraryDb } from '@/lib/library/db';
import { ingestPage } from '@/lib/library/ingest';
import type { ExtractedBlock, ExtractedPage } from '@/lib/extract/types';
import { loadTokenizer } from '@/lib/tokens/registry';
import { nodeTokenizerFiles } from '@/lib/tokens/node-files';
import { buildLibraryContext } from '@/lib/answer/ask';
import { libraryRetriever } from '@/lib/answer/library-retriever';

interface SquadFile {
  data: { title: string; paragraphs: { context: string; qas: { question: string; is_impossible?: boolean; answers: { text: string }[] }[] }[] }[];
}

function usage(message: string): never {
  console.error(`${message}\nUsage: npm run eval:context -- <squad.json> --budget <tokens> [--tokenizer llama-3|qwen2.5|qwen3|gpt-4o|gpt-4|smollm2]`);
  process.exit(2);
}

function parseArgs(argv: string[]): { file: string; budget: number; tokenizer: string } {
  let file: string | undefined;
  let budget: number | undefined;
  let tokenizer = 'llama-3';
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--budget') budget = Number(argv[++i]);
    else if (arg === '--tokenizer') tokenizer = argv[++i] ?? usage('--tokenizer needs a name.');
    else if (arg.startsWith('--')) usage(`Unknown option ${arg}.`);
    else file = arg;
  }
  if (!file) usage('Give the SQuAD JSON file.');
  if (!budget || !Number.isInteger(budget) || budget < 64) usage('--budget must be a whole number of tokens, at least 64.');
  return { file, budget, tokenizer };
}

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
  return { url, canonicalUrl: url, title: title.replace(/_/g, ' '), siteName: 'Wikipedia', lang: 'en', text, blocks, isArticle: true, wordCount: text.split(/\s+/).length, hasPasswordField: false };
}

const { file, budget, tokenizer: tokenizerName } = parseArgs(process.argv.slice(2));
const squad = JSON.parse(await readFile(file, 'utf8')) as SquadFile;
if (!Array.isArray(squad.data)) usage(`${file} is not a SQuAD file (no "data" array).`);
const tokenizer = await loadTokenizer(tokenizerName, nodeTokenizerFiles);
const db = openLibraryDb({ name: `eval-context-${process.pid}-${Date.now()}` });
for (const article of squad.data) await ingestPage(db, articlePage(article.title, article.paragraphs.map((p) => p.context)));
const retrieve = libraryRetriever(db);

let questions = 0;
let found = 0;
let contextTokens = 0;
for (const article of squad.data) {
  let articleQuestions = 0;
  let articleFound = 0;
  for (const paragraph of article.paragraphs) {
    for (const qa of paragraph.qas) {
      if (qa.is_impossible || qa.answers.length === 0) continue;
      const context = await buildLibraryContext(qa.question, retrieve, { tokenizer, budget });
      if (context.tokens > budget) throw new Error(`Budget exceeded: ${context.tokens} > ${budget} for "${qa.question}".`);
      contextTokens += context.tokens;
      questions += 1;
      articleQuestions += 1;
      if (qa.answers.some((answer) => context.text.includes(answer.text))) {
        found += 1;
        articleFound += 1;
      }
    }
  }
  console.log(`${article.title}: ${articleFound}/${articleQuestions}`);
}
db.close();
if (questions === 0) usage('No answerable question in this file.');
console.log(`tokenizer ${tokenizerName} budget ${budget}`);
console.log(`answer-in-context ${(found / questions).toFixed(3)} mean-context-tokens ${Math.round(contextTokens / questions)} questions ${questions}`);
