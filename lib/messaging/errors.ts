/**
 * Errors that cross a context boundary travel as `{ name, message }` (plus a
 * few optional fields) and are rebuilt here as real classes, so `instanceof`
 * and `retryable` work the same on both sides.
 */

/** What an error looks like on the wire. */
export interface WireError {
  name: string;
  message: string;
  /** True when simply asking again is expected to work (e.g. the engine host was restarted). */
  retryable?: boolean;
  /** The next step a person can take, in plain words. */
  hint?: string;
}

/**
 * Base class of every error Gleaner raises on purpose. Each subclass spells
 * its `name` out (minified builds rename classes, and the name is what crosses
 * the wire).
 */
export class GleanerError extends Error {
  override name = 'GleanerError';
  retryable = false;
  hint?: string;
  constructor(message: string, options?: { hint?: string; cause?: unknown }) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.hint = options?.hint;
  }
}

/** A request failed validation (wrong shape, too large, not allowed from this sender). */
export class ValidationError extends GleanerError {
  override name = 'ValidationError';
}

/** No handler answered, or the receiving context went away before answering. */
export class ConnectionError extends GleanerError {
  override name = 'ConnectionError';
  override retryable = true;
}

/** The request was cancelled by the person (stop button) or by a newer request. */
export class AbortedError extends GleanerError {
  override name = 'AbortedError';
}

/** A write was not started because the disk is almost full (see lib/library/storage-guard.ts). */
export class StorageFullError extends GleanerError {
  override name = 'StorageFullError';
  override retryable = true;
}

const KNOWN = new Map<string, new (message: string, options?: { hint?: string }) => GleanerError>();

/** Registers an error class so that it is rebuilt by name on the receiving side. */
export function registerErrorClass(cls: new (message: string, options?: { hint?: string }) => GleanerError): void {
  KNOWN.set(new cls('').name, cls);
}

for (const cls of [GleanerError, ValidationError, ConnectionError, AbortedError, StorageFullError]) registerErrorClass(cls);

/** Turns anything thrown into its wire form. */
export function serializeError(error: unknown): WireError {
  if (error instanceof Error) {
    const wire: WireError = { name: error.name || 'Error', message: error.message };
    if (error instanceof GleanerError) {
      wire.retryable = error.retryable;
      if (error.hint) wire.hint = error.hint;
    }
    return wire;
  }
  return { name: 'Error', message: typeof error === 'string' ? error : (JSON.stringify(error) ?? String(error)) };
}

/** Rebuilds a wire error as the registered class of the same name, or a plain named Error. */
export function rebuildError(wire: WireError): Error {
  const cls = KNOWN.get(wire.name);
  if (cls) {
    const error = new cls(wire.message, { hint: wire.hint });
    if (wire.retryable !== undefined) error.retryable = wire.retryable;
    return error;
  }
  const error = new Error(wire.message);
  error.name = wire.name;
  return error;
}

/** Type guard for a wire error. */
export function isWireError(value: unknown): value is WireError {
  return typeof value === 'object' && value !== null && typeof (value as WireError).name === 'string' && typeof (value as WireError).message === 'string';
}
