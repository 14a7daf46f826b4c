/**
 * Engine errors in words a person understands, each with the next step.
 * WebLLM's own errors, browser errors (quota, network) and server errors are
 * mapped onto these classes so every view shows the same advice.
 */
import { AbortedError, GleanerError, type ErrorAction, type ErrorOptions } from '@/lib/messaging/errors';

/** The class's own hint and action, unless the thrower gave its own. Hints never name a place ("in Models"): the action is the button that goes there. */
function withDefaults(options: ErrorOptions | undefined, hint: string, action?: ErrorAction): ErrorOptions {
  return { ...options, hint: options?.hint ?? hint, action: options?.action ?? action };
}

/** The browser offers no WebGPU adapter at all. */
export class NoWebGpuError extends GleanerError {
  override name = 'NoWebGpuError';
  constructor(message = 'This browser offers no WebGPU graphics adapter, so a local model cannot run here.', options?: ErrorOptions) {
    super(
      message,
      withDefaults(
        options,
        'Turn on hardware acceleration (chrome://settings/system) or WebGPU (chrome://flags/#enable-unsafe-webgpu) and restart the browser — or use your own server (Ollama, LM Studio) instead.',
        'use-server',
      ),
    );
  }
}

/** Only a software (fallback) adapter exists: far too slow for a language model. */
export class SoftwareGpuError extends GleanerError {
  override name = 'SoftwareGpuError';
  constructor(message = 'Only a software graphics adapter is available; a local model would be far too slow.', options?: ErrorOptions) {
    super(message, withDefaults(options, 'Use your own server (Ollama, LM Studio, llama.cpp) or the CPU engine, or enable GPU acceleration.', 'use-server'));
  }
}

/** The GPU lacks `shader-f16` and an f16 build was asked for. */
export class NoShaderF16Error extends GleanerError {
  override name = 'NoShaderF16Error';
  constructor(message = 'Your GPU cannot run this f16 build of the model (no shader-f16 support).', options?: ErrorOptions) {
    super(message, withDefaults(options, 'Choose the q4f32 build of the same model — Gleaner picks it when you download from the catalog.', 'open-models'));
  }
}

/** The GPU device was lost, usually because it ran out of memory. */
export class GpuDeviceLostError extends GleanerError {
  override name = 'GpuDeviceLostError';
  override retryable = true;
  constructor(message = 'The graphics device stopped, most likely because it ran out of memory.', options?: ErrorOptions) {
    super(message, withDefaults(options, 'Choose a smaller model or a shorter context, close other GPU-heavy tabs, then try again.', 'open-models'));
  }
}

/** The browser refused to store more data. */
export class StorageQuotaError extends GleanerError {
  override name = 'StorageQuotaError';
  constructor(message = 'There is not enough storage space for this model.', options?: ErrorOptions) {
    super(message, withDefaults(options, 'Delete a downloaded model, free disk space, or choose a smaller model.', 'open-models'));
  }
}

/** Model files could not be fetched. */
export class DownloadFailedError extends GleanerError {
  override name = 'DownloadFailedError';
  override retryable = true;
  constructor(message = 'The model could not be downloaded (network error).', options?: ErrorOptions) {
    super(message, withDefaults(options, 'Check your internet connection and press Retry; what was already downloaded is kept.'));
  }
}

/** The prompt does not fit the model's context window. */
export class ContextOverflowError extends GleanerError {
  override name = 'ContextOverflowError';
  constructor(message = 'The text is too long for this model’s context window.', options?: ErrorOptions) {
    super(message, withDefaults(options, 'Shorten the question or selection, or choose a model with a larger context window.', 'open-models'));
  }
}

/** The model id is not known to WebLLM (custom ids must be in its prebuilt list). */
export class UnknownModelError extends GleanerError {
  override name = 'UnknownModelError';
  constructor(message = 'This model id is not known.', options?: ErrorOptions) {
    super(message, withDefaults(options, 'Pick a model from the catalog, or check the spelling of the custom model id.', 'open-models'));
  }
}

