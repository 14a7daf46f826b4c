import { describe, expect, it } from 'vitest';
import { prebuiltAppConfig } from '@mlc-ai/web-llm';
import { CATALOG, EMBEDDING_MODELS, findCatalogModel } from '@/lib/engine/catalog';

const prebuilt = new Map(prebuiltAppConfig.model_list.map((record) => [record.model_id, record]));

describe('the model catalog', () => {
  it('lists only models WebLLM ships, with their real context windows and memory needs', () => {
    for (const model of CATALOG) {
      for (const [id, vram] of [
        [model.id, model.vramMB.f16],
        [model.f32Id, model.vramMB.f32],
      ] as const) {
        const record = prebuilt.get(id);
        expect(record, id).toBeDefined();
        expect(record!.vram_required_MB, id).toBeCloseTo(vram, 1);
        expect(record!.overrides?.context_window_size ?? 4096, id).toBe(model.contextWindow);
      }
      expect(model.f32Id).toContain('q4f32');
    }
  });

  it('lists embedding models WebLLM ships', () => {
    for (const model of EMBEDDING_MODELS) expect(prebuilt.get(model.id)?.vram_required_MB).toBeCloseTo(model.vramMB, 1);
  });

  it('finds an entry by either build', () => {
    expect(findCatalogModel('Llama-3.2-1B-Instruct-q4f32_1-MLC')?.label).toBe('Llama 3.2 1B');
  });
});
