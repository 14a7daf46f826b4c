// @vitest-environment happy-dom
import 'fake-indexeddb/auto';
import MarkdownIt from 'markdown-it';
import { describe, expect, it } from 'vitest';
import { conversationTitle, conversationToMarkdown, exportFileName, historyBefore, withTurn, type Conversation, type ConversationTurn } from '@/lib/answer/conversation';
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
    expect(markdown).toContain('# Who was \\*Rollo\\*? &lt;script&gt;');
    expect(markdown).toContain('*Scope:* My library (site en.wikipedia.org)');
    expect(markdown).toContain('## Who was Rollo?\n\nRollo was a Viking leader who founded Normandy \\[1\\].');
    expect(markdown).toContain(
      '1. [Normans](<https://en.wikipedia.org/wiki/Normans#:~:text=The%20Norse%20leader%20Rollo%20agreed,Charles%20III%20of%20West%20Francia.>) — en.wikipedia.org, read 2026-11-20',
    );
    expect(markdown).toContain('   > The Norse leader Rollo agreed');
  });

  it('round-trips through our own Markdown parser with the source link intact', () => {
    const blocks = parseMarkdown(conversationToMarkdown(conversation));
    expect(JSON.stringify(blocks)).toContain('"href":"https://en.wikipedia.org/wiki/Normans#:~:text=The%20Norse%20leader%20Rollo%20agreed,Charles%20III%20of%20West%20Francia."');
  });

  it('names conversations after their first question and files after their title', () => {
    expect(conversationTitle('  What   is the capital of Normandy, and who founded it in the tenth century?  ')).toBe(
      'What is the capital of Normandy, and who founded it in the…',
    );
    expect(exportFileName(conversation)).toBe('gleaner-who-was-rollo-script.md');
  });

  it('stays inert in a Markdown viewer that renders raw HTML (markdown-it, html on)', () => {
    const html = '<img src=x onerror=alert(1)> <script>alert(2)</script> <iframe src="https://evil.test"></iframe> <a href="javascript:alert(3)">x</a>';
    const hostile: Conversation = {
      id: 9,
      title: `Title ${html}`,
      scope: { kind: 'page', title: `Page ${html}`, url: 'javascript:alert(4)' },
      createdAt: 0,
      updatedAt: 0,
      turns: [
        {
          question: `Question ${html}`,
          answer: [
            `Answer ${html}`,
            '[click](javascript:alert(5)) and [data](data:text/html,<script>alert(6)</script>) and <javascript:alert(7)>',
            '![pixel](https://evil.test/pixel.gif?leak=1) and [ok](https://e.test/a) [1]',
            '[1]: javascript:alert(8)',
            '```html\n<script>alert(9)</script>\n```',
            '- item <img src=y onerror=alert(10)>\n\n> quote <svg onload=alert(11)>',
          ].join('\n\n'),
          askedAt: 0,
          sources: [
            { id: 1, title: `Source ${html}`, url: 'javascript:alert(12)', site: `site ${html}`, passage: `Passage ${html}` },
            { id: 2, title: 'Fine', url: 'https://e.test/b', passage: `Quoted <img src=z onerror=alert(13)>` },
          ],
        },
      ],
    };
    const markdown = conversationToMarkdown(hostile);
    const viewer = new MarkdownIt({ html: true, linkify: true });
    const root = document.createElement('div');
    root.innerHTML = viewer.render(markdown);
    // No live element that runs or loads anything, and no handler attribute anywhere.
    expect(root.querySelectorAll('img, script, iframe, svg, object, embed, style, link, form')).toHaveLength(0);
    expect([...root.querySelectorAll('*')].flatMap((el) => el.getAttributeNames()).filter((name) => name.startsWith('on'))).toEqual([]);
    // Every link goes to a web address; the ones that went elsewhere are shown as text.
    const hrefs = [...root.querySelectorAll('a')].map((a) => a.getAttribute('href')!);
    expect(hrefs.length).toBeGreaterThan(0);
    for (const href of hrefs) expect(href).toMatch(/^(https?:|mailto:)/);
    expect(hrefs).toContain('https://e.test/a');
    // The hostile text is still there, to read.
    expect(root.textContent).toContain('<script>alert(2)</script>');
    expect(root.textContent).toContain('javascript:alert(5)');
    expect(root.querySelector('pre code')!.textContent).toBe('<script>alert(9)</script>\n');
  });
});

describe('retrying and regenerating a turn', () => {
  const turn = (question: string, answer: string, finish: ConversationTurn['finish'] = 'stop'): ConversationTurn => ({ question, answer, sources: [], askedAt: 1, finish });
  const draft = { title: 'T', scope: { kind: 'library' as const }, createdAt: 1, updatedAt: 1, turns: [turn('a?', 'A'), turn('b?', '', 'error'), turn('c?', 'C')] };

  it('gives the model only the answered turns before the one asked', () => {
    expect(historyBefore(draft.turns, 2)).toEqual([{ question: 'a?', answer: 'A' }]);
    expect(historyBefore(draft.turns, 0)).toEqual([]);
  });

  it('replaces a retried turn in place and appends a new one', () => {
    const retried = withTurn(draft, turn('b?', 'B'), 1, 5);
    expect(retried.turns.map((t) => t.answer)).toEqual(['A', 'B', 'C']);
    expect(retried.updatedAt).toBe(5);
    expect(withTurn(draft, turn('d?', 'D'), 3, 6).turns.map((t) => t.question)).toEqual(['a?', 'b?', 'c?', 'd?']);
  });
});
