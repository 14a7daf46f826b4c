import { describe, expect, it } from 'vitest';
import { encodeFragmentTerm, textDirective, textFragmentUrl } from '@/lib/library/text-fragment';

describe('text fragment links to a cited passage', () => {
  it('encodes the characters that are syntax in a text directive', () => {
    expect(encodeFragmentTerm('a-b, c&d é')).toBe('a%2Db%2C%20c%26d%20%C3%A9');
  });

  it('quotes a short passage whole', () => {
    expect(textFragmentUrl('https://e.test/page', 'The Normans were in France.')).toBe('https://e.test/page#:~:text=The%20Normans%20were%20in%20France.');
  });

  it('uses start,end for a long passage, from its first and last lines', () => {
    const passage =
      'The Normans (Norman: Nourmands; French: Normands) were the people who in the 10th and 11th centuries gave their name to Normandy.\n\n' +
      'They were descended from Norse raiders and pirates from Denmark, Iceland and Norway.';
    expect(textDirective(passage)).toBe('text=The%20Normans%20(Norman%3A%20Nourmands%3B%20French%3A,from%20Denmark%2C%20Iceland%20and%20Norway.');
  });

  it('replaces an existing text directive but keeps an ordinary anchor and the query', () => {
    expect(textFragmentUrl('https://e.test/a?q=1#:~:text=old', 'new words')).toBe('https://e.test/a?q=1#:~:text=new%20words');
    expect(textFragmentUrl('https://e.test/a#History', 'new words')).toBe('https://e.test/a#History:~:text=new%20words');
  });

  it('gives the plain URL when the passage has no words', () => {
    expect(textFragmentUrl('https://e.test/a', ' \n — ')).toBe('https://e.test/a');
  });
});
