/**
 * Errors that cross a context boundary travel as `{ name, message }` (plus a
 * few optional fields: hint, retryable, action) and are rebuilt as real classes
 * by ./rebuild-error.ts, so `instanceof`, `retryable` and the hint work the same
 * on both sides.
 */

/**
 * The next step an error offers as a button. Views turn it into navigation
 * (components/ErrorNotice.tsx): inside the side panel it switches the view, in
 * the popup it opens the side panel there — so no hint has to say "open X in Y".
 */
export type ErrorAction = 'open-models' | 'use-server' | 'server-settings' | 'open-library';

/** Each action's button label and the side panel view (its hash) where the step is taken. */
export const ERROR_ACTIONS: Record<ErrorAction, { label: string; view: string }> = {
  'open-models': { label: 'Open Models', view: 'models' },
  'use-server': { label: 'Use a server', view: 'models?server' },
  'server-settings': { label: 'Server settings', view: 'models?server' },
  'open-library': { label: 'Open Library', view: 'library' },
};

/** What an error looks like on the wire. */
export interface WireError {
  name: string;
  message: string;
  /** True when simply asking again is expected to work (e.g. the engine host was restarted). */
  retryable?: boolean;
  /** The next step a person can take, in plain words. */
  hint?: string;
  /** The place where that next step is taken, shown as a button. */
  action?: ErrorAction;
}

/** What every error class's constructor accepts beside the message. */
export interface ErrorOptions {
  hint?: string;
  action?: ErrorAction;
  cause?: unknown;
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
  action?: ErrorAction;
  constructor(message: string, options?: ErrorOptions) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.hint = options?.hint;
    this.action = options?.action;
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
  constructor(message: string, options?: ErrorOptions) {
    super(message, { action: 'open-library', ...options });
  }
}

/** Turns anything thrown into its wire form. */
export function serializeError(error: unknown): WireError {
  if (error instanceof Error) {
    const wire: WireError = { name: error.name || 'Error', message: error.message };
    if (error instanceof GleanerError) {
      wire.retryable = error.retryable;
      if (error.hint) wire.hint = error.hint;
      if (error.action) wire.action = error.action;
    }
    return wire;
  }
  return { name: 'Error', message: typeof error === 'string' ? error : (JSON.stringify(error) ?? String(error)) };
}

/** Type guard for a wire error. */
export function isWireError(value: unknown): value is WireError {
  return typeof value === 'object' && value !== null && typeof (value as WireError).name === 'string' && typeof (value as WireError).message === 'string';
}

/** An error as a view shows it: plain data, whatever was thrown and wherever it was rebuilt. */
export type ShownError = WireError;

/** The error in the form every view shows (components/ErrorNotice.tsx): message, hint, action, retryable; `doing` says what failed ("Search failed"). */
export function describeError(error: unknown, doing?: string): ShownError {
  // Already in this form (view state, a saved turn): kept as it is.
  const shown = isWireError(error) && !(error instanceof Error) ? error : serializeError(error);
  return doing ? { ...shown, message: `${doing}: ${shown.message}` } : shown;
}

/** The error as one sentence with its next step, where only text fits (a tab left out of an answer says why). */
export function errorSentence(error: unknown): string {
  const { message, hint } = describeError(error);
  return hint ? `${message} ${hint}` : message;
}

/** True when the person stopped the work (not a failure). */
export function isStopped(error: unknown): boolean {
  return error instanceof AbortedError || (error instanceof Error && error.name === 'AbortedError');
}
