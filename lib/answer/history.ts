/**
 * Earlier turns of a conversation, kept within a token budget: the most
 * recent turns verbatim, older ones folded into a short summary of what was
 * asked and answered, so a long conversation never overflows the context.
 */
import type { ChatMessage } from '@/lib/engine/types';
import type { Tokenizer } from '@/lib/tokens/types';
import { countMessageTokens, fitPrefix, TEMPLATE_TOKENS_PER_MESSAGE } from './budget';
import { neutraliseFenceMarkup } from './fence';

/** One earlier exchange: the question as asked, the answer as given. */
export interface PastTurn {
  question: string;
  answer: string;
}

/** The first sentence of a text, for compact summaries of earlier answers. */
function firstSentence(text: string): string {
  const match = text
    .replace(/\s+/g, ' ')
    .trim()
    .match(/^.*?[.!?](?=\s|$)/);
  return (match ? match[0] : text.replace(/\s+/g, ' ').trim()).slice(0, 240);
}

/**
 * Messages for earlier turns that take at most `budget` tokens (template included).
 * Earlier answers are model output (a hostile server's too) and questions may be
 * pasted page text: both are neutralised like fenced text, so neither can become
 * a control token or a fence tag.
 */
export function fitHistory(pastTurns: readonly PastTurn[], tokenizer: Tokenizer, budget: number): ChatMessage[] {
  const turns = pastTurns.map((turn) => ({ question: neutraliseFenceMarkup(turn.question), answer: neutraliseFenceMarkup(turn.answer) }));
  const kept: ChatMessage[] = [];
  let used = 0;
  let index = turns.length - 1;
  for (; index >= 0; index--) {
    const turn = turns[index]!;
    const pair: ChatMessage[] = [
      { role: 'user', content: turn.question },
      { role: 'assistant', content: turn.answer },
    ];
    const cost = countMessageTokens(tokenizer, pair) - countMessageTokens(tokenizer, []);
    if (used + cost > budget) break;
    kept.unshift(...pair);
    used += cost;
  }
  if (index < 0) return kept;
  // Older turns: one line each, newest first, into what is left.
  const room = budget - used - 2 * TEMPLATE_TOKENS_PER_MESSAGE;
  if (room < 24) return kept;
  const lines: string[] = [];
  for (let i = index; i >= 0; i--) lines.unshift(`- Asked: ${firstSentence(turns[i]!.question)} Answered: ${firstSentence(turns[i]!.answer)}`);
  const summary = fitPrefix(tokenizer, `Summary of the earlier conversation:\n${lines.slice(-20).join('\n')}`, room - 8);
  if (!summary) return kept;
  return [{ role: 'user', content: summary }, { role: 'assistant', content: 'Noted.' }, ...kept];
}
