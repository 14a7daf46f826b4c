import { describe, expect, it } from 'vitest';
import { structuredText } from '@/lib/extract/blocks';
import { withoutRepeatedBlocks } from '@/lib/extract/repeated-blocks';
import { wcxbF1 } from '@/lib/extract/wcxb-score';
import { parseHtml } from '../../scripts/html-document';
import { extractWcxb } from '../support/wcxb';

const paragraph = (topic: string) => `<p>${topic}: ${'a paragraph long enough to be prose of its own, and not a label '.repeat(2)}</p>`;
const read = (body: string) => withoutRepeatedBlocks(structuredText(parseHtml(`<body>${body}</body>`, 'https://example.com/').body)).text;

describe('withoutRepeatedBlocks (lib/extract/repeated-blocks.ts)', () => {
  it('drops a second copy of a run of paragraphs, headings between them included in the run', () => {
    const copy = `${paragraph('Costs')}<h2>Kitchens</h2>${paragraph('Kitchens')}`;
    const text = read(`${copy}${copy}${paragraph('Permits')}`);
    expect(text.match(/Costs:/g)).toHaveLength(1);
    expect(text.match(/Kitchens:/g)).toHaveLength(1);
    expect(text).toContain('Permits:');
  });

  it('keeps a paragraph that comes back on its own: a caption under each webcam, a post quoted in a reply', () => {
    const caption = paragraph('Courtesy of the conservancy');
    const text = read(`${paragraph('Half Dome')}${caption}${paragraph('El Capitan')}${caption}<blockquote>${paragraph('First post')}</blockquote>`);
    expect(text.match(/Courtesy of the conservancy:/g)).toHaveLength(2);
  });

  it('reads a real product page whose description the page holds twice once (WCXB 0600)', () => {
    const { page, gold } = extractWcxb('0600');
    const lines = page.text.split('\n').filter((line) => line.trim().length >= 80);
    expect(new Set(lines).size).toBe(lines.length);
    // 0.571 with both copies (before the rule), 0.693 with one.
    expect(wcxbF1(page.text, gold.main_content).f1).toBeGreaterThan(0.65);
  });
});
