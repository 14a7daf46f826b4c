import 'fake-indexeddb/auto';
import { readFileSync } from 'node:fs';
import { squadFile } from '../support/fixtures';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openLibraryDb, type LibraryDb } from '@/lib/library/db';
import { ingestPage } from '@/lib/library/ingest';
import { embedPendingChunks } from '@/lib/library/vectors';
import type { ExtractedBlock, ExtractedPage } from '@/lib/extract/types';
import { TestEngine } from '@/lib/engine/test-engine';
import { loadTokenizer } from '@/lib/tokens/registry';
import { nodeTokenizerFiles } from '@/lib/tokens/node-files';
import { buildLibraryContext } from '@/lib/answer/ask';
import { libraryRetriever, searchLibraryPassages } from '@/lib/answer/library-retriever';

const squad = JSON.parse(readFileSync(squadFile, 'utf8')) as { data: { title: string; paragraphs: { context: string }[] }[] };

function page(index: number, origin: string): ExtractedPage {
  const article = squad.data[index]!;
  const blocks: ExtractedBlock[] = [];
  let text = '';
  for (const { context } of article.paragraphs) {
    if (text) text += '\n\n';
    blocks.push({ kind: 'paragraph', start: text.length, end: text.length + context.length });
    text += context;
  }
  const url = `${origin}/wiki/${article.title}`;
  return { url, canonicalUrl: url, title: article.title.replace(/_/g, ' '), text, blocks, isArticle: true, wordCount: 1, hasPasswordField: false, lang: 'en' };
}

/** The test engine's hashed bag-of-words vectors: not a real embedding model, but real vectors in the real vector table. */
const engine = new TestEngine({ tokenDelayMs: 0 });
const embedder = { model: 'gleaner-test-bow', embed: (texts: string[]) => engine.embed(texts) };
let db: LibraryDb;

beforeAll(async () => {
  db = openLibraryDb({ name: `retriever-${Math.random()}` });
  await ingestPage(db, page(0, 'https://en.wikipedia.org'));
  await ingestPage(db, page(1, 'https://steam.example'));
  await embedPendingChunks(db, embedder);
});
afterAll(() => db.close());

describe('library retrieval for answers', () => {
  it('returns the best passages across pages, with page metadata and offsets', async () => {
    const passages = await searchLibraryPassages(db, 'Who was the leader Rollo?', { limit: 5 });
    expect(passages.length).toBeGreaterThan(0);
    expect(passages[0]).toMatchObject({ title: 'Normans', site: 'en.wikipedia.org' });
    expect(passages[0]!.text).toContain('Rollo');
    expect(passages[0]!.end! - passages[0]!.start!).toBe(passages[0]!.text.length);
  });

  it('fuses dense vectors with lexical results (RRF) when the question is embedded', async () => {
    const question = 'Who was the leader Rollo?';
    const lexical = await searchLibraryPassages(db, question, { limit: 12 });
    const [vector] = await engine.embed([question]);
    const hybrid = await searchLibraryPassages(db, question, { limit: 12, dense: { vector: vector!, model: embedder.model } });
    expect(hybrid).toHaveLength(12);
    // Dense search adds passages lexical search did not return; the best lexical passage stays near the top.
    const key = (p: { url: string; start?: number }) => `${p.url}#${p.start}`;
    expect(hybrid.some((p) => !lexical.map(key).includes(key(p)))).toBe(true);
    expect(hybrid.slice(0, 3).map(key)).toContain(key(lexical[0]!));
  });

  it('applies the site filter to dense hits too', async () => {
    const [vector] = await engine.embed(['steam pressure cylinder']);
    const hybrid = await searchLibraryPassages(db, 'steam pressure cylinder', { limit: 10, site: 'en.wikipedia.org', dense: { vector: vector!, model: embedder.model } });
    expect(hybrid.every((p) => p.site === 'en.wikipedia.org')).toBe(true);
  });

  it('packs the context of a question under the budget with the answer in it', async () => {
    const tokenizer = await loadTokenizer('llama-3', nodeTokenizerFiles);
    const context = await buildLibraryContext('Who did the Normans swear fealty to?', libraryRetriever(db), { tokenizer, budget: 512 });
    expect(context.tokens).toBeLessThanOrEqual(512);
    expect(context.text).toContain('King Charles III');
  });
});
