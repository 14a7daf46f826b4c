import type { ExtractedPage } from '@/lib/extract/types';
import { ValidationError } from '@/lib/messaging/errors';
import type { Tokenizer } from '@/lib/tokens/types';
import { terms } from './analyze';
import { chunkPage, type Chunk } from './chunk';
import type { ChunkRecord, LibraryDb, PageRecord, PageTextRecord } from './db';
import { mergeSegments, tombstoneChunks, writeSegment, type DocTerms } from './lexical-index';
import { contentHash, siteOf } from './page-identity';
import { runInBackground } from './background-task';

/**
 * Ingest API (stable; used by the capture path and the importer):
 *
 *   ingestPage(db, page, options?) → { status: 'added' | 'updated' | 'unchanged', pageId, chunkCount, truncated }
 *   ingestPages(db, pages, options?) → one result per page, all written in ONE transaction
 *   createIngestQueue(db, options?).ingest(page, visit?) → the same result; pages arriving
 *     while a write is in flight are grouped into the next transaction (group commit), and
 *     each promise resolves only once its transaction has committed (durable).
 *
 * Dedupe: the canonical URL is the key. Same content hash → only the visit is
 * recorded ('unchanged'); different → the page's text, chunks and postings are
 * replaced in the same transaction ('updated'), so a killed worker leaves
 * either the old version or the new one, never half of either.
 * Bad input throws `ValidationError` (nothing is written): no http(s) URL, no
 * text. Text beyond `MAX_TEXT_CHARS` is cut (`truncated: true`); control
 * characters and broken surrogates are replaced (offsets are kept).
 */

/** What an ingest did. */
export interface IngestResult {
  status: 'added' | 'updated' | 'unchanged';
  pageId: number;
  chunkCount: number;
  truncated: boolean;
}

/** Visit data to record (defaults: now, one more visit). Import passes the exported values. */
export interface IngestVisit {
  visitedAt?: number;
  firstVisitedAt?: number;
  /** Set the visit count to at least this instead of adding one. */
  visitCount?: number;
}

/** Options of an ingest. */
export interface IngestOptions {
  tokenizer?: Tokenizer;
  maxTokens?: number;
  overlapTokens?: number;
  /** Clock (ms since epoch). */
  now?: () => number;
  /** Merge index segments after writing (default true). */
  merge?: boolean;
  /** Asked before each background merge (it rewrites segments before deleting them): false skips it until the next write. */
  mayMerge?: () => Promise<boolean>;
}

/** Text kept per page: enough for any article; a 20 MB dump is cut here. */
export const MAX_TEXT_CHARS = 1_000_000;
const MAX_TITLE_CHARS = 1000;

interface PreparedPage {
  record: Omit<PageRecord, 'id'>;
  text: string;
  blocks: ExtractedPage['blocks'];
  chunks: Chunk[];
  titleTerms: string[];
  chunkTerms: Array<{ heading: string[]; body: string[] }>;
  visit: IngestVisit;
}

// eslint-disable-next-line no-control-regex
const CONTROL_CHARS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F\uFFFE\uFFFF]/g;

/** Same-length cleanup, so block offsets stay valid. */
function cleanText(text: string): string {
  const wellFormed = typeof text.toWellFormed === 'function' ? text.toWellFormed() : text;
  return wellFormed.replace(CONTROL_CHARS, ' ');
}

