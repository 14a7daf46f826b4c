/**
 * The CPU engine's KV cache types, chosen from the model file's own header.
 *
 * K and V are kept in q8_0 where the model allows it (llama.cpp's `-ctk q8_0 -ctv q8_0`). With flash
 * attention, llama.cpp's CPU kernel reads an F16 V through ggml's scalar F16 accumulator one value at
 * a time (a quarter of decode in wllama's generic build); a q8_0 V goes through dequantize_row_q8_0
 * and float sums, both vectorised, and a q8_0 K through the spliced SIMD q8_0 dot product. Decode is
 * ~50 % faster on SmolLM2-360M (~19 % on Qwen2.5-0.5B, which has fewer KV heads), reading the
 * prompt as fast as before, and the cache half the size (docs/benchmarks.md, CPU engine: the KV
 * cache types, with what q8_0 costs in answer quality: next to nothing in llama.cpp's measurements).
 * q8_0 stores rows in blocks of 32, so a model whose K (or V) head size is no multiple of 32 cannot
 * have it (llama.cpp refuses to create the context): that cache, or both where the header does not
 * say, stays F16.
 */

import { readGgufMetadata, type GgufScalar } from './gguf-header';

export type CacheType = 'f16' | 'q8_0';
export interface KvCacheTypes {
  cache_type_k: CacheType;
  cache_type_v: CacheType;
}

const Q8_0_BLOCK = 32;

/** The cache types for a GGUF chat model (its header read from the blob; the weights are not read). */
export async function kvCacheTypes(blob: Blob): Promise<KvCacheTypes> {
  let heads: HeadDims = {};
  try {
    heads = headDims(await readGgufMetadata(blob));
  } catch {
    // Not a GGUF header this reader understands: llama.cpp will say what is wrong with the file.
  }
  return cacheTypesFor(heads);
}

/** The cache types for these head sizes (the catalog's memory figures use the same rule: lib/engine/model-memory.ts). */
export function cacheTypesFor(heads: HeadDims): KvCacheTypes {
  const type = (dim: number | undefined): CacheType => (dim !== undefined && dim % Q8_0_BLOCK === 0 ? 'q8_0' : 'f16');
  return { cache_type_k: type(heads.k), cache_type_v: type(heads.v) };
}

interface HeadDims {
  k?: number;
  v?: number;
}

/** K's and V's head sizes as llama.cpp derives them: `<arch>.attention.key_length` / `value_length`, else the width over the heads. */
export function headDims(metadata: ReadonlyMap<string, GgufScalar>): HeadDims {
  const arch = metadata.get('general.architecture');
  if (typeof arch !== 'string') return {};
  const number = (key: string) => {
    const value = metadata.get(`${arch}.${key}`);
    return typeof value === 'bigint' ? Number(value) : typeof value === 'number' ? value : undefined;
  };
  const width = number('embedding_length');
  const heads = number('attention.head_count');
  // A per-layer head count is an array (not kept here): unknown.
  const perHead = width !== undefined && heads !== undefined && heads > 0 && width % heads === 0 ? width / heads : undefined;
  return { k: number('attention.key_length') ?? perHead, v: number('attention.value_length') ?? perHead };
}
