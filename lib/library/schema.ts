/**
 * Dexie schema versions, one dated constant per version. A new version adds a
 * constant here, an upgrade function in `upgrades.ts` when data must move,
 * and a migration test in tests/library/migrations.test.ts.
 * Index only what a `where()` uses; never index text or vectors.
 */

/** v1 (2026-11-23): pages read, keyed by canonical URL. */
export const SCHEMA_2026_11_23 = {
  pages: '++id, &url, site, visitedAt',
} as const;

/** Every version in order: [version number, stores]. */
export const SCHEMA_VERSIONS = [[1, SCHEMA_2026_11_23]] as const;
