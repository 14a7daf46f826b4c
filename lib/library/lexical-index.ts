import Dexie from 'dexie';
import type { LibraryDb, PostingRecord, SegmentRecord } from './db';
import { concatPostings, encodeFlatPostings, forEachPosting, postingCount } from './postings-codec';
import { bucketCount, bucketEntries, bucketOf, findInBucket, packBuckets, segmentBuckets } from './posting-buckets';
import { yieldToUrgentWork } from './background-task';
import { DEFAULT_BM25, fieldTf, idf as idfOf, queryTermCounts, queryTermWeight, saturate, type Bm25Params } from './bm25';

/**
 * The lexical index: BM25F over chunks, persisted as an LSM-style inverted
 * index in IndexedDB.
 *
 * Why segments: one row per (term, page) is far too many rows to write at
 * hundreds of pages a second, and one growing row per term is rewritten on
 * every page (quadratic). Instead every ingest transaction writes one
 * immutable segment — its packed postings grouped into a few hashed term
 * buckets, one row each (`posting-buckets.ts`) — and small segments are
 * merged into bigger ones in the background (`mergeFanout`: 16 of level 0, 8
 * of the others make one of the next level), so a term is spread over a few
 * dozen rows at most. Deleted or
 * replaced chunks become tombstones, skipped by queries and dropped when their
 * segment is merged. Only segment headers (chunk ids, page ids, field
 * lengths: ~12 bytes per chunk) and the tombstones are kept in memory.
 */

/** The terms of one chunk, per field. */
export interface DocTerms {
  chunkId: number;
  pageId: number;
  title: readonly string[];
  heading: readonly string[];
  body: readonly string[];
}

export { DEFAULT_BM25, type Bm25Params } from './bm25';

/** Segments per level before they are merged into one of the next level. */
const MERGE_FANOUT = 8;

/**
 * Level-0 segments (one per ingest transaction, a dozen pages or so) wait for
 * twice as many before a merge: merges are half as frequent, and level 1 starts
 * big enough that 10,000 pages need one level fewer (each level rewrites every
 * posting once). Queries read at most 15 small level-0 segments for it.
 */
export function mergeFanout(level: number): number {
  return level === 0 ? 2 * MERGE_FANOUT : MERGE_FANOUT;
}

interface LoadedSegment {
  id: number;
  level: number;
  chunkIds: Uint32Array;
  pageIds: Uint32Array;
  lengths: Uint16Array;
  buckets?: number;
}

/** What a worker keeps in memory about the index. */
interface IndexState {
  segments: Map<number, LoadedSegment>;
  tombstones: Set<number>;
  liveDocs: number;
  /** Sum of field lengths over live chunks: title, heading, body. */
  sumLengths: [number, number, number];
}

const states = new WeakMap<LibraryDb, Promise<IndexState>>();

function addTotals(state: IndexState, seg: LoadedSegment, sign: 1 | -1, only?: (chunkId: number) => boolean): void {
  for (let i = 0; i < seg.chunkIds.length; i++) {
    const id = seg.chunkIds[i]!;
    if (only ? !only(id) : state.tombstones.has(id)) continue;
    state.liveDocs += sign;
    state.sumLengths[0] += sign * seg.lengths[3 * i]!;
    state.sumLengths[1] += sign * seg.lengths[3 * i + 1]!;
    state.sumLengths[2] += sign * seg.lengths[3 * i + 2]!;
  }
}

/** The in-memory view of the index for this database object, loaded once. */
function indexState(db: LibraryDb): Promise<IndexState> {
  let state = states.get(db);
  if (!state) {
    state = (async () => {
      const [segments, tombstones] = await db.transaction('r', db.segments, db.tombstones, () => Promise.all([db.segments.toArray(), db.tombstones.toCollection().primaryKeys()]));
      const s: IndexState = { segments: new Map(), tombstones: new Set(tombstones), liveDocs: 0, sumLengths: [0, 0, 0] };
      for (const seg of segments) {
        s.segments.set(seg.id, seg);
        addTotals(s, seg, 1);
      }
      return s;
    })();
    state.catch(() => states.delete(db));
    states.set(db, state);
  }
  return state;
}

/** Forgets the in-memory view (after "delete everything" or an import that replaced the tables). */
export function resetIndexState(db: LibraryDb): void {
  states.delete(db);
}

