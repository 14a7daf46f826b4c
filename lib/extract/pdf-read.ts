/**
 * Reads a PDF's text with pdf.js (pdfjs-dist), in the engine host (the
 * offscreen document on Chrome, the background page on Firefox): never in
 * the service worker or a view. Parsing runs in pdf.js's own Web Worker,
 * bundled with the extension (no CDN), so no view freezes on a 200-page PDF;
 * pages are read one by one with progress.
 */
import { browser } from 'wxt/browser';
import type { ExtractedPage } from './types';
import { NO_TEXT_IN_PDF, pageText, pdfToPage, type PdfTextRun } from './pdf-text';

/** Where the build puts pdf.js's worker (wxt.config.ts copies it from pdfjs-dist). */
const PDF_WORKER_PATH = '/pdfjs/pdf.worker.min.mjs';
/** Largest PDF read, in bytes. */
const MAX_PDF_BYTES = 100 * 1024 * 1024;

/** Extracts the text of a PDF given as bytes; `onProgress(page, pages)` after each page. */
async function readPdf(data: ArrayBuffer, url: string, onProgress?: (page: number, pages: number) => void): Promise<ExtractedPage> {
  const pdfjs = await import('pdfjs-dist');
  pdfjs.GlobalWorkerOptions.workerSrc = browser.runtime.getURL(PDF_WORKER_PATH as '/');
  // No fonts loaded into the page: only text is wanted.
  const task = pdfjs.getDocument({ data: new Uint8Array(data), disableFontFace: true, stopAtErrors: false });
  const doc = await task.promise;
  try {
    const pages: string[] = [];
    for (let number = 1; number <= doc.numPages; number++) {
      const page = await doc.getPage(number);
      const content = await page.getTextContent();
      pages.push(pageText(content.items.filter((item): item is PdfTextRun & typeof item => 'str' in item)));
      page.cleanup();
      onProgress?.(number, doc.numPages);
    }
    const info = (await doc.getMetadata().catch(() => null))?.info as { Title?: string; Language?: string } | undefined;
    if (pages.every((page) => !page.trim())) throw new Error(NO_TEXT_IN_PDF);
    return pdfToPage(url, info?.Title, pages, info?.Language?.slice(0, 35));
  } finally {
    await task.destroy();
  }
}

/** Fetches a PDF (as the tab showed it, so with the site's cookies) and reads it. */
export async function fetchAndReadPdf(url: string, onProgress?: (page: number, pages: number) => void): Promise<ExtractedPage> {
  const response = await fetch(url, { credentials: 'include' });
  if (!response.ok) throw new Error(`The PDF could not be downloaded (HTTP ${response.status}).`);
  const length = Number(response.headers.get('content-length') ?? 0);
  if (length > MAX_PDF_BYTES) throw new Error('This PDF is larger than 100 MB; Gleaner does not read it.');
  const data = await response.arrayBuffer();
  if (data.byteLength > MAX_PDF_BYTES) throw new Error('This PDF is larger than 100 MB; Gleaner does not read it.');
  const magic = new TextDecoder().decode(new Uint8Array(data, 0, Math.min(1024, data.byteLength)));
  if (!magic.includes('%PDF-')) throw new Error('This is not a PDF file.');
  return readPdf(data, response.url || url, onProgress);
}
