import { readFileSync } from 'node:fs';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { extractPage } from '@/lib/extract/extract-page';
import { parseHtml } from '../../scripts/html-document';
import { wcxbPagesDir } from './fixtures';

/** A saved WCXB page of `tests/fixtures/wcxb`, extracted, with its gold text and snippets. */
export function extractWcxb(id: string) {
  const truth = JSON.parse(readFileSync(path.join(wcxbPagesDir, `${id}.json`), 'utf8')) as {
    url: string;
    ground_truth: { main_content: string; with: string[]; without: string[] };
  };
  const html = gunzipSync(readFileSync(path.join(wcxbPagesDir, `${id}.html.gz`))).toString('utf8');
  const page = extractPage(parseHtml(html, truth.url), truth.url);
  return { page, gold: truth.ground_truth };
}
