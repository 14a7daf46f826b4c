import { describe, expect, it } from 'vitest';
import { CPU_CATALOG, findCpuModel, recommendCpuModel } from '../../lib/engine/cpu-catalog';
import { chatModelMemoryMB, computeBufferMB, kvCacheMB, type ChatModelShape } from '../../lib/engine/model-memory';
import { QWEN25_05B_Q4_K_M, SMOLLM2_360M_Q8_0, type ChatModelShape as SyntheticShape } from '../../scripts/synthetic-gguf';

const f16 = { cache_type_k: 'f16', cache_type_v: 'f16' } as const;
const q8_0 = { cache_type_k: 'q8_0', cache_type_v: 'q8_0' } as const;
const qwen = findCpuModel('qwen2.5-0.5b-instruct-q4_k_m')!;

describe('the CPU engine’s memory figures, from each model’s shape', () => {
  it('gives llama.cpp’s own buffer sizes for the Qwen2.5-0.5B shape', () => {
    // llama.cpp's log for this shape at a 4,096-token context (node-llama-cpp, the synthetic Qwen2.5-0.5B
    // of the benchmarks): "KV buffer size = 48.00 MiB" (F16), "25.50 MiB" (q8_0), "compute buffer size = 300.25 MiB".
    expect(kvCacheMB(qwen.shape, f16, 4096)).toBe(48);
    expect(kvCacheMB(qwen.shape, q8_0, 4096)).toBe(25.5);
    expect(Math.abs(computeBufferMB(qwen.shape) - 300.25)).toBeLessThan(3);
    // llama.cpp rounds the context up to 256 cells
    expect(kvCacheMB(qwen.shape, f16, 4000)).toBe(48);
  });

  it('counts the KV cache in the type the engine uses: q8_0 for heads that are a multiple of 32, F16 otherwise', () => {
    const at = (headDim: number) => chatModelMemoryMB({ downloadMB: 100, contextWindow: 4096, shape: { ...qwen.shape, headDim } });
    // heads of 64 are q8_0; heads of 80 cannot be (blocks of 32): F16, twice the bytes per value
    const kvGrowth = kvCacheMB({ ...qwen.shape, headDim: 80 }, f16, 4096) - kvCacheMB(qwen.shape, q8_0, 4096);
    expect(Math.abs(at(80) - at(64) - kvGrowth)).toBeLessThanOrEqual(1);
    expect(kvGrowth).toBeGreaterThan(kvCacheMB(qwen.shape, q8_0, 4096));
  });

  it('every catalog model’s memory follows from its shape; the catalog’s shapes are the benchmarks’ synthetic ones', () => {
    for (const model of CPU_CATALOG) {
      expect(model.memoryMB, model.id).toBe(chatModelMemoryMB(model));
      // weights, a KV cache and a compute buffer: more than the file
      expect(model.memoryMB, model.id).toBeGreaterThan(model.downloadMB + computeBufferMB(model.shape));
    }
    const same = (catalog: ChatModelShape, synthetic: SyntheticShape) =>
      expect({
        layers: synthetic.nLayer,
        width: synthetic.nEmbd,
        kvHeads: synthetic.nHeadKv,
        headDim: synthetic.nEmbd / synthetic.nHead,
        vocab: synthetic.nVocab,
        ff: synthetic.nFf,
      }).toEqual(catalog);
    same(qwen.shape, QWEN25_05B_Q4_K_M);
    same(findCpuModel('smollm2-360m-instruct-q8_0')!.shape, SMOLLM2_360M_Q8_0);
  });

  it('suggests a model whose real footprint fits the machine (4 GB, 4 cores: not Qwen3 0.6B, which needs ~1.2 GB with its 152k-token logits)', () => {
    const machine = { memoryGB: 4, cores: 4 };
    const suggested = recommendCpuModel(machine);
    expect(suggested.memoryMB).toBeLessThanOrEqual((4 * 1024) / 4);
    expect(suggested.id).toBe('qwen2.5-0.5b-instruct-q4_k_m');
    expect(findCpuModel('qwen3-0.6b-q8_0')!.memoryMB).toBeGreaterThan(1024);
    // 8 GB and 8 cores: the largest catalog model still fits a quarter of the memory
    expect(recommendCpuModel({ memoryGB: 8, cores: 8 }).id).toBe('qwen3-1.7b-q4_k_m');
  });
});
