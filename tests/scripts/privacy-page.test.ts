import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { privacyPageHtml, privacyParagraphs } from '../../scripts/privacy-page';

const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');

describe('the privacy page built from the README', () => {
  it('carries the README’s privacy promise, paragraph by paragraph', () => {
    const paragraphs = privacyParagraphs(readme);
    expect(paragraphs[0]).toMatch(/^Nothing you read, ask or count leaves your machine\./);
    expect(paragraphs.join(' ')).toContain('docs/security.md');
    expect(paragraphs.some((p) => p.startsWith('#'))).toBe(false);
  });

  it('is inert HTML: text escaped, no script', () => {
    const html = privacyPageHtml('# x\n\n## Privacy promise\n\nNo <script>alert(1)</script> & [a link](https://x.example).\n\n## Next\n\nnot this');
    expect(html).toContain('<p>No &lt;script&gt;alert(1)&lt;/script&gt; &amp; a link.</p>');
    expect(html).not.toContain('not this');
    expect(html).not.toMatch(/<script/i);
  });
});
