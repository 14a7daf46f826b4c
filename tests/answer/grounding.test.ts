import 'fake-indexeddb/auto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildLibraryContext, buildScopeContext } from '@/lib/answer/ask';
import { libraryRetriever, searchLibraryPassages } from '@/lib/answer/library-retriever';
import { rankPagePassages } from '@/lib/answer/page-retriever';
import { packSources } from '@/lib/answer/sources';
import { chunkOf, openLibraryDb, type LibraryDb } from '@/lib/library/db';
import { ingestPages } from '@/lib/library/ingest';
import { chunkPages } from '@/lib/library/lexical-index';
import { searchLibrary } from '@/lib/library/search';
import { denseSearch, embedPendingChunks, reciprocalRankFusion } from '@/lib/library/vectors';
import { gpt4o } from '@/lib/tokens/reference';
import { page } from '../library/support/saved-page';

const marathon = { url: 'https://runs.example/story', title: 'Weekend', text: 'She runs a marathon every spring, and trains on the hills behind her house all winter.' };
const tokyo = { url: 'https://ja.example/tokyo', title: '都市', text: '東京の人口は約1400万人です。大阪はその次に大きな都市圏です。' };

describe('questions and passages go through the library analyzer everywhere', () => {
  it('keeps a source that matches a question only after stemming ("running marathons")', () => {
    const packed = packSources('running marathons', [marathon], { tokenizer: gpt4o, budget: 512 });
    expect(packed.sources.map((source) => source.url)).toEqual([marathon.url]);
  });

  it('keeps a source that matches a Japanese question only after word segmentation', () => {
    const packed = packSources('東京の人口', [tokyo], { tokenizer: gpt4o, budget: 512 });
    expect(packed.sources.map((source) => source.url)).toEqual([tokyo.url]);
  });

  it('ranks the passages of a long page with the same analyzer ("this page" scope)', async () => {
    const filler = Array.from({ length: 60 }, (_, i) => `Paragraph ${i} is about gardening, soil, seeds and the weather of the season.`).join('\n\n');
    const text = `${filler}\n\n${marathon.text}\n\n${filler}`;
    const ranked = rankPagePassages({ url: marathon.url, title: 'A long page', text }, 'running marathons', gpt4o, 64);
    expect(ranked[0]!.text).toContain('runs a marathon');
    expect(ranked[0]!.score).toBeGreaterThan(0);
    const context = await buildScopeContext('running marathons', { kind: 'page', page: { url: marathon.url, title: 'A long page', text } }, gpt4o, 200);
    expect(context.text).toContain('runs a marathon');
  });
});

describe('packing the best sentences of the top passages', () => {
  const pageA = [
    'The lighthouse was built in 1874 on the northern cape.',
    'Its lamp burned whale oil until 1910, when kerosene replaced it.',
    'Keepers lived in a cottage beside the tower with their families.',
    'The light was automated in 1968 and the keepers left the island.',
    'Today the cottage is a small museum open in summer.',
  ].join(' ');
  const pageB = 'Visitors often ask about the fuel. Its lamp burned whale oil until 1910, when kerosene replaced it. The ferry runs twice a day.';
  const passage = (url: string, text: string, score: number) => ({ url, title: url, text, start: 0, end: text.length, score });

  it("takes the sentences that answer, in page order, as the page's own words, each sentence once across pages", () => {
    const passages = [passage('https://a.example/', pageA, 10), passage('https://b.example/', pageB, 8)];
    const packed = packSources('What fuel did the lamp burn before kerosene?', passages, { tokenizer: gpt4o, budget: 200 });
    expect(packed.tokens).toBeLessThanOrEqual(200);
    expect(packed.text).toContain('whale oil');
    expect(packed.text.split('whale oil')).toHaveLength(2);
    for (const source of packed.sources) {
      const page = source.url === 'https://a.example/' ? pageA : pageB;
      for (const piece of source.text.split('\n…\n')) expect(page).toContain(piece);
    }
  });

  it('fits a tight budget with the best sentence rather than the start of the best passage', () => {
    const packed = packSources('When was the light automated?', [passage('https://a.example/', pageA, 10)], { tokenizer: gpt4o, budget: 80 });
    expect(packed.tokens).toBeLessThanOrEqual(80);
    expect(packed.text).toContain('automated in 1968');
    expect(packed.sources[0]!.narrowed).toBe(true);
  });
});

