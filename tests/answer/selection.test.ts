import { describe, expect, it } from 'vitest';
import { boundSelection, MAX_SELECTION_CHARS, selectionCutNote } from '@/lib/answer/selection';

describe('a long selection is bounded and the person is told', () => {
  it('reads at most MAX_SELECTION_CHARS and keeps the real length', () => {
    const long = 'word '.repeat(60_000);
    const read = boundSelection(long);
    expect(read.text).toHaveLength(MAX_SELECTION_CHARS);
    expect(read.totalChars).toBe(300_000);
    expect(selectionCutNote(read.text.length, read.totalChars)).toBe(
      'The selection: only the first 200,000 of its 300,000 characters were read; select less to ask about the rest.',
    );
  });

  it('says nothing when the selection was read whole', () => {
    const read = boundSelection('A short selection.');
    expect(read).toEqual({ text: 'A short selection.', totalChars: 18 });
    expect(selectionCutNote(read.text.length, read.totalChars)).toBeNull();
  });
});
