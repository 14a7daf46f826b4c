import { describe, expect, it } from 'vitest';
import { createRequire } from 'node:module';
import { patchWllamaModule, readWllamaModule, wllamaWorkerSource, WLLAMA_WORKER_PATH } from '../../scripts/wllama-worker';

// The build step that ships llama.cpp's worker as an extension file (Firefox refuses wllama's
// blob: worker), run on the INSTALLED wllama bundle. That the file works is proven in the
// browsers: tests/e2e/firefox/cpu-engine.firefox.ts and tests/e2e/cpu-engine.e2e.ts.
const bundle = readWllamaModule(createRequire(import.meta.url).resolve('@wllama/wllama/esm/index.js'));

describe('llama.cpp’s worker as an extension file', () => {
  it('starts the extension file instead of a blob: URL, passing wllama’s run options in its URL', () => {
    const patched = patchWllamaModule(bundle);
    expect(patched).not.toContain('this.worker = createWorker(completeCode);');
    expect(patched).toContain(
      `new Worker(absoluteUrl("${WLLAMA_WORKER_PATH}") + "?" + new URLSearchParams({ options: JSON.stringify({ ...runOptions, noWebGPU: !!this.resources.noWebGPU }) }), { type: "module" })`,
    );
    // The compatibility build (off in Gleaner) keeps wllama's own way.
    expect(patched).toContain('this.resources.compat || this.resources.jsPath\n        ? createWorker(completeCode)');
  });

  it('writes the code wllama would have put in the blob, reading RUN_OPTIONS from the URL', () => {
    const source = wllamaWorkerSource(bundle);
    expect(source).toContain('const RUN_OPTIONS = JSON.parse(new URLSearchParams(self.location.search).get("options"));');
    expect(source).toContain('function wModuleInit() { if (RUN_OPTIONS.noWebGPU) { try{Object.defineProperty(WorkerNavigator.prototype,"gpu"');
    // Emscripten's module renamed as wllama does (first occurrence only), then its worker loop.
    expect(source).toContain('var ___Module=typeof Module!="undefined"?Module:{};');
    expect(source).toContain('// Start the main llama.cpp\nlet wllamaMalloc;');
    expect(source).toContain('const getWModuleConfig = (_argMainScriptBlob) => {');
    expect(source.length).toBeGreaterThan(100_000);
  });

  it('fails the build, naming what changed, when wllama’s bundle has another shape', () => {
    expect(() => patchWllamaModule(bundle.replace('this.worker = createWorker(completeCode);', 'this.worker = makeWorker(completeCode);'))).toThrow(
      '@wllama/wllama changed: "this.worker = createWorker(completeCode);" not found once in its esm bundle',
    );
    expect(() => wllamaWorkerSource(bundle.replace('var LLAMA_CPP_WORKER_CODE = ', 'var LLAMA_WORKER = '))).toThrow('@wllama/wllama changed: no "var LLAMA_CPP_WORKER_CODE"');
  });
});
