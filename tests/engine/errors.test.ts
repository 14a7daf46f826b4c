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