/** An OpenAI-compatible server could not be reached or refused the request. */
export class ServerUnreachableError extends GleanerError {
  override name = 'ServerUnreachableError';
  override retryable = true;
  constructor(message = 'The server could not be reached.', options?: ErrorOptions) {
    super(message, withDefaults(options, 'Check that the server is running and that its address is right.', 'server-settings'));
  }
}

/** The server answered with an error or with data that is not the OpenAI format. */
export class ServerResponseError extends GleanerError {
  override name = 'ServerResponseError';
  constructor(message = 'The server sent an answer Gleaner could not read.', options?: ErrorOptions) {
    super(message, withDefaults(options, 'Check that the address points to an OpenAI-compatible API (it usually ends in /v1).', 'server-settings'));
  }
}

/** No model is loaded and none is configured. */
export class NoModelError extends GleanerError {
  override name = 'NoModelError';
  constructor(message = 'No model is chosen yet.', options?: ErrorOptions) {
    super(message, withDefaults(options, 'Download a model that fits this computer, or connect a server you run (Ollama, LM Studio).', 'open-models'));
  }
}

/**
 * The CPU engine's worker (llama.cpp, wllama) could not start or died: the browser
 * refused its script, or the wasm crashed (lib/engine/cpu-adapter.ts).
 */
export class CpuEngineUnavailableError extends GleanerError {
  override name = 'CpuEngineUnavailableError';
  constructor(message = 'The CPU engine could not start: the worker that llama.cpp runs in did not start.', options?: ErrorOptions) {
    super(message, withDefaults(options, 'Reload the extension and try again; if it keeps failing, use your own server (Ollama, LM Studio, llama.cpp).', 'use-server'));
  }
}

/**
 * llama.cpp crashed inside its WebAssembly instance (out of memory, an abort, a trap), while
 * loading a model or in the middle of a reply. The CPU engine throws that instance away, so
 * the next request loads the model again: Retry works, and a smaller model or a shorter
 * context keeps it from happening again (lib/engine/cpu-adapter.ts).
 */
export class CpuEngineCrashedError extends GleanerError {
  override name = 'CpuEngineCrashedError';
  override retryable = true;
  constructor(message = 'The CPU engine crashed (llama.cpp stopped with an internal error).', options?: ErrorOptions) {
    super(message, withDefaults(options, 'Press Retry: the model is loaded again. If it happens again, choose a smaller model or a shorter context.', 'open-models'));
  }
}

