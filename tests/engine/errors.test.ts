import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  ContextOverflowError,
  CpuEngineCrashedError,
  cpuEngineCrash,
  DownloadFailedError,
  GpuDeviceLostError,
  NoShaderF16Error,
  NoWebGpuError,
  StorageQuotaError,
  UnknownModelError,
  toEngineError,
} from '@/lib/engine/errors';
import { AbortedError, serializeError } from '@/lib/messaging/errors';
import { rebuildError } from '@/lib/messaging/rebuild-error';
import * as engineErrors from '@/lib/engine/errors';

// WebLLM does not export its error classes; their names are the contract. Read them from the installed package.
const webllmSource = readFileSync('node_modules/@mlc-ai/web-llm/lib/index.js', 'utf8');
function webllmError(name: string): Error {
  expect(webllmSource, `WebLLM 0.2.86 still names an error ${name}`).toContain(`this.name = "${name}"`);
  const error = new Error(`(message of WebLLM's ${name})`);
  error.name = name;
  return error;
}

describe('engine errors', () => {
  it('map WebLLM errors onto errors with a next step', () => {
    const cases: [string, new (...args: never[]) => Error][] = [
      ['WebGPUNotAvailableError', NoWebGpuError],
      ['WebGPUNotFoundError', NoWebGpuError],
      ['ShaderF16SupportError', NoShaderF16Error],
      ['DeviceLostError', GpuDeviceLostError],
      ['ContextWindowSizeExceededError', ContextOverflowError],
      ['ModelNotFoundError', UnknownModelError],
    ];
    for (const [name, cls] of cases) {
      const mapped = toEngineError(webllmError(name)) as Error & { hint?: string };
      expect(mapped, name).toBeInstanceOf(cls);
      expect(mapped.hint, name).toBeTruthy();
    }
  });

  it('map browser failures: fetch errors, quota, abort', () => {
    expect(toEngineError(new TypeError('Failed to fetch'))).toBeInstanceOf(DownloadFailedError);
    expect(toEngineError(new TypeError('NetworkError when attempting to fetch resource.'))).toBeInstanceOf(DownloadFailedError);
    expect(toEngineError(new DOMException('The quota has been exceeded.', 'QuotaExceededError'))).toBeInstanceOf(StorageQuotaError);
    expect(toEngineError(new DOMException('The operation was aborted.', 'AbortError'))).toBeInstanceOf(AbortedError);
  });

  it('keep their class, hint and retryability across a context boundary', () => {
    const rebuilt = rebuildError(serializeError(new DownloadFailedError())) as DownloadFailedError;
    expect(rebuilt).toBeInstanceOf(DownloadFailedError);
    expect(rebuilt.retryable).toBe(true);
    expect(rebuilt.hint).toMatch(/Retry/);
    expect(rebuildError(serializeError(new NoWebGpuError()))).toBeInstanceOf(NoWebGpuError);
  });

  it('give a hint that names no place: the next step is an action button, wherever the error is shown', () => {
    const classes = Object.values(engineErrors as Record<string, unknown>).filter(
      (value): value is new () => Error => typeof value === 'function' && (value as { prototype: unknown }).prototype instanceof Error,
    );
    expect(classes.length).toBeGreaterThan(10);
    for (const cls of classes) {
      const wire = serializeError(new cls());
      expect(wire.hint, wire.name).toBeTruthy();
      expect(wire.hint, wire.name).not.toMatch(/side panel|Models →|in Models/);
      // Each rebuilt error is its own class again, with the same next step.
      expect(serializeError(rebuildError(JSON.parse(JSON.stringify(wire)))), wire.name).toEqual(wire);
    }
    expect(serializeError(new engineErrors.NoModelError()).action).toBe('open-models');
    expect(serializeError(new engineErrors.CpuEngineUnavailableError()).action).toBe('use-server');
  });
});

// wllama 3.8.1's own error classes: what the CPU engine sees when llama.cpp's wasm dies.
const { WllamaError, WllamaRuntimeError } = await import('@wllama/wllama/esm/index.js');