function httpUrl(value: unknown, what: string): string {
  if (typeof value !== 'string' || value.length === 0 || value.length > 8192) throw new ValidationError(`${what}: expected a URL.`);
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new ValidationError(`${what}: not a URL.`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new ValidationError(`${what}: only http(s) pages are kept.`);
  url.hash = '';
  return url.href;
}

function optionalString(value: unknown, max: number): string | undefined {
  return typeof value === 'string' && value.length > 0 ? cleanText(value.slice(0, max)) : undefined;
}

/** Throws `ValidationError` when a page cannot be ingested (bad URL, no text); cheap, writes nothing. */
export function checkPage(page: ExtractedPage): void {
  if (typeof page !== 'object' || page === null) throw new ValidationError('Ingest: expected an extracted page.');
  if (typeof page.text !== 'string' || page.text.trim().length === 0) throw new ValidationError('Ingest: the page has no text to index.');
  httpUrl(page.url, 'url');
  if (page.canonicalUrl) httpUrl(page.canonicalUrl, 'canonicalUrl');
}

/** Validates, cleans, chunks and analyzes a page: the CPU part of an ingest, outside any transaction. */
function preparePage(page: ExtractedPage, visit: IngestVisit, options: IngestOptions, now: number): PreparedPage {
  if (typeof page !== 'object' || page === null) throw new ValidationError('Ingest: expected an extracted page.');
  if (typeof page.text !== 'string') throw new ValidationError('Ingest: the page has no text.');
  const lastUrl = httpUrl(page.url, 'url');
  const url = page.canonicalUrl ? httpUrl(page.canonicalUrl, 'canonicalUrl') : lastUrl;
  const truncated = page.text.length > MAX_TEXT_CHARS;
  const text = cleanText(truncated ? page.text.slice(0, MAX_TEXT_CHARS) : page.text);
  if (text.trim().length === 0) throw new ValidationError('Ingest: the page has no text to index.');
  const blocks = (Array.isArray(page.blocks) ? page.blocks : [])
    .filter((b) => b && Number.isInteger(b.start) && Number.isInteger(b.end) && b.start >= 0 && b.start < b.end && b.start < text.length)
    .map((b) => ({ ...b, end: Math.min(b.end, text.length) }));
  const title = cleanText(typeof page.title === 'string' && page.title.trim() ? page.title.trim().slice(0, MAX_TITLE_CHARS) : url);
  const chunks = chunkPage({ text, blocks }, options);
  const visitedAt = visit.visitedAt ?? now;
  const textBytes = new TextEncoder().encode(text).length;
  // Passages of one section share their heading path: analyze it once.
  const headingTerms = new Map<string, string[]>();
  const chunkTerms = chunks.map((c) => {
    const path = c.headingPath.join('\n');
    let heading = headingTerms.get(path);
    if (!heading) headingTerms.set(path, (heading = terms(path)));
    return { heading, body: terms(text.slice(c.start, c.end)) };
  });
  let postings = 0;
  for (const c of chunkTerms) postings += new Set(c.body).size;
  return {
    record: {
      url,
      lastUrl,
      site: siteOf(url),
      title,
      visitedAt,
      firstVisitedAt: visit.firstVisitedAt ?? visitedAt,
      visitCount: Math.max(1, visit.visitCount ?? 1),
      contentHash: contentHash(title, text),
      siteName: optionalString(page.siteName, 300),
      lang: optionalString(page.lang, 35),
      byline: optionalString(page.byline, 500),
      publishedTime: optionalString(page.publishedTime, 64),
      excerpt: optionalString(page.excerpt, 1000),
      isArticle: page.isArticle === true,
      textLength: text.length,
      // Text once, a chunk row each, ~4 bytes per posting: what the page adds to the library.
      storedBytes: textBytes + 64 * chunks.length + 4 * postings + 300,
      chunkCount: chunks.length,
      ...(truncated ? { truncated: true } : {}),
    },
    text,
    blocks,
    chunks,
    titleTerms: terms(title),
    chunkTerms,
    visit,
  };
}

/** Writes one page inside `writePrepared`'s transaction (unchanged, replaced or new); returns the next free chunk id. */
async function writeOnePage(
  db: LibraryDb,
  p: PreparedPage,
  existing: PageRecord | undefined,
  nextChunkId: number,
  docs: DocTerms[],
  replaced: number[],
  results: IngestResult[],
): Promise<number> {
  if (existing && existing.contentHash === p.record.contentHash) {
    await db.pages.update(existing.id, { ...revisit(existing, p), lastUrl: p.record.lastUrl });
    results.push({ status: 'unchanged', pageId: existing.id, chunkCount: existing.chunkCount, truncated: !!existing.truncated });
    return nextChunkId;
  }
  let pageId: number;
  if (existing) {
    pageId = existing.id;
    const old = ((await db.texts.get(pageId))?.chunks ?? []).map((c) => c.id);
    replaced.push(...old);
    await db.vectors.bulkDelete(old);
    await db.pages.put({ ...p.record, id: pageId, ...revisit(existing, p) });
  } else {
    pageId = (await db.pages.add(p.record as PageRecord)) as number;
  }
  await db.texts.put(textRow(p, pageId, nextChunkId, docs));
  results.push({ status: existing ? 'updated' : 'added', pageId, chunkCount: p.chunks.length, truncated: !!p.record.truncated });
  return nextChunkId + p.chunks.length;
}

/** The visit fields of a page seen again: latest visit, first visit, one more visit (or the imported count). */
function revisit(existing: PageRecord, p: PreparedPage): Pick<PageRecord, 'visitedAt' | 'firstVisitedAt' | 'visitCount'> {
  return {
    visitedAt: Math.max(existing.visitedAt, p.record.visitedAt),
    firstVisitedAt: Math.min(existing.firstVisitedAt, p.record.firstVisitedAt),
    visitCount: p.visit.visitCount !== undefined ? Math.max(existing.visitCount, p.visit.visitCount) : existing.visitCount + 1,
  };
}

/** A page's text row with its passages, numbered from `firstChunkId`; adds their terms to `docs` for the index. */
function textRow(p: PreparedPage, pageId: number, firstChunkId: number, docs: DocTerms[]): PageTextRecord {
  const chunks: ChunkRecord[] = p.chunks.map((c, i) => ({ id: firstChunkId + i, start: c.start, end: c.end, headingPath: c.headingPath, tokenCount: c.tokenCount }));
  chunks.forEach((c, i) => docs.push({ chunkId: c.id, pageId, title: p.titleTerms, ...p.chunkTerms[i]! }));
  return { pageId, text: p.text, blocks: p.blocks, chunks };
}

/** Writes prepared pages in one transaction; resolves after it commits. */
async function writePrepared(db: LibraryDb, prepared: PreparedPage[], now: number): Promise<IngestResult[]> {
  const results: IngestResult[] = [];
  const afterCommit: Array<() => void> = [];
  await db.transaction('rw', [db.pages, db.texts, db.segments, db.postings, db.tombstones, db.vectors, db.meta], async () => {
    results.length = 0;
    afterCommit.length = 0;
    const docs: DocTerms[] = [];
    const replaced: number[] = [];
    let nextChunkId: number;
    let texts: PageTextRecord[] = [];
    // Distinct URLs (the usual batch): look them all up at once and add the new pages
    // and texts in one bulk call each, with as few round trips as possible. A batch
    // that names a URL twice takes the page-by-page path, so its later copy sees the earlier.
    const urls = prepared.map((p) => p.record.url);
    if (new Set(urls).size === urls.length) {
      // One index lookup per URL, issued together (an anyOf() cursor would take a round trip per key).
      const [counter, ...knownPages] = await Promise.all([db.meta.get('nextChunkId'), ...urls.map((url) => db.pages.get({ url }))]);
      nextChunkId = Number(counter?.value ?? 1);
      const known = new Map(knownPages.flatMap((page) => (page ? [[page.url, page] as const] : [])));
      const added: Array<{ p: PreparedPage; at: number; firstChunkId: number }> = [];
      for (const p of prepared) {
        const existing = known.get(p.record.url);
        if (!existing) {
          added.push({ p, at: results.length, firstChunkId: nextChunkId });
          nextChunkId += p.chunks.length;
          results.push({ status: 'added', pageId: 0, chunkCount: p.chunks.length, truncated: !!p.record.truncated });
          continue;
        }
        nextChunkId = await writeOnePage(db, p, existing, nextChunkId, docs, replaced, results);
      }
      const pageIds =
        added.length > 0
          ? ((await db.pages.bulkAdd(
              added.map((a) => a.p.record as PageRecord),
              { allKeys: true },
            )) as number[])
          : [];
      added.forEach((a, k) => (results[a.at]!.pageId = pageIds[k]!));
      texts = added.map((a, k) => textRow(a.p, pageIds[k]!, a.firstChunkId, docs));
    } else {
      nextChunkId = Number((await db.meta.get('nextChunkId'))?.value ?? 1);
      for (const p of prepared) {
        const existing = await db.pages.where('url').equals(p.record.url).first();
        nextChunkId = await writeOnePage(db, p, existing, nextChunkId, docs, replaced, results);
      }
    }
    // The rest in one round trip: the requests do not depend on each other.
    const [, , tombstoned, indexed] = await Promise.all([
      db.texts.bulkPut(texts),
      db.meta.put({ key: 'nextChunkId', value: nextChunkId }),
      tombstoneChunks(db, replaced),
      writeSegment(db, docs, now),
    ]);
    afterCommit.push(tombstoned, indexed);
  });
  for (const apply of afterCommit) apply();
  return results;
}

/** Adds or updates pages in one transaction (see the file comment); throws on bad input before writing anything. */
export async function ingestPages(db: LibraryDb, pages: readonly ExtractedPage[], options: IngestOptions = {}, visits: readonly IngestVisit[] = []): Promise<IngestResult[]> {
  const now = (options.now ?? Date.now)();
  const prepared = pages.map((page, i) => preparePage(page, visits[i] ?? {}, options, now));
  const results = await writePrepared(db, prepared, now);
  if (options.merge !== false) await mergeSegments(db, now);
  return results;
}

/** Adds or updates one page (see the file comment). */
export async function ingestPage(db: LibraryDb, page: ExtractedPage, options: IngestOptions = {}, visit: IngestVisit = {}): Promise<IngestResult> {
  return (await ingestPages(db, [page], options, [visit]))[0]!;
}

/** A group-committing writer: concurrent ingests share transactions; each resolves once durable. */
export interface IngestQueue {
  ingest(page: ExtractedPage, visit?: IngestVisit): Promise<IngestResult>;
  /** Whether anything is queued, being written or being merged. */
  busy(): boolean;
  /** Resolves when nothing is queued, being written or being merged. */
  idle(): Promise<void>;
}

/**
 * Creates the group-committing writer used by the background (one per database).
 * A page is prepared (chunked, analyzed: the CPU part) in a background-priority
 * task after it arrives: that work fills the time the transaction in flight
 * spends in the browser's storage thread, and never holds up that
 * transaction's own callbacks (which would lengthen every write). A page not
 * prepared yet when its batch is written is prepared then. Without a task
 * scheduler (Firefox before 142, Node), pages are prepared as they arrive.
 * Index merges run beside the writes, not between them.
 */
export function createIngestQueue(db: LibraryDb, options: IngestOptions = {}, maxBatch = 64): IngestQueue {
  type Job = {
    page: ExtractedPage;
    visit: IngestVisit;
    arrivedAt: number;
    prepared?: PreparedPage;
    error?: unknown;
    resolve: (r: IngestResult) => void;
    reject: (e: unknown) => void;
  };
  const pending: Job[] = [];
  let running: Promise<void> | null = null;

  function prepare(job: Job): void {
    if (job.prepared || job.error) return;
    try {
      job.prepared = preparePage(job.page, job.visit, options, job.arrivedAt);
    } catch (error) {
      job.error = error;
    }
  }

  async function drain(): Promise<void> {
    while (pending.length > 0) {
      const jobs = pending.splice(0, maxBatch);
      jobs.forEach(prepare);
      for (const job of jobs) if (job.error) job.reject(job.error);
      const batch = jobs.filter((job) => job.prepared);
      if (batch.length === 0) continue;
      const now = (options.now ?? Date.now)();
      try {
        const results = await writePrepared(
          db,
          batch.map((job) => job.prepared!),
          now,
        );
        batch.forEach((job, i) => job.resolve(results[i]!));
      } catch (error) {
        // One bad page must not lose the others: retry one by one, so only it fails.
        if (batch.length === 1) batch[0]!.reject(error);
        else {
          for (const job of batch) {
            await writePrepared(db, [job.prepared!], now).then(([result]) => job.resolve(result!), job.reject);
          }
        }
      }
      mergeInBackground();
    }
  }

  /** Whether pages are queued, being written or being merged into the index. */
  function busy(): boolean {
    return running !== null || merging !== null;
  }

  // Merges run beside the writes (they build outside any transaction), one at a time;
  // a request during a merge runs another pass after it.
  let merging: Promise<void> | null = null;
  let mergeAgain = false;
  function mergeInBackground(): void {
    if (options.merge === false) return;
    if (merging) {
      mergeAgain = true;
      return;
    }
    mergeAgain = false;
    merging = (options.mayMerge ?? (async () => true))()
      .then((may) => (may ? mergeSegments(db, (options.now ?? Date.now)()) : undefined))
      .then(
        () => undefined,
        (error) => console.warn('Index merge failed; it is retried after the next write', error),
      )
      .finally(() => {
        merging = null;
        if (mergeAgain) mergeInBackground();
      });
  }

  function kick(): void {
    running ??= drain().finally(() => {
      running = null;
      if (pending.length > 0) kick();
    });
  }

  return {
    ingest(page, visit = {}) {
      return new Promise<IngestResult>((resolve, reject) => {
        const job: Job = { page, visit, arrivedAt: (options.now ?? Date.now)(), resolve, reject };
        pending.push(job);
        runInBackground(() => prepare(job));
        kick();
      });
    },
    busy,
    async idle() {
      while (running || merging) await (running ?? merging);
    },
  };
}
