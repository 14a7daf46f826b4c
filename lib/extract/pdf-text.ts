/**
 * A PDF's text as Gleaner keeps it: one heading `p. N` per page followed by
 * that page's text, so every passage of the library or of the "this page"
 * scope knows the page it comes from (a citation says "p. 12" and opens the
 * PDF with `#page=12`). Pure: the pdf.js side is in ./pdf-read.ts.
 */
import type { ExtractedBlock, ExtractedPage } from './types';
import { countWords } from './word-count';

/** The MIME type of PDFs (pages of this type were extracted by pdf.js). */
export const PDF_TYPE = 'application/pdf';

/** One text run of a page, as pdf.js's getTextContent returns it. */
export interface PdfTextRun {
  str: string;
  hasEOL?: boolean;
}

/** What the person is told about a PDF without a text layer. */
export const NO_TEXT_IN_PDF = 'There is no text in this PDF: it looks scanned (pages are images). Gleaner cannot read it without a text layer.';

/** The heading that starts a page's text. */
export function pageHeading(page: number): string {
  return `p. ${page}`;
}

/** The text of one page: runs joined, words split at line ends put back together, lines joined. */
export function pageText(runs: readonly PdfTextRun[]): string {
  let text = '';
  for (const run of runs) text += run.str + (run.hasEOL ? '\n' : '');
  return text
    .replace(/(\p{L})-\n(\p{Ll})/gu, '$1$2')
    .replace(/[ \t]*\n[ \t]*/g, '\n')
    .replace(/\n{2,}/g, '\u0000')
    .replace(/\n/g, ' ')
    .replace(/ {2,}/g, ' ')
    .split('\u0000')
    .map((paragraph) => paragraph.trim())
    .filter(Boolean)
    .join('\n\n');
}

/** True when the address names a PDF file (the browser's viewer runs no content script there). */
export function looksLikePdfUrl(url: string): boolean {
  try {
    return /\.pdf$/i.test(new URL(url).pathname);
  } catch {
    return false;
  }
}

/** The PDF as an extracted page: `p. N` heading blocks and the paragraphs of each page. Throws NO_TEXT_IN_PDF when no page has text. */
export function pdfToPage(url: string, title: string | undefined, pages: readonly string[], lang?: string): ExtractedPage {
  let text = '';
  const blocks: ExtractedBlock[] = [];
  const add = (kind: ExtractedBlock['kind'], value: string, level?: number) => {
    if (text) text += '\n\n';
    blocks.push({ kind, ...(level ? { level } : {}), start: text.length, end: text.length + value.length });
    text += value;
  };
  pages.forEach((page, index) => {
    if (!page.trim()) return;
    add('heading', pageHeading(index + 1), 2);
    for (const paragraph of page.split('\n\n')) add('paragraph', paragraph);
  });
  if (!text) throw new Error(NO_TEXT_IN_PDF);
  const parsed = new URL(url);
  parsed.hash = '';
  const fileName = decodeURIComponent(parsed.pathname.split('/').pop() ?? '') || parsed.hostname;
  return {
    url: parsed.href,
    canonicalUrl: parsed.href,
    title: title?.trim() || fileName,
    siteName: parsed.hostname,
    ...(lang ? { lang } : {}),
    text,
    blocks,
    isArticle: true,
    wordCount: countWords(text),
    hasPasswordField: false,
    contentType: PDF_TYPE,
  };
}

/** The PDF page a character offset of `text` falls on (the last `p. N` heading before it), or undefined. */
export function pdfPageAt(text: string, blocks: readonly ExtractedBlock[] | undefined, offset: number): number | undefined {
  let page: number | undefined;
  for (const block of blocks ?? []) {
    if (block.start > offset) break;
    if (block.kind !== 'heading') continue;
    const match = /^p\. (\d+)$/.exec(text.slice(block.start, block.end));
    if (match) page = Number(match[1]);
  }
  return page;
}

/** The page named by a passage's heading path (`['p. 12']`), for library passages. */
export function pdfPageOfHeadings(headingPath: readonly string[] | undefined): number | undefined {
  const match = /^p\. (\d+)$/.exec(headingPath?.at(-1) ?? '');
  return match ? Number(match[1]) : undefined;
}

/** The address that opens the PDF at a page (the viewers of Chrome and Firefox both read `#page=`). */
export function pdfPageUrl(url: string, page: number): string {
  const parsed = new URL(url);
  parsed.hash = `page=${page}`;
  return parsed.href;
}

/** The PDF's own words without the `p. N` headings Gleaner adds (what "count tokens" counts). */
export function pdfDocumentText(page: Pick<ExtractedPage, 'text' | 'blocks'>): string {
  return page.blocks
    .filter((block) => !(block.kind === 'heading' && /^p\. \d+$/.test(page.text.slice(block.start, block.end))))
    .map((block) => page.text.slice(block.start, block.end))
    .join('\n\n');
}