/** Builds a segment (headers + packed postings per term) from chunks sorted by id. */
function buildSegment(docs: readonly DocTerms[]): { header: Omit<SegmentRecord, 'id' | 'createdAt' | 'level'>; postings: Map<string, Uint8Array> } {
  const chunkIds = new Uint32Array(docs.length);
  const pageIds = new Uint32Array(docs.length);
  const lengths = new Uint16Array(docs.length * 3);
  // Numeric term ids for the batch; each term's postings flat as (doc, title, heading, body).
  // Docs come in order, so a term's posting for the current doc is always the last of its list.
  const ids = new Map<string, number>();
  const names: string[] = [];
  const lists: number[][] = [];
  const lastDoc: number[] = [];
  const count = (terms: readonly string[], doc: number, field: 1 | 2 | 3) => {
    for (const term of terms) {
      let id = ids.get(term);
      if (id === undefined) {
        id = names.length;
        ids.set(term, id);
        names.push(term);
        lists.push([]);
        lastDoc.push(-1);
      }
      const list = lists[id]!;
      if (lastDoc[id] !== doc) {
        lastDoc[id] = doc;
        list.push(doc, 0, 0, 0);
      }
      list[list.length - 4 + field]!++;
    }
  };
  docs.forEach((d, doc) => {
    chunkIds[doc] = d.chunkId;
    pageIds[doc] = d.pageId;
    lengths[3 * doc] = Math.min(d.title.length, 65535);
    lengths[3 * doc + 1] = Math.min(d.heading.length, 65535);
    lengths[3 * doc + 2] = Math.min(d.body.length, 65535);
    count(d.title, doc, 1);
    count(d.heading, doc, 2);
    count(d.body, doc, 3);
  });
  const postings = new Map<string, Uint8Array>();
  for (let id = 0; id < names.length; id++) postings.set(names[id]!, encodeFlatPostings(lists[id]!));
  return { header: { chunkIds, pageIds, lengths, buckets: bucketCount(0) }, postings };
}

/**
 * Writes a level-0 segment for new chunks. Call inside a rw transaction over
 * `segments` and `postings`; returns a function to apply to the in-memory state
 * once the transaction has committed.
 */
export async function writeSegment(db: LibraryDb, docs: readonly DocTerms[], now: number): Promise<() => void> {
  if (docs.length === 0) return () => {};
  const sorted = [...docs].sort((a, b) => a.chunkId - b.chunkId);
  const { header, postings } = buildSegment(sorted);
  const id = (await db.segments.add({ ...header, level: 0, createdAt: now } as SegmentRecord)) as number;
  await db.postings.bulkAdd(packBuckets(id, bucketCount(0), postings));
  return () => {
    void indexState(db).then((state) => {
      if (state.segments.has(id)) return;
      const seg = { id, level: 0, ...header };
      state.segments.set(id, seg);
      addTotals(state, seg, 1);
    });
  };
}

/**
 * Marks chunks deleted. Call inside a rw transaction over `tombstones`;
 * returns a function to apply to the in-memory state after commit.
 */
export async function tombstoneChunks(db: LibraryDb, chunkIds: readonly number[]): Promise<() => void> {
  if (chunkIds.length === 0) return () => {};
  await db.tombstones.bulkPut(chunkIds.map((chunkId) => ({ chunkId })));
  return () => {
    void indexState(db).then((state) => {
      const fresh = new Set(chunkIds.filter((id) => !state.tombstones.has(id)));
      if (fresh.size === 0) return;
      for (const seg of state.segments.values()) addTotals(state, seg, -1, (id) => fresh.has(id));
      for (const id of fresh) state.tombstones.add(id);
    });
  };
}

/** Picks segments to merge: the oldest `mergeFanout(level)` of the lowest level that has that many. */
function mergeCandidates(state: IndexState): LoadedSegment[] | null {
  const byLevel = new Map<number, LoadedSegment[]>();
  for (const seg of state.segments.values()) {
    const list = byLevel.get(seg.level) ?? [];
    list.push(seg);
    byLevel.set(seg.level, list);
  }
  for (const level of [...byLevel.keys()].sort((a, b) => a - b)) {
    const list = byLevel.get(level)!;
    if (list.length >= mergeFanout(level)) return list.sort((a, b) => a.id - b.id).slice(0, mergeFanout(level));
  }
  return null;
}

