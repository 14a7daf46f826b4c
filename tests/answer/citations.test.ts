import { describe, expect, it } from 'vitest';
import { citedSourceIds, findCitations } from '@/lib/answer/citations';

describe('citation markers in answers', () => {
  it('finds single and grouped markers and keeps only ids of given sources', () => {
    const answer = 'Normandy was named after them [1]. Rollo signed a treaty [2, 3]. Invented [9]. See [link](https://x.test) and [1][3].';
    expect(findCitations(answer, 3).map((marker) => marker.ids)).toEqual([[1], [2, 3], [1], [3]]);
    expect(citedSourceIds(answer, 3)).toEqual([1, 2, 3]);
    expect(citedSourceIds(answer, 1)).toEqual([1]);
  });

  it('ignores link text that looks like a marker', () => {
    expect(citedSourceIds('[2](https://evil.test)', 3)).toEqual([]);
  });
});