describe('a crash of the CPU engine (llama.cpp in WebAssembly) in words', () => {
  it('says a crash in the middle of a reply is one, with its cause, Retry and a smaller model as the next steps', () => {
    // An abort inside llama.cpp (wllama prefixes "(ABORT)"), llama.cpp's last lines naming the failed assertion.
    const abort = cpuEngineCrash(new WllamaRuntimeError('(ABORT) Aborted(native code called abort())', ''), ['GGML_ASSERT(i01 >= 0 && i01 < ne01) failed'], 'reply');
    expect(abort).toBeInstanceOf(CpuEngineCrashedError);
    expect(abort!.message).toBe('The CPU engine crashed in the middle of the reply: llama.cpp stopped with an internal error (GGML_ASSERT(i01 >= 0 && i01 < ne01) failed).');
    expect(abort!.retryable).toBe(true);
    expect(abort!.action).toBe('open-models');
    expect(abort!.hint).toBe('Press Retry: the model is loaded again. If it happens again, choose a smaller model or a shorter context.');
    // A trap (wllama reports it through the same signal, without the prefix).
    expect(cpuEngineCrash(new WllamaRuntimeError('memory access out of bounds', ''), [], 'reply')?.message).toBe(
      'The CPU engine crashed in the middle of the reply: llama.cpp stopped with an internal error (memory access out of bounds).',
    );
    // The dead instance's answer to any later call (a plain string from its worker): the cause is what llama.cpp printed.
    expect(cpuEngineCrash('wllama has crashed, please reload the module', ['Aborted(native code called abort())'], 'reply')?.message).toBe(
      'The CPU engine crashed in the middle of the reply: llama.cpp stopped with an internal error (Aborted(native code called abort())).',
    );
    expect(cpuEngineCrash('wllama has crashed, please reload the module', [], 'reply')?.message).toBe(
      'The CPU engine crashed in the middle of the reply: llama.cpp stopped with an internal error.',
    );
  });

  it('says out of memory in words, from the abort or from llama.cpp’s own lines, and points to a smaller model', () => {
    const oom = cpuEngineCrash(new WllamaRuntimeError('(ABORT) Aborted(OOM)', ''), [], 'reply');
    expect(oom!.message).toBe(
      'The CPU engine crashed in the middle of the reply: llama.cpp ran out of memory (the model and its context need more than the CPU engine can use in this browser).',
    );
    expect(oom!.hint).toBe('Choose a smaller model or a shorter context, or close other tabs, then press Retry.');
    const viaLog = cpuEngineCrash(
      new WllamaRuntimeError('(ABORT) Aborted(native code called abort())', ''),
      ['ggml_aligned_malloc: insufficient memory (attempted to allocate 4096.00 MB)'],
      'embed',
    );
    expect(viaLog!.message).toMatch(/^The CPU engine crashed while embedding passages for semantic search: llama.cpp ran out of memory/);
  });

  it('tells a load llama.cpp refused for lack of memory as that, not as a damaged file', () => {
    // wllama reports success: false, and only llama.cpp's log says why.
    const refused = new Error('llama.cpp cannot read it (a damaged file, or not a model llama.cpp knows)');
    const lines = ['llama_kv_cache: failed to allocate buffer for kv cache', 'llama_init_from_model: failed to initialize the context: failed to allocate buffer for kv cache'];
    const mapped = cpuEngineCrash(refused, lines, 'load');
    expect(mapped).toBeInstanceOf(CpuEngineCrashedError);
    expect(mapped!.message).toBe('The model could not be loaded: llama.cpp ran out of memory (the model and its context need more than the CPU engine can use in this browser).');
    // Without such a line it stays the damaged-file case (lib/engine/cpu-adapter.ts words it).
    expect(cpuEngineCrash(refused, ['llama_model_load: error loading model: tensor data is not within the file bounds'], 'load')).toBeNull();
  });

  it('leaves other failures to their own errors', () => {
    expect(cpuEngineCrash(new WllamaError('the request exceeds the available context size', 'inference_error'), [], 'reply')).toBeNull();
    expect(cpuEngineCrash(new ContextOverflowError(), ['failed to allocate'], 'load')).toBeNull();
    expect(cpuEngineCrash(new TypeError('Failed to fetch'), [], 'load')).toBeNull();
  });

  it('crosses to the views as its own class with Retry', () => {
    const rebuilt = rebuildError(serializeError(cpuEngineCrash(new WllamaRuntimeError('(ABORT) Aborted(OOM)', ''), [], 'reply')));
    expect(rebuilt).toBeInstanceOf(CpuEngineCrashedError);
    expect((rebuilt as CpuEngineCrashedError).retryable).toBe(true);
  });
});