/**
 * Merges segments while some level holds `mergeFanout(level)` of them. A merge reads
 * its inputs in a read-only transaction, builds the merged segment outside any
 * transaction and in background-priority slices (ingests and searches go first),
 * then swaps it in with one short
 * read-write transaction, if its inputs are still there: a killed worker
 * leaves either the old segments or the new one. Chunks deleted while the
 * merge was built keep their tombstones (the merged segment still lists them).
 * Returns the number of merges done.
 */
export async function mergeSegments(db: LibraryDb, now = Date.now()): Promise<number> {
  let merges = 0;
  for (;;) {
    const state = await indexState(db);
    const inputs = mergeCandidates(state);
    if (!inputs) return merges;
    const inputIds = inputs.map((s) => s.id);
    const range = (id: number) => db.postings.where('[segment+bucket]').between([id, Dexie.minKey], [id, Dexie.maxKey], true, true);
    const read = await db.transaction('r', db.segments, db.postings, db.tombstones, async () => {
      const [segs, tombstones, rows] = await Promise.all([
        db.segments.bulkGet(inputIds),
        db.tombstones.toCollection().primaryKeys(),
        Promise.all(inputIds.map((id) => range(id).toArray())),
      ]);
      return { segs: segs.filter((s): s is SegmentRecord => !!s), tombstones: new Set(tombstones), rows };
    });
    if (read.segs.length !== inputIds.length) {
      resetIndexState(db);
      return merges;
    }
    const { header, dropped, rows } = await buildMerged(read.segs, read.rows, read.tombstones);
    let id = 0;
    await db.transaction('rw', db.segments, db.postings, db.tombstones, async () => {
      if ((await db.segments.bulkGet(inputIds)).some((s) => !s)) return;
      id = (await db.segments.add({ ...header, createdAt: now } as SegmentRecord)) as number;
      for (const row of rows) row.segment = id;
      await Promise.all([...inputIds.map((input) => range(input).delete()), db.postings.bulkAdd(rows), db.segments.bulkDelete(inputIds), db.tombstones.bulkDelete(dropped)]);
    });
    if (id === 0) {
      resetIndexState(db);
      return merges;
    }
    // Totals do not change: dropped chunks were already subtracted when tombstoned.
    for (const input of inputIds) state.segments.delete(input);
    state.segments.set(id, { id, ...header });
    for (const chunkId of dropped) state.tombstones.delete(chunkId);
    merges++;
  }
}

/**
 * Builds the merged segment of `segs` (same level) from their bucket rows: its
 * header, the tombstoned chunks it leaves out, and its bucket rows (segment id
 * to be filled in). The merged segment lists its inputs' live chunks input
 * after input, so each input's postings keep their order and are only moved up
 * by the live chunks before it.
 */
