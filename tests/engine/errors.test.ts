import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  ContextOverflowError,
  DownloadFailedError,
  GpuDeviceLostError,
  NoShaderF16Error,
  NoWebGpuError,
  StorageQuotaError,
  UnknownModelError,
  toEngineError,
} from '@/lib/engine/errors';
import { AbortedError, rebuildError, serializeError } from '@/lib/messaging/errors';

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
});