/** Short news items of the kind a library of news pages holds; "best" is their only word in common with a cake recipe. */
const news = [
  page(
    'https://news.example/sre',
    'What site reliability engineers learned this year',
    'The best incident reviews are blameless. Site reliability engineers at three companies describe how on-call rotations, error budgets and postmortems changed after a year of outages.',
  ),
  page(
    'https://news.example/delhi',
    'Delhi pollution reaches a new high',
    'Air quality in Delhi fell to its worst level of the winter as crop burning and traffic smog covered the city. Schools closed and the best advice, doctors said, was to stay indoors.',
  ),
  page(
    'https://news.example/obama',
    'Obama speaks at the library opening',
    'Former president Barack Obama opened his presidential library in Chicago on Tuesday, speaking about democracy, voting and the best years of public service.',
  ),
  page(
    'https://news.example/laptop',
    'Laptop review: light and fast',
    'This is the best laptop of the year for most people: a bright screen, a battery that lasts all day and a keyboard that is pleasant to type on.',
  ),
  page(
    'https://news.example/marathon',
    'City marathon draws record field',
    'More than thirty thousand runners finished the city marathon on Sunday. The winner ran the course in two hours and six minutes, a record for the race.',
  ),
  page('https://blog.example/marathon', 'My best marathon year', 'A record year: my best marathon, the best year of running, a marathon record of my own.'),
];

describe('the "nothing relevant was read" decision (library scope)', () => {
  let db: LibraryDb;
  beforeAll(async () => {
    db = openLibraryDb({ name: `grounding-${Math.random()}` });
    await ingestPages(db, news);
  });
  afterAll(() => db.close());

  it('packs nothing for a question that shares one common word with unrelated pages', async () => {
    const context = await buildLibraryContext('What is the best recipe for lemon drizzle cake?', libraryRetriever(db), { tokenizer: gpt4o, budget: 1024 });
    expect(context.sources).toEqual([]);
  });

  it('still answers a question the library is about', async () => {
    const context = await buildLibraryContext('What record did the city marathon winner set?', libraryRetriever(db), { tokenizer: gpt4o, budget: 1024 });
    expect(context.sources[0]?.url).toBe('https://news.example/marathon');
    expect(context.text).toContain('two hours and six minutes');
  });

  it('gives each hybrid passage its own fused score, even when a fused hit is filtered out', async () => {
    // Test double (no embedding model runs here): 2-d vectors [occurrences of "record", 1], so the blog (two) ranks
    // above the news marathon (one) and every other passage (none) for the query vector [1, 0].
    const embedder = { model: 'test-record-counter', embed: async (texts: string[]) => texts.map((t) => [t.split(/\brecord\b/i).length - 1, 1]) };
    await embedPendingChunks(db, embedder);
    const question = 'laptop screen battery';
    const vector = [1, 0];
    const options = { limit: 3, site: 'news.example', since: 0 };
    const hybrid = await searchLibraryPassages(db, question, { ...options, dense: { vector, model: embedder.model } });
    // The fusion computed independently: lexical and dense lists, RRF, each chunk located in its page.
    const lexical = (await searchLibrary(db, question, { limit: 3, chunksPerPage: 3, site: 'news.example', since: 0 })).chunks.slice(0, 3);
    const dense = await denseSearch(db, vector, { model: embedder.model, limit: 6 });
    const fused = reciprocalRankFusion([lexical, dense]).slice(0, 3);
    const pageOf = await chunkPages(db);
    const expected = new Map<string, number>();
    for (const item of fused) {
      const pageId = pageOf.get(item.chunkId)!;
      const [pageRow, textRow] = await Promise.all([db.pages.get(pageId), db.texts.get(pageId)]);
      expected.set(`${pageRow!.url}#${chunkOf(textRow!, item.chunkId)!.start}`, item.score);
    }
    // The blog's passage is second of the fused hits but outside the site filter: it is dropped, and must not shift the scores.
    expect([...expected.keys()][1]).toMatch(/^https:\/\/blog\.example\//);
    expect(hybrid.map((passage) => passage.url)).toEqual(['https://news.example/laptop', 'https://news.example/marathon']);
    for (const passage of hybrid) expect(passage.score).toBe(expected.get(`${passage.url}#${passage.start}`));
  });
});
