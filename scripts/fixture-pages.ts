import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** Folder of Mozilla Readability's real saved pages (shared fixtures). */
export const PAGES_DIR = fileURLToPath(new URL('../../shared/fixtures/readability-pages/', import.meta.url));

/** The article text of the first `limit` real saved pages, one page per paragraph block (many languages). */
export function realPagesText(limit = Infinity): string {
  const texts: string[] = [];
  for (const name of readdirSync(PAGES_DIR).sort()) {
    if (texts.length >= limit) break;
    const file = `${PAGES_DIR}${name}/expected.html`;
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
