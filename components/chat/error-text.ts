import { AbortedError, GleanerError } from '@/lib/messaging/errors';

/** An error in words a person understands, with the next step when one is known. */
export function errorText(error: unknown): string {
  if (error instanceof GleanerError && error.hint) return `${error.message} ${error.hint}`;
  if (error instanceof Error) return error.message;
  return String(error);
}

/** True when the person stopped the work (not a failure). */
export function isStopped(error: unknown): boolean {
  return error instanceof AbortedError || (error instanceof Error && error.name === 'AbortedError');
}
