import { execSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { launchExtension } from '../tests/e2e/harness';
import { entrySize } from './bundle-graph';
import { NO_BUILD, scriptArgs } from './args';

/**
 * What our engine protocol costs, measured in the built extension in
 * Chromium with the Gleaner test engine (not a model): a view opens the real
 * `engine` Port to the offscreen host and streams replies. The host measures
 * its own time to first token and decode span (ChatStats); the view measures
 * the same from its side; the difference is what the protocol adds
 * (background wake-up, settings lookup, Port hops, StreamServer, service).
 * Prints JSON. Usage: npm run bench:engine [-- --no-build] [-- --runs 7]
 * With `-- --backend cpu`: the CPU engine's speed instead (scripts/bench-cpu.ts); with
 * `-- --backend cpu --cpu-seconds`: the same per CPU-second of llama.cpp's thread (scripts/bench-cpu-seconds.ts).
 */
const backendArg = process.argv.indexOf('--backend');
if (backendArg > 0 && process.argv[backendArg + 1] === 'cpu') {
  // Per CPU-second of llama.cpp's own thread (scripts/bench-cpu-seconds.ts), or the full wall-clock run.
  if (process.argv.includes('--cpu-seconds')) await (await import('./bench-cpu-seconds')).benchCpuSeconds(process.argv.slice(2));
  else await (await import('./bench-cpu')).benchCpu();
  process.exit(0);
}
const outDir = path.resolve('.output/chrome-mv3');
const { values: args } = scriptArgs({ ...NO_BUILD, runs: { type: 'string', default: '7' } }, 'npm run bench:engine -- [--runs N] [--no-build]');
if (!args['no-build'] || !existsSync(outDir)) execSync('npx wxt build', { stdio: 'ignore' });
const RUNS = Number(args.runs);
const TOKENS = 200;

interface Run {
  clientFirstMs: number;
  hostFirstMs: number;
  clientSpanMs: number;
  hostSpanMs: number;
  tokens: number;
}

// Runs in the side panel page. A string, so that tsx's helpers (e.g. __name) are not referenced.
// It wakes the host and speaks the same wire frames as lib/engine/client.ts (StreamClient).
const IN_PAGE_RUN = `async (content) => {
  await chrome.runtime.sendMessage({ gleaner: 1, target: 'background', type: 'engine.wake', data: {} });
  const port = chrome.runtime.connect({ name: 'engine' });
  function call(method, params, onChunk) {
    return new Promise((resolve, reject) => {
      const id = method + '-' + Math.random();
      port.onMessage.addListener((frame) => {
        if (frame.id !== id) return;
        if (frame.kind === 'chunk') onChunk && onChunk();
        else if (frame.kind === 'done') resolve(frame.data);
        else if (frame.kind === 'error') reject(new Error(JSON.stringify(frame.error)));
      });
      port.postMessage({ id, kind: 'request', method, params });
    });
  }
  const statusStart = performance.now();
  await call('status', {});
  const statusMs = performance.now() - statusStart;
  const stamps = [];
  const start = performance.now();
  const done = await call('chat', { messages: [{ role: 'user', content: '<<echo>>' + content + '<</echo>>' }] }, () => stamps.push(performance.now()));
  port.disconnect();
  const stats = done.stats;
  return {
    statusMs,
    clientFirstMs: stamps[0] - start,
    hostFirstMs: stats.timeToFirstTokenMs,
    clientSpanMs: stamps[stamps.length - 1] - stamps[0],
    hostSpanMs: ((stats.completionTokens - 1) / stats.decodeTokensPerSecond) * 1000,
    tokens: stamps.length,
  };
}`;

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
};
const round = (value: number) => Math.round(value * 1000) / 1000;

const ext = await launchExtension();
try {
  await ext.worker.evaluate(() => chrome.storage.local.set({ settings: { version: 1, engine: { backend: 'test' } } }));
  // The Chat view (default) stays still, so no view work is measured.
  const page = await ext.openPage('sidepanel.html');
  const words = Array.from({ length: TOKENS }, (_, i) => `w${i}`).join(' ');
  const runs: Run[] = [];
  const statusRoundTrips: number[] = [];
  for (let i = 0; i < RUNS + 1; i++) {
    const run = (await page.evaluate(`(${IN_PAGE_RUN})(${JSON.stringify(words)})`)) as Run & { statusMs: number };
    if (i === 0) continue; // warm-up: creates the offscreen document and loads the test engine
    runs.push(run);
    statusRoundTrips.push(run.statusMs);
  }
  const firstTokenOverhead = runs.map((r) => r.clientFirstMs - r.hostFirstMs);
  const perTokenOverhead = runs.map((r) => (r.clientSpanMs - r.hostSpanMs) / (r.tokens - 1));
  const sizes: Record<string, number> = {};
  for (const entry of ['background.js', 'popup.html', 'sidepanel.html', 'offscreen.html']) {
    if (existsSync(path.join(outDir, entry))) sizes[entry] = Math.round(entrySize(outDir, entry).bytes / 102.4) / 10;
  }
  console.log(
    JSON.stringify(
      {
        engine: 'Gleaner test engine (not a model), 15 ms per token',
        runs: RUNS,
        tokensPerRun: runs[0]!.tokens,
        firstTokenOverheadMs: { median: round(median(firstTokenOverhead)), max: round(Math.max(...firstTokenOverhead)), goal: 30 },
        perTokenOverheadMs: { median: round(median(perTokenOverhead)), max: round(Math.max(...perTokenOverhead)), goal: 1 },
        portRoundTripMs: { median: round(median(statusRoundTrips)) },
        startupKB: sizes,
      },
      null,
      2,
    ),
  );
} finally {
  await ext.close();
}
