import type { PostingRecord } from './db';

/**
 * Postings are stored in buckets: each row of a segment holds the packed
 * postings of every term whose hash falls in its bucket, with a sorted term
 * list to find them. One row per term would mean hundreds of rows per page
 * (IndexedDB's cost is per row); buckets keep a batch of pages to a handful
 * of rows. Bigger segments (higher levels) get more buckets, so a query reads
 * small rows everywhere.
 */

/**
 * Buckets of a new segment of the given level (0 = one ingest batch), sized to
 * its expected pages (level 1 is 16 level-0 segments, then 8 of the level below:
 * `mergeFanout`) so that a row holds about a page's worth of postings.
 */
export function bucketCount(level: number): number {
  return [16, 256, 2048, 8192][Math.min(level, 3)]!;
}

/** The buckets a segment was written with: recorded since 2026-11-23 evening; older segments used this table. */
export function segmentBuckets(segment: { level: number; buckets?: number }): number {
  return segment.buckets ?? [16, 128, 1024, 4096][Math.min(segment.level, 3)]!;
}

/** The bucket of a term (FNV-1a). */
export function bucketOf(term: string, buckets: number): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < term.length; i++) h = Math.imul(h ^ term.charCodeAt(i), 16777619);
  return (h >>> 0) % buckets;
}

/** Groups packed postings per term into bucket rows of one segment. */
export function packBuckets(segment: number, n: number, postings: Map<string, Uint8Array>): PostingRecord[] {
  const groups = new Map<number, string[]>();
  for (const term of postings.keys()) {
    const b = bucketOf(term, n);
    const list = groups.get(b);
    if (list) list.push(term);
    else groups.set(b, [term]);
  }
  const rows: PostingRecord[] = [];
  for (const [bucket, terms] of groups) {
    terms.sort();
    const offsets = new Uint32Array(terms.length + 1);
    let size = 0;
    terms.forEach((t, i) => {
      offsets[i] = size;
      size += postings.get(t)!.length;
    });
    offsets[terms.length] = size;
    const data = new Uint8Array(size);
    terms.forEach((t, i) => data.set(postings.get(t)!, offsets[i]!));
    rows.push({ segment, bucket, terms, offsets, data });
  }
  return rows;
}

/** The packed postings of `term` in a bucket row, or null. */
export function findInBucket(row: PostingRecord, term: string): Uint8Array | null {
  let lo = 0;
  let hi = row.terms.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const t = row.terms[mid]!;
    if (t === term) return row.data.subarray(row.offsets[mid]!, row.offsets[mid + 1]!);
    if (t < term) lo = mid + 1;
    else hi = mid - 1;
  }
  return null;
}

/** Every (term, packed postings) of a bucket row. */
export function* bucketEntries(row: PostingRecord): Generator<[string, Uint8Array]> {
  for (let i = 0; i < row.terms.length; i++) yield [row.terms[i]!, row.data.subarray(row.offsets[i]!, row.offsets[i + 1]!)];
}
