import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { conversationTitle, conversationToMarkdown, exportFileName, type Conversation } from '@/lib/answer/conversation';
import { parseMarkdown } from '@/lib/answer/markdown';

const conversation: Conversation = {
  id: 7,
  title: 'Who was *Rollo*? <script>',
  scope: { kind: 'library', site: 'en.wikipedia.org' },
  createdAt: Date.UTC(2026, 10, 23, 10),
  updatedAt: Date.UTC(2026, 10, 23, 11),
  turns: [
    {
      question: 'Who was Rollo?',
      answer: 'Rollo was a Viking leader who founded Normandy [1].',
      askedAt: Date.UTC(2026, 10, 23, 10),
      sources: [
        {
          id: 1,
          title: 'Normans',
          url: 'https://en.wikipedia.org/wiki/Normans',
          site: 'en.wikipedia.org',
          readAt: Date.UTC(2026, 10, 20),
          passage: 'The Norse leader Rollo agreed to swear fealty to King Charles III of West Francia.',
        },
      ],
    },
  ],
};

describe('conversations exported as Markdown', () => {
  it('writes questions, answers and numbered sources that link to the passage', () => {
    const markdown = conversationToMarkdown(conversation);
    expect(markdown).toContain('# Who was \\*Rollo\\*? \\<script\\>');
    expect(markdown).toContain('*Scope:* My library (site en.wikipedia.org)');
    expect(markdown).toContain('## Who was Rollo?\n\nRollo was a Viking leader who founded Normandy [1].');
    expect(markdown).toContain('1. [Normans](<https://en.wikipedia.org/wiki/Normans#:~:text=The%20Norse%20leader%20Rollo%20agreed,Charles%20III%20of%20West%20Francia.>) — en.wikipedia.org, read 2026-11-20');
    expect(markdown).toContain('   > The Norse leader Rollo agreed');
  });

  it('round-trips through our own Markdown parser with the source link intact', () => {
    const blocks = parseMarkdown(conversationToMarkdown(conversation));
    expect(JSON.stringify(blocks)).toContain('"href":"https://en.wikipedia.org/wiki/Normans#:~:text=The%20Norse%20leader%20Rollo%20agreed,Charles%20III%20of%20West%20Francia."');
  });

  it('names conversations after their first question and files after their title', () => {
    expect(conversationTitle('  What   is the capital of Normandy, and who founded it in the tenth century?  ')).toBe('What is the capital of Normandy, and who founded it in the…');
    expect(exportFileName(conversation)).toBe('gleaner-who-was-rollo-script.md');
  });
});
