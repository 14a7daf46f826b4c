/**
 * The selection as the chat reads it. A selection travels from the page to the
 * side panel in one message, so it is bounded; when it is longer, the person is
 * told how much was read (nothing is cut silently).
 */

/** Longest selection read for a question, in characters (about 50,000 tokens: far more than any context window holds). */
export const MAX_SELECTION_CHARS = 200_000;

/** The selection as read: at most `max` characters, with the length it had. */
export function boundSelection(text: string, max = MAX_SELECTION_CHARS): { text: string; totalChars: number } {
  return { text: text.length > max ? text.slice(0, max) : text, totalChars: text.length };
}

/** The line shown with the answer when the selection was longer than what was read; null when it was read whole. */
export function selectionCutNote(readChars: number, totalChars: number): string | null {
  if (totalChars <= readChars) return null;
  return `The selection: only the first ${readChars.toLocaleString('en')} of its ${totalChars.toLocaleString('en')} characters were read; select less to ask about the rest.`;
}
