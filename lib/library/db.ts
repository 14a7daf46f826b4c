import Dexie, { type EntityTable } from 'dexie';
import { SCHEMA_VERSIONS } from './schema';
import { UPGRADES } from './upgrades';

/** A page that was read. */
export interface PageRecord {
  id: number;
  url: string;
  site: string;
  title: string;
  visitedAt: number;
}

/** The library database (extension origin only: content scripts never open it). */
export type LibraryDb = Dexie & {
  pages: EntityTable<PageRecord, 'id'>;
};

export const DB_NAME = 'gleaner';

/** Declares every schema version (and its upgrade) on a Dexie instance. */
export function declareVersions(db: Dexie, upTo = Number.POSITIVE_INFINITY): void {
  for (const [version, stores] of SCHEMA_VERSIONS) {
    if (version > upTo) break;
    const declared = db.version(version).stores(stores);
    const upgrade = UPGRADES[version];
    if (upgrade) declared.upgrade(upgrade);
  }
}

/** Opens the library; `indexedDB` and `IDBKeyRange` may be injected (fake-indexeddb in tests). */
export function openLibraryDb(
  options: { name?: string; indexedDB?: IDBFactory; IDBKeyRange?: typeof IDBKeyRange } = {},
): LibraryDb {
  const deps = options.indexedDB ? { indexedDB: options.indexedDB, IDBKeyRange: options.IDBKeyRange } : {};
  const db = new Dexie(options.name ?? DB_NAME, deps) as LibraryDb;
  declareVersions(db);
  return db;
}