/** What wllama 3.8.1 reports when llama.cpp's wasm dies: its RuntimeError ("(ABORT) Aborted(…)", a trap's message), or its answer once the instance is dead. */
const WASM_CRASH =
  /^\(ABORT\)|Aborted\(|wllama has crashed|GGML_ASSERT|GGML_ABORT|unreachable|memory access out of bounds|table index is out of bounds|call stack size exceeded|divide by zero|integer overflow/i;
/** Words of a failed allocation: emscripten's "Aborted(OOM)", ggml's and llama.cpp's own lines. */
const OUT_OF_MEMORY = /\bOOM\b|out of memory|insufficient memory|failed to allocate|Cannot enlarge memory|could not allocate|bad_alloc|Array buffer allocation failed/i;

/**
 * The CPU engine's crash in words, or null when `error` is not a crash of llama.cpp's wasm.
 * `nativeErrors` are llama.cpp's own last error lines (they name a failed allocation that the
 * crash itself does not); `during` is what it was doing. A load that llama.cpp refused for
 * lack of memory (no crash, but the same cause and the same next step) is told the same way.
 */
export function cpuEngineCrash(error: unknown, nativeErrors: readonly string[], during: 'load' | 'reply' | 'embed'): CpuEngineCrashedError | null {
  if (error instanceof GleanerError) return null;
  const name = error instanceof Error ? error.name : '';
  const message = error instanceof Error ? error.message : String(error ?? '');
  const native = nativeErrors.join('\n');
  const memory = OUT_OF_MEMORY.test(message) || OUT_OF_MEMORY.test(native);
  const crashed = name === 'RuntimeError' || WASM_CRASH.test(message);
  if (!crashed && !(during === 'load' && memory)) return null;
  const what = { load: 'while loading the model', reply: 'in the middle of the reply', embed: 'while embedding passages for semantic search' }[during];
  // The failed assertion or abort as llama.cpp printed it says more than wllama's error (after the
  // first crash its dead instance answers only "wllama has crashed").
  const printed = [...nativeErrors].reverse().find((line) => /GGML_ASSERT|GGML_ABORT|Aborted\(/.test(line));
  const detail = firstLine(printed ?? (/wllama has crashed/i.test(message) ? '' : message.replace(/^\(ABORT\)\s*/, ''))).trim();
  const cause = memory
    ? 'llama.cpp ran out of memory (the model and its context need more than the CPU engine can use in this browser)'
    : `llama.cpp stopped with an internal error${detail ? ` (${detail})` : ''}`;
  // A load llama.cpp refused for lack of memory did not crash anything: it is said as it happened.
  return new CpuEngineCrashedError(crashed ? `The CPU engine crashed ${what}: ${cause}.` : `The model could not be loaded: ${cause}.`, {
    hint: memory
      ? 'Choose a smaller model or a shorter context, or close other tabs, then press Retry.'
      : 'Press Retry: the model is loaded again. If it happens again, choose a smaller model or a shorter context.',
  });
}

/** Chrome's built-in model is not available in this browser (lib/engine/builtin-adapter.ts). */
export class BuiltinModelUnavailableError extends GleanerError {
  override name = 'BuiltinModelUnavailableError';
  constructor(message = 'This browser’s built-in model is not available.', options?: ErrorOptions) {
    super(message, withDefaults(options, 'Choose the CPU engine or a downloaded model instead; they work in every browser.', 'open-models'));
  }
}

/** Maps anything WebLLM or the browser throws while loading or running a model onto an engine error. */
export function toEngineError(error: unknown): Error {
  if (error instanceof GleanerError) return error;
  const name = error instanceof Error ? error.name : '';
  const message = error instanceof Error ? error.message : String(error);
  switch (name) {
    case 'WebGPUNotAvailableError':
    case 'WebGPUNotFoundError':
      return new NoWebGpuError();
    case 'ShaderF16SupportError':
      return new NoShaderF16Error();
    case 'DeviceLostError':
      return new GpuDeviceLostError();
    case 'ContextWindowSizeExceededError':
    case 'EmbeddingExceedContextWindowSizeError':
      return new ContextOverflowError(`The text is too long for this model’s context window. (${firstLine(message)})`);
    case 'ModelNotFoundError':
    case 'SpecifiedModelNotFoundError':
    case 'UnsupportedModelIdError':
      return new UnknownModelError(`WebLLM does not know this model. (${firstLine(message)})`);
    case 'QuotaExceededError':
      return new StorageQuotaError();
    case 'AbortError':
      return new AbortedError('Stopped.');
  }
  if (/quota/i.test(message)) return new StorageQuotaError();
  if (/device (was )?lost|out of memory|OOM\b/i.test(message)) return new GpuDeviceLostError();
  if (/shader-f16/i.test(message)) return new NoShaderF16Error();
  if (/failed to fetch|networkerror|network error|load failed|ERR_INTERNET|ERR_NAME_NOT_RESOLVED|ERR_CONNECTION|fetch/i.test(message)) {
    return new DownloadFailedError(`The model could not be downloaded (network error: ${firstLine(message)}).`);
  }
  if (/webgpu|requestAdapter|adapter/i.test(message) && /not|no |unavailable|null/i.test(message)) return new NoWebGpuError();
  return error instanceof Error ? error : new Error(message);
}

function firstLine(text: string): string {
  return text.split('\n')[0]!.slice(0, 300);
}
