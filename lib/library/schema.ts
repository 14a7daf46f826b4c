/**
 * Dexie schema versions, one dated constant per version. A new version adds a
 * constant here, an upgrade function in `upgrades.ts` when data must move,
 * and a migration test in tests/library/migrations.test.ts.
 * Index only what a `where()` uses; never index text or vectors.
 */

/** v1 (2026-11-23): pages read, keyed by canonical URL. */
const SCHEMA_2026_11_23 = {
  pages: '++id, &url, site, visitedAt',
} as const;

/**
 * v2 (2026-11-23, library index): page text, chunks, an LSM-style inverted
 * index (immutable segments of packed postings, merged in the background;
 * deleted chunks are tombstones until their segment is merged), dense vectors
 * keyed by chunk, and small metadata counters.
 *  - pages: `url` dedupes (canonical URL), `site` serves the site filter and
 *    "delete site", `visitedAt` the date filter, "recent" and eviction.
 *  - chunks: `pageId` finds a page's chunks when it is replaced or deleted.
 *  - postings: one row per (segment, term bucket), keyed segment first: a merge reads
 *    and deletes a whole segment with one key range; a query gets (segment, bucket) keys.
 */
const SCHEMA_2026_11_23_INDEX = {
  pages: '++id, &url, site, visitedAt',
  texts: 'pageId',
  chunks: 'id, pageId',
  segments: '++id',
  postings: '[segment+bucket]',
  tombstones: 'chunkId',
  vectors: 'chunkId',
  meta: 'key',
} as const;

/**
 * v3 (2026-11-23, answers): saved conversations. `updatedAt` orders the
 * conversation list; the turns (questions, answers, sources) are not indexed.
 */
const SCHEMA_2026_11_23_CONVERSATIONS = {
  ...SCHEMA_2026_11_23_INDEX,
  conversations: '++id, updatedAt',
} as const;

/**
 * v4 (2026-11-23, semantic search): vectors indexed by `model`, so the
 * background embedding job (run after every ingest) and the hybrid-search
 * check find what is embedded from the index alone instead of reading every vector.
 */
const SCHEMA_2026_11_23_VECTOR_MODEL = {
  ...SCHEMA_2026_11_23_CONVERSATIONS,
  vectors: 'chunkId, model',
} as const;

/**
 * v5 (2026-11-23, ingest speed): a page's passages move into its text row, one
 * row per page instead of one per passage (IndexedDB's cost is per row: the
 * passage rows and their `pageId` index were a fifth of the ingest time). The
 * `chunks` table goes; passage ids stay as they were (the index refers to them).
 */
const SCHEMA_2026_11_23_PASSAGES_IN_TEXT = {
  ...SCHEMA_2026_11_23_VECTOR_MODEL,
  chunks: null,
} as const;

/** Every version in order: [version number, stores]. */
export const SCHEMA_VERSIONS = [
  [1, SCHEMA_2026_11_23],
  [2, SCHEMA_2026_11_23_INDEX],
  [3, SCHEMA_2026_11_23_CONVERSATIONS],
  [4, SCHEMA_2026_11_23_VECTOR_MODEL],
  [5, SCHEMA_2026_11_23_PASSAGES_IN_TEXT],
] as const;
