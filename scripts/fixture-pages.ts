import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Default data folder of the evaluations and benchmarks: all 130 of Mozilla Readability's real
 * saved pages in the shared data beside the checkout. Tests pass tests/fixtures instead.
 */
export const SHARED_PAGES_DIR = fileURLToPath(new URL('../../shared/fixtures/readability-pages/', import.meta.url));

/** The article text of the first `limit` real saved pages in `dir`, one page per paragraph block (many languages). */
export function realPagesText(dir: string, limit = Infinity): string {
  const texts: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    if (texts.length >= limit) break;
    const file = path.join(dir, name, 'expected.html');
    if (!existsSync(file)) continue;
    texts.push(
      readFileSync(file, 'utf8')
        .replace(/<(script|style)[\s\S]*?<\/\1>/g, '')
        .replace(/<\/(p|div|h\d|li|pre|tr)>/g, '\n')
        .replace(/<[^>]+>/g, '')
        .replace(/&nbsp;/g, '\u00a0')
        .replace(/&lt;/g, '<')
        .replace(/&gt;/g, '>')
        .replace(/&quot;/g, '"')
        .replace(/&amp;/g, '&'),
    );
  }
  return texts.join('\n\n');
}
