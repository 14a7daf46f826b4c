import Dexie, { type EntityTable, type Table } from 'dexie';
import type { ExtractedBlock } from '@/lib/extract/types';
import { SCHEMA_VERSIONS } from './schema';
import { UPGRADES } from './upgrades';

/** A page that was read (one row per canonical URL). */
export interface PageRecord {
  id: number;
  /** Canonical URL: the dedupe key. */
  url: string;
  /** Host name without `www.`, e.g. `example.com`. */
  site: string;
  title: string;
  /** Last visit (ms since epoch). */
  visitedAt: number;
  firstVisitedAt: number;
  visitCount: number;
  /** Hash of the indexed text: a revisit with the same hash changes nothing but the visit. */
  contentHash: string;
  /** The address it was last read at (may differ from the canonical URL). */
  lastUrl?: string;
  siteName?: string;
  lang?: string;
  byline?: string;
  publishedTime?: string;
  excerpt?: string;
  isArticle: boolean;
  /** Characters of the stored text. */
  textLength: number;
  /** Estimated bytes this page takes in the library (text, chunks, postings), for the budget. */
  storedBytes: number;
  chunkCount: number;
  /** The text was longer than the library keeps and was cut. */
  truncated?: boolean;
  /** Added by a tab that flooded the library (lib/library/flood-guard.ts): evicted before anything else. */
  burst?: boolean;
}

/** The readable text of a page, kept once, with its passages (which point into it). */
export interface PageTextRecord {
  pageId: number;
  text: string;
  blocks: ExtractedBlock[];
  /** The page's passages in order (a passage's ordinal is its position here). */
  chunks: ChunkRecord[];
}

/** One passage of a page: its id in the index, offsets into the page text, the headings above it. */
export interface ChunkRecord {
  id: number;
  start: number;
  end: number;
  headingPath: string[];
  tokenCount: number;
}

/** A passage of a text row by id (passage ids of a page are consecutive), or undefined. */
export function chunkOf(row: PageTextRecord, chunkId: number): ChunkRecord | undefined {
  const guess = row.chunks[chunkId - (row.chunks[0]?.id ?? 0)];
  return guess?.id === chunkId ? guess : row.chunks.find((c) => c.id === chunkId);
}

/**
 * An immutable index segment: the chunks it covers, in ascending id order, and
 * their field lengths. Postings refer to chunks by their position here.
 */
export interface SegmentRecord {
  id: number;
  /** 0 for a segment written by an ingest; n + 1 for a merge of level-n segments. */
  level: number;
  chunkIds: Uint32Array;
  pageIds: Uint32Array;
  /** Three lengths per chunk, in terms: title, headings, body. */
  lengths: Uint16Array;
  /** Term buckets of its postings (absent in segments written before it was recorded: see `segmentBuckets`). */
  buckets?: number;
  createdAt: number;
}

/**
 * One bucket of a segment's postings (see `posting-buckets.ts`): the terms of
 * the bucket, sorted, and their packed postings (`postings-codec.ts`) back to
 * back; term i's bytes are `data[offsets[i], offsets[i + 1])`.
 */
export interface PostingRecord {
  segment: number;
  bucket: number;
  terms: string[];
  offsets: Uint32Array;
  data: Uint8Array;
}

/** A deleted chunk whose postings are still in a segment (until that segment is merged). */
interface TombstoneRecord {
  chunkId: number;
}

/** A dense vector of a chunk (semantic search). */
interface VectorRecord {
  chunkId: number;
  /** The embedding model; vectors of another model are ignored and re-embedded. */
  model: string;
  vector: Float32Array;
}

/** Small named values: id counters, format markers. */
interface MetaRecord {
  key: string;
  value: number | string;
}

/** The library database (extension origin only: content scripts never open it). */
export type LibraryDb = Dexie & {
  pages: EntityTable<PageRecord, 'id'>;
  texts: Table<PageTextRecord, number>;
  segments: EntityTable<SegmentRecord, 'id'>;
  postings: Table<PostingRecord, [number, number]>;
  tombstones: Table<TombstoneRecord, number>;
  vectors: Table<VectorRecord, number>;
  meta: Table<MetaRecord, string>;
};

const DB_NAME = 'gleaner';

/** Declares every schema version (and its upgrade) on a Dexie instance. */
export function declareVersions(db: Dexie, upTo = Number.POSITIVE_INFINITY): void {
  for (const [version, stores] of SCHEMA_VERSIONS) {
    if (version > upTo) break;
    const declared = db.version(version).stores(stores);
    const upgrade = UPGRADES[version];
    if (upgrade) declared.upgrade(upgrade);
  }
}

/**
 * Opens the library; `indexedDB` and `IDBKeyRange` may be injected (fake-indexeddb in tests).
 * Transactions are `strict` on Chrome: a page is on disk when its write resolves.
 */
export function openLibraryDb(options: { name?: string; indexedDB?: IDBFactory; IDBKeyRange?: typeof IDBKeyRange } = {}): LibraryDb {
  const deps = options.indexedDB ? { indexedDB: options.indexedDB, IDBKeyRange: options.IDBKeyRange } : {};
  const db = new Dexie(options.name ?? DB_NAME, { ...deps, chromeTransactionDurability: 'strict' }) as LibraryDb;
  declareVersions(db);
  return db;
}
