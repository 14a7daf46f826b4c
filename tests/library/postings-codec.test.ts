import { describe, expect, it } from 'vitest';
import { concatPostings, decodePostings, encodeFlatPostings, type Posting } from '@/lib/library/postings-codec';

const encodePostings = (list: readonly Posting[]) => encodeFlatPostings(list.flatMap((p) => [p.doc, p.title, p.heading, p.body]));

/** Deterministic postings: increasing docs with gaps, some with title/heading frequencies. */
function postings(count: number, seed: number): Posting[] {
  let doc = seed % 3;
  return Array.from({ length: count }, (_, i) => {
    doc += 1 + ((i * 7 + seed) % 300); // gaps past one varint byte
    return { doc, title: (i + seed) % 5 === 0 ? 1 + (i % 20) : 0, heading: i % 7 === 0 ? 2 : 0, body: 1 + ((i * seed) % 200) };
  });
}

describe('postings codec', () => {
  it('round-trips postings (field frequencies capped at 15)', () => {
    const list = postings(500, 11);
    const bytes = encodePostings(list);
    expect(decodePostings(bytes)).toEqual(list.map((p) => ({ ...p, title: Math.min(p.title, 15), heading: Math.min(p.heading, 15) })));
  });

  it('concatenates lists by moving each up, equal to encoding the joined list', () => {
    const parts = [postings(40, 1), [], postings(1, 2), postings(300, 3), postings(2, 4)].map((list) => list.map((p) => ({ ...p, title: Math.min(p.title, 15) })));
    let shift = 0;
    const pieces: Array<{ data: Uint8Array; shift: number }> = [];
    const joined: Posting[] = [];
    for (const list of parts) {
      pieces.push({ data: encodePostings(list), shift });
      joined.push(...list.map((p) => ({ ...p, doc: p.doc + shift })));
      shift += (list.at(-1)?.doc ?? 0) + 1 + 100_000; // shifts beyond 2^16 docs
    }
    const bytes = concatPostings(pieces);
    expect(bytes).toEqual(encodePostings(joined));
    expect(decodePostings(bytes)).toEqual(joined);
  });

  it('concatenates nothing into an empty list', () => {
    expect(decodePostings(concatPostings([]))).toEqual([]);
    expect(decodePostings(concatPostings([{ data: encodePostings([]), shift: 5 }]))).toEqual([]);
  });
});