async function buildMerged(
  segs: readonly SegmentRecord[],
  rowsBySeg: readonly PostingRecord[][],
  tombstones: ReadonlySet<number>,
): Promise<{ header: Omit<LoadedSegment, 'id'>; dropped: number[]; rows: PostingRecord[] }> {
  const remap = segs.map((s) => new Int32Array(s.chunkIds.length).fill(-1));
  const shifts = new Int32Array(segs.length);
  const hasDrops = segs.map(() => false);
  const dropped: number[] = [];
  const chunkIds: number[] = [];
  const pageIds: number[] = [];
  const lengths: number[] = [];
  segs.forEach((seg, si) => {
    shifts[si] = chunkIds.length;
    seg.chunkIds.forEach((chunkId, doc) => {
      if (tombstones.has(chunkId)) {
        dropped.push(chunkId);
        hasDrops[si] = true;
        return;
      }
      remap[si]![doc] = chunkIds.length;
      chunkIds.push(chunkId);
      pageIds.push(seg.pageIds[doc]!);
      lengths.push(seg.lengths[3 * doc]!, seg.lengths[3 * doc + 1]!, seg.lengths[3 * doc + 2]!);
    });
  });
  // Each term's postings per input, in input order.
  const byTerm = new Map<string, Array<{ si: number; data: Uint8Array }>>();
  for (const [si, rows] of rowsBySeg.entries()) {
    await yieldToUrgentWork();
    for (const row of rows) {
      for (const [term, data] of bucketEntries(row)) {
        const list = byTerm.get(term);
        if (list) list.push({ si, data });
        else byTerm.set(term, [{ si, data }]);
      }
    }
  }
  const packed = new Map<string, Uint8Array>();
  let sinceYield = 0;
  for (const [term, pieces] of byTerm) {
    if (++sinceYield === 2000) {
      sinceYield = 0;
      await yieldToUrgentWork();
    }
    // Inputs without dropped chunks are copied as they are; the others are re-encoded without them.
    const data = concatPostings(
      pieces.map(({ si, data }) => {
        if (!hasDrops[si]) return { data, shift: shifts[si]! };
        const flat: number[] = [];
        forEachPosting(data, (doc, title, heading, body) => {
          const at = remap[si]![doc]!;
          if (at >= 0) flat.push(at, title, heading, body);
        });
        return { data: encodeFlatPostings(flat), shift: 0 };
      }),
    );
    if (postingCount(data) > 0) packed.set(term, data);
  }
  const level = Math.max(...segs.map((s) => s.level)) + 1;
  return {
    header: { level, chunkIds: Uint32Array.from(chunkIds), pageIds: Uint32Array.from(pageIds), lengths: Uint16Array.from(lengths), buckets: bucketCount(level) },
    dropped,
    rows: packBuckets(0, bucketCount(level), packed),
  };
}

/** A chunk and its BM25F score. */
export interface ScoredChunk {
  chunkId: number;
  pageId: number;
  score: number;
}

/** Options of `scoreChunks`. */
export interface ScoreOptions {
  /** How many chunks to return at most. */
  limit: number;
  /** Only chunks of these pages (filters); null or absent: all. */
  pages?: ReadonlySet<number> | null;
  params?: Bm25Params;
  /** Filled with each distinct query term's idf × its saturated count in the query (terms absent from the library get the highest idf). */
  weights?: Map<string, number>;
}

/** Keeps the `limit` best entries (a small binary min-heap on score). */
class TopK {
  private items: ScoredChunk[] = [];
  constructor(private readonly limit: number) {}
  get floor(): number {
    return this.items.length < this.limit ? -Infinity : this.items[0]!.score;
  }
  push(item: ScoredChunk): void {
    const h = this.items;
    if (h.length < this.limit) {
      h.push(item);
      let i = h.length - 1;
      while (i > 0) {
        const parent = (i - 1) >> 1;
        if (h[parent]!.score <= h[i]!.score) break;
        [h[parent], h[i]] = [h[i]!, h[parent]!];
        i = parent;
      }
      return;
    }
    if (item.score <= h[0]!.score) return;
    h[0] = item;
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      if (l < h.length && h[l]!.score < h[m]!.score) m = l;
      if (r < h.length && h[r]!.score < h[m]!.score) m = r;
      if (m === i) break;
      [h[m], h[i]] = [h[i]!, h[m]!];
      i = m;
    }
  }
  sorted(): ScoredChunk[] {
    return [...this.items].sort((a, b) => b.score - a.score || a.chunkId - b.chunkId);
  }
}

