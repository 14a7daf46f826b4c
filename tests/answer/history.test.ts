import { describe, expect, it } from 'vitest';
import { countMessageTokens } from '@/lib/answer/budget';
import { fitHistory, type PastTurn } from '@/lib/answer/history';
import { gpt4o } from '@/lib/tokens/reference';

const turns: PastTurn[] = Array.from({ length: 40 }, (_, i) => ({
  question: `Question number ${i + 1}: what happened in year ${1000 + i}?`,
  answer: `In ${1000 + i} several things happened [1]. `.repeat(8 + (i % 5)),
}));

describe('follow-up questions within the context budget', () => {
  it('keeps the latest turns verbatim and never exceeds the budget', () => {
    for (const budget of [50, 200, 600, 1500]) {
      const messages = fitHistory(turns, gpt4o, budget);
      expect(countMessageTokens(gpt4o, messages) - countMessageTokens(gpt4o, [])).toBeLessThanOrEqual(budget);
      const verbatim = messages.filter((message) => message.role === 'user' && message.content.startsWith('Question number'));
      if (verbatim.length > 0) expect(verbatim.at(-1)!.content).toBe(turns.at(-1)!.question);
    }
  });

  it('folds the dropped older turns into a summary of what was asked', () => {
    const messages = fitHistory(turns, gpt4o, 1500);
    expect(messages[0]!.content).toMatch(/^Summary of the earlier conversation:\n- Asked: Question number/);
    expect(messages.length).toBeGreaterThan(2);
  });

  it('returns every turn when all fit', () => {
    expect(fitHistory(turns.slice(0, 2), gpt4o, 4000)).toHaveLength(4);
  });
});
