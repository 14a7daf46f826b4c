/**
 * How much memory a chat model takes in the CPU engine, from its shape: what the catalog shows and
 * what sizes a model to the machine (recommendCpuModel). llama.cpp holds, in wllama's WebAssembly heap:
 * - the weights (the GGUF file's tensors, about the file's size);
 * - the KV cache: for each layer, K and V of each KV head for every position of the context, in the
 *   types the engine picks from the head size (lib/engine/kv-cache-type.ts: q8_0 where it can, F16 else);
 * - the compute buffer, sized for the largest step llama.cpp reserves: a batch of 512 tokens (its
 *   n_ubatch), whose largest tensor is the logits of every token of the batch (vocabulary × 512 floats;
 *   with flash attention no attention matrix is kept);
 * - a few tens of MB of runtime: the vocabulary, the graph, the wasm stacks.
 */
import { cacheTypesFor, type CacheType, type KvCacheTypes } from './kv-cache-type';

/** A chat model's shape, as its GGUF header says (llama.cpp's hparams). */
export interface ChatModelShape {
  /** block_count */
  layers: number;
  /** embedding_length */
  width: number;
  /** attention.head_count_kv */
  kvHeads: number;
  /** The width of one attention head (attention.key_length, = value_length for these models). */
  headDim: number;
  /** The vocabulary's size (rows of the output matrix). */
  vocab: number;
  /** feed_forward_length */
  ff: number;
}

const MiB = 1024 * 1024;
/** ggml's bytes per cached element: q8_0 keeps 32 values in 34 bytes (32 int8 and an F16 scale). */
const CACHE_BYTES: Readonly<Record<CacheType, number>> = { f16: 2, q8_0: 34 / 32 };
/** llama.cpp rounds the context up to a multiple of 256 cells. */
const CELL_PADDING = 256;
/** llama.cpp's default micro-batch (n_ubatch), which wllama keeps: the compute buffer is reserved for it. */
const UBATCH = 512;
/** An allowance for the runtime beyond llama.cpp's buffers (vocabulary, graph, stacks, the wasm's own data): an estimate, not measured. */
const RUNTIME_MB = 40;

/** The KV cache's size for a context of `contextTokens`, in MB (MiB). */
export function kvCacheMB(shape: ChatModelShape, cache: KvCacheTypes, contextTokens: number): number {
  const cells = Math.ceil(contextTokens / CELL_PADDING) * CELL_PADDING;
  const perCell = shape.layers * shape.kvHeads * shape.headDim * (CACHE_BYTES[cache.cache_type_k] + CACHE_BYTES[cache.cache_type_v]);
  return (cells * perCell) / MiB;
}

/** llama.cpp's compute buffer for a 512-token batch, in MB: the logits of the batch, or a layer's largest tensors where they are larger. */
export function computeBufferMB(shape: ChatModelShape): number {
  const floats = Math.max(shape.vocab + shape.width, 3 * shape.ff + 2 * shape.width);
  return (UBATCH * floats * 4) / MiB;
}

/** The memory a chat model takes while it runs (weights, KV cache of the context, compute buffer, runtime), in whole MB. */
export function chatModelMemoryMB(model: { downloadMB: number; shape: ChatModelShape; contextWindow: number }): number {
  const cache = cacheTypesFor({ k: model.shape.headDim, v: model.shape.headDim });
  return Math.ceil(model.downloadMB + kvCacheMB(model.shape, cache, model.contextWindow) + computeBufferMB(model.shape) + RUNTIME_MB);
}