/** Ranks chunks for analyzed query terms with BM25F (title, headings, body). */
export async function scoreChunks(db: LibraryDb, queryTerms: readonly string[], options: ScoreOptions): Promise<ScoredChunk[]> {
  if (queryTerms.length === 0 || options.limit <= 0) return [];
  const params = options.params ?? DEFAULT_BM25;
  const state = await indexState(db);
  const qtf = queryTermCounts(queryTerms);
  const unique = [...qtf.keys()];

  const { rows, extra } = await db.transaction('r', db.postings, db.segments, async () => {
    // The live segments are the committed ones (a few keys); headers come from memory when known.
    const live = (await db.segments.toCollection().primaryKeys()) as number[];
    const missing = live.filter((id) => !state.segments.has(id));
    const extra = missing.length > 0 ? (await db.segments.bulkGet(missing)).filter((s): s is SegmentRecord => !!s) : [];
    const bucketsOf = new Map<number, number>(extra.map((s) => [s.id, segmentBuckets(s)]));
    for (const id of live) if (state.segments.has(id)) bucketsOf.set(id, segmentBuckets(state.segments.get(id)!));
    // Terms sharing a bucket share a row: read each row once.
    const keyOf = (segment: number, term: string) => `${segment}:${bucketOf(term, bucketsOf.get(segment) ?? bucketCount(0))}`;
    const wanted = new Map<string, [number, number]>();
    for (const term of unique)
      for (const segment of live) {
        const key = keyOf(segment, term);
        if (!wanted.has(key)) wanted.set(key, [segment, Number(key.split(':')[1])]);
      }
    const found = await db.postings.bulkGet([...wanted.values()]);
    const byKey = new Map<string, PostingRecord>();
    [...wanted.keys()].forEach((key, i) => found[i] && byKey.set(key, found[i]!));
    const rows = unique.map((term) =>
      live.flatMap((segment) => {
        const row = byKey.get(keyOf(segment, term));
        const data = row ? findInBucket(row, term) : null;
        return data ? [{ segment, data }] : [];
      }),
    );
    return { rows, extra };
  });
  const segments = new Map(state.segments);
  for (const seg of extra) segments.set(seg.id, seg);

  const n = Math.max(state.liveDocs, 1);
  const avg = state.sumLengths.map((s) => Math.max(s / n, 1)) as [number, number, number];
  const { k1, title, heading, body } = params;
  const acc = new Map<number, Float32Array>();

  unique.forEach((term, ti) => {
    const termRows = rows[ti]!;
    let df = 0;
    for (const row of termRows) df += postingCount(row.data);
    // df counts the postings of deleted (tombstoned) passages until a merge drops them, and n
    // does not: a page deleted and read again (or restored by Undo) would count twice and,
    // in a small library, push the idf below zero, so the page matched nothing. Capped at n.
    const weight = idfOf(n, Math.min(df, n)) * queryTermWeight(qtf.get(term)!, params.k3);
    options.weights?.set(term, weight);
    if (df === 0) return;
    for (const row of termRows) {
      const seg = segments.get(row.segment);
      if (!seg) continue;
      let found = acc.get(seg.id);
      if (!found) acc.set(seg.id, (found = new Float32Array(seg.chunkIds.length)));
      const scores = found;
      const lengths = seg.lengths;
      forEachPosting(row.data, (doc, tfTitle, tfHeading, tfBody) => {
        let tf = 0;
        if (tfTitle) tf += fieldTf(tfTitle, title.weight, title.b, lengths[3 * doc]!, avg[0]);
        if (tfHeading) tf += fieldTf(tfHeading, heading.weight, heading.b, lengths[3 * doc + 1]!, avg[1]);
        if (tfBody) tf += fieldTf(tfBody, body.weight, body.b, lengths[3 * doc + 2]!, avg[2]);
        scores[doc] = scores[doc]! + weight * saturate(tf, k1);
      });
    }
  });

  const top = new TopK(options.limit);
  for (const [segId, scores] of acc) {
    const seg = segments.get(segId)!;
    for (let doc = 0; doc < scores.length; doc++) {
      const score = scores[doc]!;
      if (score <= 0 || score <= top.floor) continue;
      const chunkId = seg.chunkIds[doc]!;
      if (state.tombstones.has(chunkId)) continue;
      const pageId = seg.pageIds[doc]!;
      if (options.pages && !options.pages.has(pageId)) continue;
      top.push({ chunkId, pageId, score });
    }
  }
  return top.sorted();
}

/** The page of each live (indexed, not deleted) chunk, from the in-memory segment headers; `only`: just these chunks. */
export async function chunkPages(db: LibraryDb, only?: ReadonlySet<number>): Promise<Map<number, number>> {
  const state = await indexState(db);
  const pages = new Map<number, number>();
  for (const seg of state.segments.values()) {
    seg.chunkIds.forEach((chunkId, doc) => {
      if ((!only || only.has(chunkId)) && !state.tombstones.has(chunkId)) pages.set(chunkId, seg.pageIds[doc]!);
    });
  }
  return pages;
}

/** Index statistics, for diagnostics and the bench. */
export async function indexStats(db: LibraryDb): Promise<{ segments: number; liveChunks: number; tombstones: number }> {
  const state = await indexState(db);
  return { segments: state.segments.size, liveChunks: state.liveDocs, tombstones: state.tombstones.size };
}
