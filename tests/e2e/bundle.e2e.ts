import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { EXTENSION_DIR } from './harness';
import { entrySize, staticClosure } from '../../scripts/bundle-graph';

// WebLLM must never load in the service worker or the popup's first paint.
const WEBLLM_MARKERS = ['MLCEngine', 'prebuiltAppConfig'];
// Tokenizer code and wasm load only in the token counter's worker: the wasm of
// @mlc-ai/web-tokenizers and tiktoken's wasm glue. (The tokenizer files themselves are
// fetched at run time by that code; the worker also carries their paths.)
const TOKENIZER_MARKERS = ['FromBlobByteLevelBPE', '__wbg_set_wasm'];

// gpt-tokenizer's synchronous BPE encodings (cl100k, o200k…): its encoding API, and the
// start of every rank table, the byte alphabet "0","1",…,"9",":",";","<" in any quote style.
const BPE_ALPHABET = new RegExp(['0', '1', '2', '3', '4', '5', '6', '7', '8', '9', ':', ';', '<'].map((c) => `["'\`]${c}["'\`]`).join(','));
const BPE_RANK_MARKERS: Array<string | RegExp> = ['getEncodingApi', BPE_ALPHABET];
// The service worker is re-parsed on every wake: its start-up code stays small.
const BACKGROUND_MAX_BYTES = 400 * 1024;

function loads(entry: string): string {
  return staticClosure(EXTENSION_DIR, entry)
    .map((file) => readFileSync(path.join(EXTENSION_DIR, file), 'utf8'))
    .join('\n');
}

describe('the production build', () => {
  it('keeps WebLLM out of the background worker and the popup', () => {
    for (const entry of ['background.js', 'popup.html', 'content-scripts/extract.js']) {
      const code = loads(entry);
      expect(code.length).toBeGreaterThan(0);
      for (const marker of WEBLLM_MARKERS) expect(code, `${entry} contains ${marker}`).not.toContain(marker);
    }
  });

  it('keeps llama.cpp (wllama) out of every entry: only the engine host loads it, on demand, with its two wasm builds bundled', () => {
    for (const entry of ['background.js', 'popup.html', 'sidepanel.html', 'offscreen.html', 'content-scripts/extract.js']) {
      expect(loads(entry), `${entry} contains wllama`).not.toContain('wllama_action');
    }
    // One build with plain SIMD (every browser) and one with relaxed SIMD (lib/engine/wasm-features.ts picks).
    const wasm = readdirSync(path.join(EXTENSION_DIR, 'assets')).filter((f) => /^wllama-.*\.wasm$/.test(f));
    expect(wasm.map((f) => f.startsWith('wllama-relaxed-')).sort()).toEqual([false, true]);
    for (const file of wasm) expect(readFileSync(path.join(EXTENSION_DIR, 'assets', file)).subarray(0, 4)).toEqual(Buffer.from('\0asm'));
  });

  it('keeps tokenizer data and wasm out of every entry: only the counter worker loads them', () => {
    for (const entry of ['background.js', 'popup.html', 'sidepanel.html', 'offscreen.html', 'content-scripts/extract.js']) {
      const code = loads(entry);
      for (const marker of TOKENIZER_MARKERS) expect(code, `${entry} contains ${marker}`).not.toContain(marker);
    }
  });

  it('keeps BPE rank data out of the background worker, whose start-up code stays small', () => {
    const code = loads('background.js');
    for (const marker of BPE_RANK_MARKERS) {
      if (typeof marker === 'string') expect(code, `background.js contains ${marker}`).not.toContain(marker);
      else expect(code, `background.js contains a BPE rank table`).not.toMatch(marker);
    }
    expect(entrySize(EXTENSION_DIR, 'background.js').bytes).toBeLessThan(BACKGROUND_MAX_BYTES);
  });

  it('ships the reference tokenizer.json files and the counter worker', () => {
    for (const file of ['tokenizers/llama-3.json', 'tokenizers/qwen.json']) {
      expect(JSON.parse(readFileSync(path.join(EXTENSION_DIR, file), 'utf8')).model.type).toBe('BPE');
    }
    for (const file of ['tokenizers/o200k_base.json', 'tokenizers/cl100k_base.json']) {
      expect(JSON.parse(readFileSync(path.join(EXTENSION_DIR, file), 'utf8')).pat_str).toBeTruthy();
    }
    expect(readFileSync(path.join(EXTENSION_DIR, 'tokenizers/tiktoken_bg.wasm')).subarray(0, 4)).toEqual(Buffer.from('\0asm'));
    const workers = readdirSync(path.join(EXTENSION_DIR, 'assets')).filter((f) => /^worker-.*\.js$/.test(f));
    expect(workers).toHaveLength(1);
    const worker = readFileSync(path.join(EXTENSION_DIR, 'assets', workers[0]!), 'utf8');
    for (const marker of [...TOKENIZER_MARKERS, 'tokenizers/llama-3.json']) expect(worker).toContain(marker);
  });

  it('declares the side panel, the offscreen permission and the wasm CSP', () => {
    const manifest = JSON.parse(readFileSync(path.join(EXTENSION_DIR, 'manifest.json'), 'utf8'));
    expect(manifest.manifest_version).toBe(3);
    expect(manifest.side_panel).toEqual({ default_path: 'sidepanel.html' });
    expect(manifest.permissions).toEqual(expect.arrayContaining(['offscreen', 'sidePanel', 'storage']));
    expect(manifest.background).toEqual({ type: 'module', service_worker: 'background.js' });
    expect(manifest.content_security_policy.extension_pages).toContain("'wasm-unsafe-eval'");
    // Cross-origin isolated extension pages: SharedArrayBuffer, so the CPU engine runs on several threads.
    expect(manifest.cross_origin_embedder_policy).toEqual({ value: 'require-corp' });
    expect(manifest.cross_origin_opener_policy).toEqual({ value: 'same-origin' });
  });
});

describe('the Firefox build', () => {
  it('is MV3 with a sidebar and an event-page background that hosts the engine', () => {
    const manifest = JSON.parse(readFileSync(path.resolve('.output/firefox-mv3/manifest.json'), 'utf8'));
    expect(manifest.manifest_version).toBe(3);
    expect(manifest.sidebar_action).toMatchObject({ default_panel: 'sidepanel.html' });
    expect(manifest.background.scripts).toEqual(['background.js']);
    expect(manifest.content_security_policy.extension_pages).toContain("'wasm-unsafe-eval'");
    expect(manifest.permissions).not.toContain('offscreen');
    // Firefox has no such keys (its extension pages cannot be isolated): the CPU engine runs on one thread there.
    expect(manifest.cross_origin_embedder_policy).toBeUndefined();
  });
});
