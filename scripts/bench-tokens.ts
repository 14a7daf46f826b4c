import { readFileSync } from 'node:fs';
import { Tokenizer as HfTokenizer } from '@huggingface/tokenizers';
import { encode as gptTokenizerO200k } from 'gpt-tokenizer/encoding/o200k_base';
import { encode as gptTokenizerCl100k } from 'gpt-tokenizer/encoding/cl100k_base';
import { loadTokenizer } from '../lib/tokens/registry';
import { nodeTokenizerFiles, nodeTokenizerPath } from '../lib/tokens/node-files';
import type { TokenizerFile } from '../lib/tokens/registry';
import { countTokens } from '../lib/tokens/counting';
import { realPagesText } from './fixture-pages';
import { NO_BUILD, PAGES, scriptArgs } from './args';

// npm run bench:tokens [-- --mb 8]   (and -- --browser firefox|chromium: scripts/bench-tokens-browser.ts)
// Throughput of each Gleaner tokenizer (the lib/tokens code the extension's worker runs)
// on a large real text — the article text of all 130 Readability pages, repeated to the
// size asked — next to a well-known library doing the same encoding in the same run:
// gpt-tokenizer (pure JS port of tiktoken) for o200k/cl100k, Hugging Face tokenizers.js
// (pure JS) for tokenizer.json files. Gleaner runs OpenAI's tiktoken core (wasm) and the
// Rust `tokenizers` crate (wasm, as WebLLM). Prints a table and JSON, and where the ids
// differ, the first difference.

const { values: args } = scriptArgs(
  { ...PAGES, ...NO_BUILD, mb: { type: 'string' }, browser: { type: 'string' } },
  'npm run bench:tokens -- [--mb N] [--pages <dir>] [--browser chromium|firefox [--no-build]]',
);

// With --browser firefox|chromium: the same text counted by the extension's worker in that browser.
if (args.browser) {
  await (await import('./bench-tokens-browser')).benchTokensInBrowser({ browser: args.browser, mb: Number(args.mb ?? 4), pages: args.pages, build: !args['no-build'] });
  process.exit(0);
}

const targetMB = Number(args.mb ?? 8);
const pages = realPagesText(args.pages);
let text = pages;
while (Buffer.byteLength(text) < targetMB * 1e6) text += `\n${pages}`;
const mb = Buffer.byteLength(text) / 1e6;

function time<T>(fn: () => T): { value: T; s: number } {
  const start = performance.now();
  const value = fn();
  return { value, s: (performance.now() - start) / 1000 };
}

/** Index of the first differing id, or -1 when the id lists are identical. */
function firstDifference(a: ArrayLike<number>, b: ArrayLike<number>): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return i;
  return a.length === b.length ? -1 : n;
}

type Row = {
  tokenizer: string;
  tokens: number;
  gleanerMBps: number;
  gleanerChunkedMBps: number;
  reference: string;
  referenceMBps: number;
  identicalIds: boolean;
  /** Where the ids first differ: the text around it. */
  firstDifference?: string;
};

const rows: Row[] = [];

async function bench(name: string, reference: string, referenceEncode: (t: string) => ArrayLike<number>): Promise<void> {
  const tokenizer = await loadTokenizer(name, nodeTokenizerFiles);
  tokenizer.encode('warm up'); // wasm instantiation and regex compilation out of the timing
  referenceEncode('warm up');
  const ours = time(() => tokenizer.encode(text));
  const chunked = await (async () => {
    const start = performance.now();
    const result = await countTokens(tokenizer, [{ text }], { yieldBetweenChunks: async () => {} });
    return { tokens: result.tokens, s: (performance.now() - start) / 1000 };
  })();
  const theirs = time(() => referenceEncode(text));
  const diff = firstDifference(ours.value, theirs.value);
  if (chunked.tokens !== ours.value.length) throw new Error(`${name}: chunked count ${chunked.tokens} ≠ ${ours.value.length}`);
  rows.push({
    tokenizer: name,
    tokens: ours.value.length,
    gleanerMBps: +(mb / ours.s).toFixed(2),
    gleanerChunkedMBps: +(mb / chunked.s).toFixed(2),
    reference,
    referenceMBps: +(mb / theirs.s).toFixed(2),
    identicalIds: diff < 0,
    ...(diff >= 0 ? { firstDifference: JSON.stringify(tokenizer.decode(ours.value.slice(Math.max(0, diff - 3), diff + 3))) } : {}),
  });
  console.error(`${name}: done`);
}

function hf(file: TokenizerFile): (t: string) => number[] {
  const json = JSON.parse(readFileSync(nodeTokenizerPath(file), 'utf8'));
  const tokenizer = new HfTokenizer(json, {});
  return (t) => tokenizer.encode(t, { add_special_tokens: false }).ids;
}

const noSpecial = { disallowedSpecial: new Set<string>() };
await bench('gpt-4o', 'gpt-tokenizer 4.0.0 (JS)', (t) => gptTokenizerO200k(t, noSpecial));
await bench('gpt-4', 'gpt-tokenizer 4.0.0 (JS)', (t) => gptTokenizerCl100k(t, noSpecial));
await bench('llama-3', '@huggingface/tokenizers 0.2.0 (JS)', hf('llama-3'));
await bench('qwen3', '@huggingface/tokenizers 0.2.0 (JS)', hf('qwen'));
await bench('smollm2', '@huggingface/tokenizers 0.2.0 (JS)', hf('smollm2'));

console.log(`Text: ${mb.toFixed(2)} MB (UTF-8) of real article text, ${text.length.toLocaleString('en-US')} characters; Node ${process.version}`);
console.log('| tokenizer | tokens | Gleaner MB/s | Gleaner chunked MB/s | reference library | reference MB/s | identical ids |');
console.log('|---|---:|---:|---:|---|---:|---|');
for (const r of rows) {
  console.log(
    `| ${r.tokenizer} | ${r.tokens.toLocaleString('en-US')} | ${r.gleanerMBps} | ${r.gleanerChunkedMBps} | ${r.reference} | ${r.referenceMBps} | ${r.identicalIds ? 'yes' : `no, first at ${r.firstDifference}`} |`,
  );
}
console.log(JSON.stringify({ date: new Date().toISOString(), mb: +mb.toFixed(2), rows }, null, 2));
