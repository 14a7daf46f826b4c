/**
 * A GGUF file's header, read from a Blob without reading the weights: the scalar key–value pairs
 * (architecture, widths, head counts) that the CPU engine needs before llama.cpp loads the file
 * (./kv-cache-type). Arrays such as the tokenizer's vocabulary are skipped by their lengths.
 */

export type GgufScalar = number | bigint | boolean | string;

// GGUF value types (ggml/include/gguf.h) and the byte size of the fixed-size ones.
const STRING = 8;
const ARRAY = 9;
const FIXED_SIZE: Readonly<Record<number, number>> = { 0: 1, 1: 1, 2: 2, 3: 2, 4: 4, 5: 4, 6: 4, 7: 1, 10: 8, 11: 8, 12: 8 };
const CHUNK = 1 << 20;
/** A header is a few MB (the tokenizer's vocabulary); more than this is not a header. */
const MAX_HEADER_BYTES = 64 << 20;

/** The scalar key–value pairs of a GGUF file's header (arrays, such as the vocabulary, are skipped). */
export async function readGgufMetadata(blob: Blob): Promise<Map<string, GgufScalar>> {
  const reader = new BlobReader(blob);
  if ((await reader.u32()) !== 0x46554747) throw new Error('not a GGUF file');
  const version = await reader.u32();
  if (version < 2) throw new Error(`GGUF version ${version}`);
  await reader.u64(); // tensor count
  const count = Number(await reader.u64());
  const out = new Map<string, GgufScalar>();
  for (let i = 0; i < count; i++) {
    const key = await reader.string();
    const type = await reader.u32();
    if (type === ARRAY) {
      const itemType = await reader.u32();
      const items = Number(await reader.u64());
      // The vocabulary: hundreds of thousands of strings, skipped by their lengths (an await only per chunk).
      if (itemType === STRING) for (let j = 0; j < items; j++) reader.skip(Number(reader.has(8) ? reader.u64Now() : await reader.u64()));
      else if (FIXED_SIZE[itemType] !== undefined) reader.skip(items * FIXED_SIZE[itemType]);
      else throw new Error(`array of GGUF type ${itemType}`);
    } else out.set(key, await reader.scalar(type));
    if (reader.position > MAX_HEADER_BYTES) throw new Error('GGUF header too long');
  }
  return out;
}

/** Little-endian reads from a Blob, a megabyte at a time. */
class BlobReader {
  position = 0;
  private start = 0;
  private view = new DataView(new ArrayBuffer(0));
  constructor(private readonly blob: Blob) {}

  private async need(bytes: number): Promise<DataView> {
    if (!this.has(bytes)) {
      if (this.position + bytes > this.blob.size) throw new Error('GGUF header cut short');
      this.start = this.position;
      this.view = new DataView(await this.blob.slice(this.start, Math.min(this.blob.size, this.start + Math.max(CHUNK, bytes))).arrayBuffer());
    }
    return this.view;
  }
  /** Are these bytes already read from the blob? */
  has(bytes: number): boolean {
    return this.position >= this.start && this.position + bytes <= this.start + this.view.byteLength;
  }
  /** A u64 from bytes already read (see `has`). */
  u64Now(): bigint {
    const value = this.view.getBigUint64(this.position - this.start, true);
    this.position += 8;
    return value;
  }
  skip(bytes: number): void {
    this.position += bytes;
  }
  async u32(): Promise<number> {
    const value = (await this.need(4)).getUint32(this.position - this.start, true);
    this.position += 4;
    return value;
  }
  async u64(): Promise<bigint> {
    const value = (await this.need(8)).getBigUint64(this.position - this.start, true);
    this.position += 8;
    return value;
  }
  async string(): Promise<string> {
    const length = Number(await this.u64());
    const view = await this.need(length);
    const text = new TextDecoder().decode(new Uint8Array(view.buffer, this.position - this.start, length));
    this.position += length;
    return text;
  }
  async scalar(type: number): Promise<GgufScalar> {
    if (type === STRING) return this.string();
    const size = FIXED_SIZE[type];
    if (size === undefined) throw new Error(`GGUF type ${type}`);
    const view = await this.need(size);
    const at = this.position - this.start;
    this.position += size;
    switch (type) {
      case 0:
        return view.getUint8(at);
      case 1:
        return view.getInt8(at);
      case 2:
        return view.getUint16(at, true);
      case 3:
        return view.getInt16(at, true);
      case 4:
        return view.getUint32(at, true);
      case 5:
        return view.getInt32(at, true);
      case 6:
        return view.getFloat32(at, true);
      case 7:
        return view.getUint8(at) !== 0;
      case 10:
        return view.getBigUint64(at, true);
      case 11:
        return view.getBigInt64(at, true);
      default:
        return view.getFloat64(at, true);
    }
  }
}
