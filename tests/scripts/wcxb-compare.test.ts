import { describe, expect, it } from 'vitest';
import { compareRuns, type SavedPage } from '../../scripts/wcxb-compare';

// `eval:extract --wcxb … --baseline run.json`: a rule's before / after on the same pages.

const page = (id: string, type: string, f1: number | null, withFound = 1, withoutKept = 0): SavedPage => ({ id, type, f1, withFound, withTotal: 2, withoutKept, withoutTotal: 2 });

describe('compareRuns', () => {
  it('compares per type and overall on the pages both runs scored, and lists the pages that moved, largest loss first', () => {
    const before = [page('0001', 'article', 0.9), page('0002', 'article', 0.8), page('0003', 'forum', 0.5, 0, 1), page('0004', 'forum', null), page('0005', 'listing', 0.4)];
    const after = [page('0001', 'article', 0.9004), page('0002', 'article', 0.6), page('0003', 'forum', 0.9, 2, 0), page('0004', 'forum', 0.7), page('0006', 'listing', 0.1)];
    const { types, changed } = compareRuns(before, after);
    // 0004 has no gold text before, 0005 and 0006 ran once each: none of them is compared.
    expect(types.map((t) => [t.type, t.pages])).toEqual([
      ['article', 2],
      ['forum', 1],
      ['all', 3],
    ]);
    const article = types[0]!;
    expect(article.f1.before).toBeCloseTo(0.85, 6);
    expect(article.f1.after).toBeCloseTo(0.7502, 6);
    const forum = types[1]!;
    expect(forum.withFound).toEqual({ before: 0, after: 1 });
    expect(forum.withoutKept).toEqual({ before: 0.5, after: 0 });
    expect(types[2]!.f1.after).toBeCloseTo((0.9004 + 0.6 + 0.9) / 3, 6);
    // 0001 moved by 0.0004, under the threshold.
    expect(changed).toEqual([
      { id: '0002', type: 'article', before: 0.8, after: 0.6 },
      { id: '0003', type: 'forum', before: 0.5, after: 0.9 },
    ]);
  });

  it('says nothing when no page is in both runs', () => {
    expect(compareRuns([page('0001', 'article', 0.9)], [page('0002', 'article', 0.9)])).toEqual({ types: [], changed: [] });
  });
});
