import { describe, expect, it } from 'vitest';
import { NO_TEXT_IN_PDF, looksLikePdfUrl, pdfDocumentText, pageText, pdfPageAt, pdfPageOfHeadings, pdfPageUrl, pdfToPage } from '@/lib/extract/pdf-text';
import { decideCapture } from '@/lib/capture/policy';
import { DEFAULT_SETTINGS } from '@/lib/settings';

describe('a PDF as Gleaner keeps it', () => {
  it('joins text runs into paragraphs, putting words split at line ends back together', () => {
    const runs = [
      { str: 'The report of the canal ', hasEOL: false },
      { str: 'com-', hasEOL: true },
      { str: 'mittee was read', hasEOL: true },
      { str: '', hasEOL: true },
      { str: 'Second paragraph.', hasEOL: true },
    ];
    expect(pageText(runs)).toBe('The report of the canal committee was read\n\nSecond paragraph.');
  });

  it('keeps one "p. N" heading per page with text, so any offset knows its page, and a citation opens the PDF there', () => {
    const page = pdfToPage('https://files.example/docs/report.pdf#view=fit', undefined, ['First page text.', '', 'Third page, first paragraph.\n\nThird page, second paragraph.']);
    expect(page).toMatchObject({ url: 'https://files.example/docs/report.pdf', title: 'report.pdf', contentType: 'application/pdf', isArticle: true });
    expect(page.text).toBe('p. 1\n\nFirst page text.\n\np. 3\n\nThird page, first paragraph.\n\nThird page, second paragraph.');
    expect(pdfPageAt(page.text, page.blocks, page.text.indexOf('First page'))).toBe(1);
    expect(pdfPageAt(page.text, page.blocks, page.text.indexOf('second paragraph'))).toBe(3);
    expect(pdfPageOfHeadings(['Report', 'p. 12'])).toBe(12);
    expect(pdfPageOfHeadings(['Introduction'])).toBeUndefined();
    expect(pdfPageUrl('https://files.example/docs/report.pdf#zoom=2', 12)).toBe('https://files.example/docs/report.pdf#page=12');
    expect(looksLikePdfUrl('https://files.example/docs/REPORT.PDF?x=1')).toBe(true);
    expect(looksLikePdfUrl('https://files.example/docs/report.html')).toBe(false);
    expect(pdfDocumentText(page)).toBe('First page text.\n\nThird page, first paragraph.\n\nThird page, second paragraph.');
  });

  it('says plainly when a PDF has no text layer', () => {
    expect(() => pdfToPage('https://files.example/scan.pdf', 'Scan', ['', '  '])).toThrow(NO_TEXT_IN_PDF);
    expect(NO_TEXT_IN_PDF).toMatch(/no text in this PDF/);
  });

  it('passes the capture policy like a page (PDFs read by pdf.js are text)', () => {
    const page = pdfToPage('https://files.example/report.pdf', 'Report', [Array.from({ length: 120 }, (_, i) => `word${i}`).join(' ')]);
    expect(decideCapture(page.url, page, { incognito: false }, DEFAULT_SETTINGS.capture)).toEqual({ capture: true });
  });
});
