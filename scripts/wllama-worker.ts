/**
 * llama.cpp's worker as a real extension file (build time, used by wxt.config.ts).
 *
 * wllama 3.8.1 assembles its worker's code at run time and starts it from a `blob:` URL.
 * Firefox refuses `blob:` workers in add-on pages (their CSP allows only 'self'), so the
 * CPU engine could not start there. Instead, the build writes the same code (wllama's own
 * strings, read from the installed package: never a copy kept in this repository) to
 * `wllama/llama-worker.js`, and a transform of wllama's module starts that file, passing
 * what wllama put in front of it at run time (paths, thread count) in the worker's URL.
 * Both steps fail the build if wllama's code no longer has the expected shape (a new
 * version), rather than ship an engine that cannot start.
 */
import { readFileSync } from 'node:fs';
import { runInNewContext } from 'node:vm';

/** Where the worker lives in the built extension (an absolute path from its root). */
export const WLLAMA_WORKER_PATH = '/wllama/llama-worker.js';

/** The line in wllama's esm index.js that starts the worker from a blob: URL. */
const START_WORKER = 'this.worker = createWorker(completeCode);';

/**
 * Starts the extension's worker file instead, unless wllama runs its compatibility build
 * (other code, from setCompat: Gleaner turns it off) or a custom module (jsPath).
 * `runOptions` and `this.resources` are wllama's own, in scope at that line.
 */
const START_WORKER_FILE = `this.worker = this.resources.compat || this.resources.jsPath
        ? createWorker(completeCode)
        : new Worker(absoluteUrl(${JSON.stringify(WLLAMA_WORKER_PATH)}) + "?" + new URLSearchParams({ options: JSON.stringify({ ...runOptions, noWebGPU: !!this.resources.noWebGPU }) }), { type: "module" });`;

/** Reads one top-level string constant (`var NAME = "…";` or a template literal) of wllama's bundle. */
function constant(source: string, name: string): string {
  // A quoted literal holds no raw line break; a template literal may (up to its closing backtick).
  const match = new RegExp(`^var ${name} = ("(?:[^"\\\\\\n]|\\\\.)*"|'(?:[^'\\\\\\n]|\\\\.)*'|\`[^\`]*\`);$`, 'm').exec(source);
  if (!match) throw new Error(`@wllama/wllama changed: no "var ${name}" in its esm bundle (scripts/wllama-worker.ts expects version 3.8.1)`);
  // A string literal of the library's own bundle, evaluated alone in an empty context.
  const value: unknown = runInNewContext(match[1]!, Object.create(null), { timeout: 1000 });
  if (typeof value !== 'string') throw new Error(`@wllama/wllama changed: ${name} is not a string`);
  return value;
}

/** wllama's esm bundle with the worker started from the extension's file. */
export function patchWllamaModule(source: string): string {
  if (source.split(START_WORKER).length !== 2) throw new Error(`@wllama/wllama changed: "${START_WORKER}" not found once in its esm bundle`);
  for (const needed of ['const runOptions = {', 'var absoluteUrl = ', 'const completeCode = [']) {
    if (!source.includes(needed)) throw new Error(`@wllama/wllama changed: "${needed}" not found in its esm bundle`);
  }
  return source.replace(START_WORKER, START_WORKER_FILE);
}

/**
 * The worker file: what wllama's moduleInit() joins into its blob (RUN_OPTIONS, the
 * Emscripten module in wModuleInit, the llama.cpp worker loop), with RUN_OPTIONS read
 * from the worker's URL. The "no WebGPU" prelude wllama adds when n_gpu_layers is 0
 * is applied from the same options.
 */
export function wllamaWorkerSource(source: string): string {
  const noWebGpu = /moduleCode = ('try\{Object\.defineProperty\(WorkerNavigator.*?') \+ moduleCode;/.exec(source);
  if (!noWebGpu) throw new Error('@wllama/wllama changed: its "noWebGPU" prelude was not found');
  const prelude = runInNewContext(noWebGpu[1]!, Object.create(null), { timeout: 1000 }) as string;
  const emscripten = constant(source, 'WLLAMA_EMSCRIPTEN_CODE');
  if (!emscripten.includes('var Module')) throw new Error('@wllama/wllama changed: its Emscripten module has no "var Module"');
  const moduleCode = constant(source, 'JSPI_STUB') + emscripten;
  const header = `// Generated at build time by scripts/wllama-worker.ts from @wllama/wllama's own code (its worker, as a file instead of a blob: URL).\n`;
  return (
    header +
    [
      `const RUN_OPTIONS = JSON.parse(new URLSearchParams(self.location.search).get("options"));`,
      // wllama: `mainModuleCode = moduleCode.replace("var Module", "var ___Module")`, the first occurrence only.
      `function wModuleInit() { if (RUN_OPTIONS.noWebGPU) { ${prelude} } ${moduleCode.replace('var Module', 'var ___Module')}; return Module; }`,
      constant(source, 'LLAMA_CPP_WORKER_CODE'),
    ].join(';\n\n')
  );
}

/** wllama's esm bundle, as installed. */
export function readWllamaModule(path: string): string {
  return readFileSync(path, 'utf8');
}
