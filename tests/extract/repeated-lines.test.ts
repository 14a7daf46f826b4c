import { describe, expect, it } from 'vitest';
import { structuredText } from '@/lib/extract/blocks';
import { repeatsDatedLines, withoutRepeatedLines } from '@/lib/extract/repeated-lines';
import { snippetHits, wcxbF1 } from '@/lib/extract/wcxb-score';
import { parseHtml } from '../../scripts/html-document';
import { extractWcxb } from '../support/wcxb';

const post = (author: string, date: string, body: string) =>
  `<div class="post"><p>${author}</p><p>Posted ${date}</p><p>${body}</p><ul><li>permalink</li><li>save</li><li>report</li></ul><p>Link to comment</p><p>12</p></div>`;

describe('lines each post of a thread repeats (lib/extract/repeated-lines.ts)', () => {
  const doc = parseHtml(
    `<body>${post('alice', 'May 22, 2024', 'I want to know how to set the focus to the file pane with the keyboard.')}
     ${post('bob', 'Jun 3, 2023', 'Press the space bar after opening the window.')}
     ${post('carol', 'December 1, 2022', 'Ctrl+E then Esc works in Windows 10.')}
     <pre>}\n}\n}</pre></body>`,
    'https://forum.example.org/t/1',
  );
  const thread = structuredText(doc.body);

  it('drops the buttons, dates and counts every post carries, keeps what each post says and who said it', () => {
    const cleaned = withoutRepeatedLines(thread)!;
    for (const gone of ['permalink', 'report', 'Link to comment', 'Posted', '12']) expect(cleaned.text).not.toContain(gone);
    for (const kept of ['alice', 'bob', 'carol', 'file pane', 'space bar', 'Ctrl+E']) expect(cleaned.text).toContain(kept);
  });

  it('leaves code alone and keeps every block pointing at its own text', () => {
    const cleaned = withoutRepeatedLines(thread)!;
    expect(cleaned.text).toContain('}\n}\n}');
    for (const block of cleaned.blocks) expect(cleaned.text.slice(block.start, block.end).trim()).not.toBe('');
    const code = cleaned.blocks.find((block) => block.kind === 'code')!;
    expect(cleaned.text.slice(code.start, code.end)).toBe('}\n}\n}');
  });

  it('changes nothing where no short line comes back three times', () => {
    const article = structuredText(parseHtml('<body><p>One.</p><p>Two.</p><p>One.</p></body>', 'https://example.org/').body);
    expect(withoutRepeatedLines(article)).toBeUndefined();
  });

  it('reads a real thread without "Link to comment" and "Share on other sites" under each post', () => {
    // Invision forum (WCXB 0550): four lines of buttons under every post. F1 0.60 with them.
    const { page, gold } = extractWcxb('0550');
    expect(page.text).not.toContain('Share on other sites');
    expect(page.text).not.toContain('Link to comment');
    expect(snippetHits(page.text, gold.with, gold.without).withFound).toBe(gold.with.length);
    expect(wcxbF1(page.text, gold.main_content).f1).toBeGreaterThan(0.63);
  });
});

describe('dated lines that repeat (repeatsDatedLines), the cheap sign of a thread', () => {
  it('tells a thread whose posts are dated from an article and a manual', () => {
    expect(repeatsDatedLines('Posted Aug 27, 2019 5:58 am\nHello.\nPosted Aug 28, 2019 6:01 am\nHi.\nPosted Sep 12, 2019 7:10 am')).toBe(true);
    expect(repeatsDatedLines('Posted 3 days ago\nA\nPosted 5 days ago\nB\nPosted 12 days ago')).toBe(true);
    expect(repeatsDatedLines('Parameters\nname\nReturns\nParameters\nid\nReturns\nParameters\nkey\nReturns')).toBe(false);
    expect(repeatsDatedLines('Published May 3, 2024\nThe article says one thing.\nAnd another.')).toBe(false);
  });
});
