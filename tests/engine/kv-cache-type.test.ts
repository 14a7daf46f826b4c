import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { readGgufMetadata } from '../../lib/engine/gguf-header';
import { headDims, kvCacheTypes } from '../../lib/engine/kv-cache-type';
import { TINY_CHAT, writeChatModel } from '../../scripts/synthetic-gguf';

// Real GGUF files, written by the same script as the engine's end-to-end tests (a real Llama 3 vocabulary in the header).
let dir: string;
const blob = async (file: string) => new Blob([await readFile(file)]);
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'gleaner-kv-'));
  await writeChatModel(path.join(dir, 'heads64.gguf'), { ...TINY_CHAT, nHead: 1, nHeadKv: 1 }); // 64 wide, one head of 64
}, 60_000);
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('the CPU engine’s KV cache types, from the model’s header', () => {
  it('reads the scalar keys of a GGUF header past its vocabulary arrays', async () => {
    const metadata = await readGgufMetadata(await blob(path.join(dir, 'heads64.gguf')));
    expect(metadata.get('general.architecture')).toBe('llama');
    expect(metadata.get('llama.embedding_length')).toBe(64);
    expect(metadata.get('llama.attention.head_count')).toBe(1);
    // the vocabulary (an array of 128,256 strings) is skipped, not kept
    expect(metadata.has('tokenizer.ggml.tokens')).toBe(false);
    expect(metadata.get('tokenizer.ggml.model')).toBe('gpt2');
  });

  it('keeps K and V in q8_0 where their head size is a multiple of 32 (not for heads of 16: llama.cpp would refuse the context)', async () => {
    expect(await kvCacheTypes(await blob(path.join(dir, 'heads64.gguf')))).toEqual({ cache_type_k: 'q8_0', cache_type_v: 'q8_0' });
    const m = (entries: Array<[string, number | string]>) => new Map<string, number | string>(entries);
    const heads16 = headDims(
      m([
        ['general.architecture', 'llama'],
        ['llama.embedding_length', 64],
        ['llama.attention.head_count', 4],
      ]),
    );
    expect(heads16).toEqual({ k: 16, v: 16 });
    // the end-to-end tests' model has heads of 32: it runs on q8_0 caches like the catalog's
    expect(TINY_CHAT.nEmbd / TINY_CHAT.nHead).toBe(32);
  });

  it('uses key_length and value_length where the header gives them, and says nothing for a per-layer head count or another architecture', () => {
    const m = (entries: Array<[string, number | string]>) => new Map<string, number | string>(entries);
    expect(
      headDims(
        m([
          ['general.architecture', 'gemma3'],
          ['gemma3.embedding_length', 1152],
          ['gemma3.attention.head_count', 4],
          ['gemma3.attention.key_length', 256],
          ['gemma3.attention.value_length', 256],
        ]),
      ),
    ).toEqual({ k: 256, v: 256 });
    expect(
      headDims(
        m([
          ['general.architecture', 'qwen2'],
          ['qwen2.embedding_length', 896],
          ['qwen2.attention.head_count', 14],
        ]),
      ),
    ).toEqual({ k: 64, v: 64 });
    expect(
      headDims(
        m([
          ['general.architecture', 'deepseek2'],
          ['deepseek2.embedding_length', 2048],
          ['deepseek2.attention.head_count', 16],
          ['deepseek2.attention.key_length', 192],
          ['deepseek2.attention.value_length', 80],
        ]),
      ),
    ).toEqual({ k: 192, v: 80 });
    expect(
      headDims(
        m([
          ['general.architecture', 'openelm'],
          ['openelm.embedding_length', 1280],
        ]),
      ),
    ).toEqual({});
    expect(
      headDims(
        m([
          ['general.architecture', 'llama'],
          ['qwen2.embedding_length', 896],
          ['qwen2.attention.head_count', 14],
        ]),
      ),
    ).toEqual({});
  });

  it('falls back to F16 for a file that is not GGUF or is cut short (llama.cpp then says what is wrong)', async () => {
    expect(await kvCacheTypes(new Blob(['<html>not a model</html>']))).toEqual({ cache_type_k: 'f16', cache_type_v: 'f16' });
    const whole = await readFile(path.join(dir, 'heads64.gguf'));
    expect(await kvCacheTypes(new Blob([whole.subarray(0, 4096)]))).toEqual({ cache_type_k: 'f16', cache_type_v: 'f16' });
  });
});
