/**
 * `npm run eval:estimate [-- --pages <dir>]`: how close the chunker's token estimate
 * (lib/tokens/token-counter.ts) comes to exact cl100k on every real saved page of
 * 300 tokens or more. Default data: all 130 pages of ../shared/fixtures/readability-pages.
 */
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { estimateTokens } from '@/lib/tokens/token-counter';
import { gpt4 } from '@/lib/tokens/reference';
import { savedPage } from '../tests/library/support/saved-page';
import { PAGES, scriptArgs } from './args';

const { values: args } = scriptArgs(PAGES, 'npm run eval:estimate -- [--pages <readability-pages-dir>]');
const dir = path.resolve(args.pages);
const rows = readdirSync(dir)
  .filter((name) => existsSync(path.join(dir, name, 'expected.html')))
  .map((name) => {
    const { text, lang } = savedPage(name, undefined, dir);
    const exact = gpt4.count(text);
    const estimate = estimateTokens(text);
    return { name, lang, exact, estimate, error: (estimate - exact) / exact };
  })
  .filter((r) => r.exact >= 300);
const within = rows.filter((r) => Math.abs(r.error) <= 0.1);
const worst = rows.reduce((a, b) => (Math.abs(b.error) > Math.abs(a.error) ? b : a));
const meanAbs = rows.reduce((s, r) => s + Math.abs(r.error), 0) / rows.length;
console.log(
  `estimate vs cl100k on ${rows.length} pages: mean |error| ${(meanAbs * 100).toFixed(1)}%, ${within.length} within ±10%, worst ${worst.name} ${(worst.error * 100).toFixed(1)}%`,
);
