/**
 * Packed postings of one term in one segment, as bytes:
 *   count, then per posting: ((docDelta << 1) | hasFieldTf), bodyTf,
 *   and when hasFieldTf: (min(titleTf, 15) << 4) | min(headingTf, 15).
 * All numbers are unsigned LEB128 varints; `doc` is the chunk's position in
 * its segment. A typical body-only posting takes two bytes.
 */

/** One posting: a chunk (by position in its segment) and the term's frequency per field. */
export interface Posting {
  doc: number;
  title: number;
  heading: number;
  body: number;
}

/** Scratch space for `encodeFlatPostings` (grown as needed, reused across calls). */
let scratch = new Uint8Array(1 << 12);

/**
 * Packs postings given flat as (doc, title, heading, body) quadruples, sorted by
 * doc (the format above), without a Posting object each.
 */
export function encodeFlatPostings(flat: ArrayLike<number>, offset = 0, end = flat.length): Uint8Array {
  const count = (end - offset) >> 2;
  // At most 5 bytes per varint: the count, then 3 per posting.
  const bound = 5 + 15 * count;
  if (scratch.length < bound) scratch = new Uint8Array(Math.max(bound, scratch.length * 2));
  const bytes = scratch;
  let n = 0;
  const varint = (value: number) => {
    while (value >= 0x80) {
      bytes[n++] = (value & 0x7f) | 0x80;
      value >>>= 7;
    }
    bytes[n++] = value;
  };
  varint(count);
  let previous = 0;
  for (let i = offset; i < end; i += 4) {
    const doc = flat[i]!;
    const title = flat[i + 1]!;
    const heading = flat[i + 2]!;
    const fieldTf = title > 0 || heading > 0;
    varint(((doc - previous) << 1) | (fieldTf ? 1 : 0));
    varint(flat[i + 3]!);
    if (fieldTf) varint((Math.min(title, 15) << 4) | Math.min(heading, 15));
    previous = doc;
  }
  return bytes.slice(0, n);
}

/** Number of postings in packed bytes (without decoding them). */
export function postingCount(data: Uint8Array): number {
  let value = 0;
  let shift = 0;
  for (let i = 0; i < data.length; i++) {
    const b = data[i]!;
    value |= (b & 0x7f) << shift;
    if (b < 0x80) return value >>> 0;
    shift += 7;
  }
  return 0;
}

/** Calls `visit(doc, title, heading, body)` for every packed posting, in order (no allocation per posting). */
export function forEachPosting(data: Uint8Array, visit: (doc: number, title: number, heading: number, body: number) => void): void {
  let pos = 0;
  const next = (): number => {
    let value = 0;
    let shift = 0;
    for (;;) {
      const b = data[pos++]!;
      value += (b & 0x7f) * 2 ** shift;
      if (b < 0x80) return value;
      shift += 7;
    }
  };
  const count = next();
  let doc = 0;
  for (let i = 0; i < count; i++) {
    const head = next();
    doc += Math.floor(head / 2);
    const body = next();
    let title = 0;
    let heading = 0;
    if (head & 1) {
      const packed = next();
      title = packed >> 4;
      heading = packed & 15;
    }
    visit(doc, title, heading, body);
  }
}

/** Decodes packed postings into objects (tests and diagnostics; scoring and merging use `forEachPosting`). */
export function decodePostings(data: Uint8Array): Posting[] {
  const out: Posting[] = [];
  forEachPosting(data, (doc, title, heading, body) => out.push({ doc, title, heading, body }));
  return out;
}

/** A read position in packed postings. */
class ByteReader {
  pos = 0;
  constructor(readonly data: Uint8Array) {}
  varint(): number {
    let value = 0;
    let scale = 1;
    for (;;) {
      const b = this.data[this.pos++]!;
      value += (b & 0x7f) * scale;
      if (b < 0x80) return value;
      scale *= 128;
    }
  }
}

function writeVarint(out: Uint8Array, pos: number, value: number): number {
  while (value >= 0x80) {
    out[pos++] = (value % 128) | 0x80;
    value = Math.floor(value / 128);
  }
  out[pos++] = value;
  return pos;
}

/** One input of `concatPostings`: packed postings whose docs are moved up by `shift`. */
export interface PostingsPiece {
  data: Uint8Array;
  shift: number;
}

/**
 * Joins packed postings lists into one, each piece's docs moved up by its
 * `shift`. Pieces must come in doc order (every doc of a piece after every doc
 * of the pieces before it). Only the count and each piece's first doc delta
 * are re-encoded; the rest is copied byte for byte, so merging segments costs
 * little more than copying them.
 */
export function concatPostings(pieces: readonly PostingsPiece[]): Uint8Array {
  let count = 0;
  let bound = 5;
  for (const piece of pieces) {
    count += postingCount(piece.data);
    bound += piece.data.length + 5;
  }
  const out = new Uint8Array(bound);
  let pos = writeVarint(out, 0, count);
  let previous = 0;
  for (const { data, shift } of pieces) {
    const r = new ByteReader(data);
    let n = r.varint();
    if (n === 0) continue;
    let head = r.varint();
    const first = Math.floor(head / 2) + shift;
    pos = writeVarint(out, pos, (first - previous) * 2 + (head & 1));
    out.set(data.subarray(r.pos), pos);
    pos += data.length - r.pos;
    // Walk the piece to its last doc: the base of the next piece's first delta.
    let doc = first;
    for (;;) {
      r.varint(); // body tf
      if (head & 1) r.varint(); // title/heading tf
      if (--n === 0) break;
      head = r.varint();
      doc += Math.floor(head / 2);
    }
    previous = doc;
  }
  return out.slice(0, pos);
}
