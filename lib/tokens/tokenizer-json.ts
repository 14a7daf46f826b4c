import type { Tokenizer } from './types';

// Tokenizers described by a Hugging Face `tokenizer.json`, run by
// @mlc-ai/web-tokenizers: the same wasm build of the Rust `tokenizers` crate that
// WebLLM uses, so counts are the ones the model sees. Imported lazily: the module
// inlines ~5 MB of wasm and must load only where counting happens.

/** The part of @mlc-ai/web-tokenizers' Tokenizer class Gleaner uses. */
interface WasmTokenizer {
  encode(text: string): Int32Array;
  decode(ids: Int32Array): string;
}
interface WasmTokenizerClass {
  fromJSON(json: ArrayBuffer): Promise<WasmTokenizer>;
}

let wasmModule: Promise<WasmTokenizerClass> | undefined;

/** Loads @mlc-ai/web-tokenizers once (browser, worker or Node). */
function loadWebTokenizers(): Promise<WasmTokenizerClass> {
  wasmModule ??= (async () => {
    const scope = globalThis as { location?: unknown; tokenizers?: { Tokenizer?: WasmTokenizerClass } };
    // The package is a UMD file inside a "type": "module" package: bundlers expose its
    // named export, while plain ES module loading (Node, tsx) leaves it on
    // `globalThis.tokenizers`. Its Emscripten loader reads `location` to find itself.
    if (typeof scope.location === 'undefined') scope.location = { href: 'file:///' };
    const mod = (await import('@mlc-ai/web-tokenizers')) as { Tokenizer?: WasmTokenizerClass };
    const cls = mod.Tokenizer ?? scope.tokenizers?.Tokenizer;
    if (!cls) throw new Error('The wasm tokenizer library (@mlc-ai/web-tokenizers) did not load.');
    return cls;
  })();
  return wasmModule;
}

/** The fields of tokenizer.json this module reads besides what the wasm library does. */
interface TokenizerJsonShape {
  added_tokens?: { id: number; content: string; special?: boolean }[];
  normalizer?: unknown;
  pre_tokenizer?: unknown;
  model?: { type?: string };
}

export interface TokenizerJsonOptions {
  /** Drop added tokens with a higher id (Qwen3's file serves Qwen2.5, whose vocabulary ends at 151664). */
  maxAddedTokenId?: number;
}

/**
 * Whether chunked encoding at line starts equals whole-text encoding: byte-level BPE
 * whose pre-tokenizer splits with a regex (a piece never spans "\n" + letter), and no
 * normalizer or Metaspace prefix that depends on the position in the text.
 */
function isChunkSafe(json: TokenizerJsonShape): boolean {
  const pre = JSON.stringify(json.pre_tokenizer ?? null);
  const normalizer = JSON.stringify(json.normalizer ?? null);
  const regexSplit = /"type":"Split"/.test(pre) || /"use_regex":true/.test(pre);
  return json.model?.type === 'BPE' && /"type":"ByteLevel"/.test(pre) && regexSplit && !/Metaspace|Prepend|Replace/.test(pre + normalizer);
}

/** A Tokenizer from the bytes of a tokenizer.json file. */
export async function tokenizerFromJson(name: string, bytes: ArrayBuffer | Uint8Array, options: TokenizerJsonOptions = {}): Promise<Tokenizer> {
  const raw = bytes instanceof Uint8Array ? bytes : new Uint8Array(bytes);
  let json: TokenizerJsonShape;
  try {
    json = JSON.parse(new TextDecoder().decode(raw)) as TokenizerJsonShape;
  } catch (error) {
    throw new Error(`${name}: not a tokenizer.json file (${(error as Error).message}).`);
  }
  if (!json.model || typeof json.model !== 'object') throw new Error(`${name}: not a tokenizer.json file (no "model").`);
  let buffer = raw.buffer.slice(raw.byteOffset, raw.byteOffset + raw.byteLength) as ArrayBuffer;
  if (options.maxAddedTokenId !== undefined && json.added_tokens) {
    const limit = options.maxAddedTokenId;
    json.added_tokens = json.added_tokens.filter((token) => token.id <= limit);
    buffer = new TextEncoder().encode(JSON.stringify(json)).buffer as ArrayBuffer;
  }
  const Wasm = await loadWebTokenizers();
  const wasm = await Wasm.fromJSON(buffer);
  const specials = new Map<string, number>();
  for (const token of json.added_tokens ?? []) if (token.special) specials.set(token.content, token.id);
  const specialIds = new Set(specials.values());
  return {
    name,
    encode: (text) => Array.from(wasm.encode(text)),
    decode: (ids) => wasm.decode(Int32Array.from(ids)),
    count: (text) => wasm.encode(text).length,
    specialTokenId: (token) => specials.get(token),
    isSpecial: (id) => specialIds.has(id),
    chunkSafe: isChunkSafe(json),
  };
}
