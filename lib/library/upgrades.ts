import type { Transaction } from 'dexie';

/**
 * Data upgrades, keyed by the version they upgrade to. Versions whose change
 * is only new tables or indexes need no entry.
 */
export const UPGRADES: Record<number, (tx: Transaction) => Promise<void>> = {};
