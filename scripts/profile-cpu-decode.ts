/**
 * Where the CPU engine's decode time goes, function by function (`npm run bench:engine -- --backend cpu
 * --cpu-seconds --profile`): Linux `perf` samples wllama's worker thread (the threads named DedicatedWorker
 * of the browser profile) while it decodes; Chromium runs with V8's `--perf-basic-prof`, so compiled
 * wasm and JavaScript have names in /tmp/perf-<pid>.map, and wasm functions (V8 names them by index)
 * get wllama's own names from its symbol table. Prints the top functions by share of samples.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { wllamaFunctionNames } from './wllama-kernels';

const require = createRequire(import.meta.url);

/**
 * Chromium's arguments for a profiled run: symbol maps for JIT code, written to `dir` (one per process,
 * which V8 never removes; perf reads them from /tmp, where they are copied only while it reports).
 */
export function profileArgs(dir: string): string[] {
  mkdirSync(dir, { recursive: true });
  return [`--js-flags=--perf-basic-prof --perf-basic-prof-path=${dir}`];
}

/** The processes of a browser profile (by its user data dir on their command lines). */
function profilePids(userDataDir: string): string[] {
  return readdirSync('/proc')
    .filter((p) => /^\d+$/.test(p))
    .filter((pid) => {
      try {
        return readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes(userDataDir);
      } catch {
        return false;
      }
    });
}

/** Starts sampling the profile's processes (maps in `mapsDir`: profileArgs); the returned function stops and reports. */
export function startProfile(userDataDir: string, mapsDir: string): () => Promise<string> {
  const dataFile = path.join(mapsDir, 'perf.data');
  const perf: ChildProcess = spawn('perf', ['record', '-e', 'cpu-clock', '-F', '2000', '-g', '-o', dataFile, '-p', profilePids(userDataDir).join(',')], {
    stdio: 'ignore',
  });
  return async () => {
    perf.kill('SIGINT');
    await new Promise((resolve) => perf.once('exit', resolve));
    const copies: string[] = [];
    for (const name of readdirSync(mapsDir).filter((n) => /^perf-\d+\.map$/.test(n))) {
      const copy = path.join('/tmp', name);
      if (existsSync(copy)) continue;
      copyFileSync(path.join(mapsDir, name), copy);
      copies.push(copy);
    }
    const report = (...args: string[]) => spawnSync('perf', ['report', '-i', dataFile, '--stdio', '-g', 'none', ...args], { encoding: 'utf8', maxBuffer: 64 << 20 }).stdout;
    // Every thread of the browser by name (the engine page's own thread relays each token); the worker's functions by
    // their own time; then with what they call (V8's wasm frames keep frame pointers: attention with its K·q dot products).
    const threads = report('--no-children', '--sort', 'comm', '--percent-limit', '0.5');
    const self = report('--no-children', '--comms', 'DedicatedWorker', '--percentage', 'relative', '--sort', 'sym', '--percent-limit', '0.1');
    const total = report('--children', '--comms', 'DedicatedWorker', '--percentage', 'relative', '--sort', 'sym', '--percent-limit', '1');
    for (const file of copies) rmSync(file, { force: true });
    return nameWasmFunctions(`${threads}\n${self}\n--- with callees\n${total}`);
  };
}

/** V8 names wasm code by function index ("wasm-function[123]") where it has no name; wllama's symbol table has them. */
export function nameWasmFunctions(report: string): string {
  const names = wllamaFunctionNames(readFileSync(require.resolve('@wllama/wllama/src/wasm/source-map.ts'), 'utf8'));
  const byIndex = new Map<number, string>();
  for (const [name, index] of names) if (index >= 0) byIndex.set(index, name);
  return (
    report
      .split('\n')
      .filter((line) => /^\s+\d|^---/.test(line))
      // Frames perf could not name (the browser's own code, without symbols) say nothing.
      .filter((line) => !/\[\.\] (0x)?[0-9a-f]+\s*$/.test(line))
      .map((line) =>
        line
          .replace(/wasm-function\[(\d+)\]/, (all, index: string) => byIndex.get(Number(index)) ?? all)
          .replace(/\s+/g, ' ')
          .trim(),
      )
      .join('\n')
  );
}
