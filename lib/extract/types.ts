/**
 * What extraction produces and the library consumes: the readable text of a
 * page with its structure kept, and the metadata needed to cite it.
 */

/** One structural block of the text; `start`/`end` are offsets into `ExtractedPage.text`. */
export interface ExtractedBlock {
  kind: 'heading' | 'paragraph' | 'list' | 'quote' | 'code' | 'table';
  /** Heading level 1–6 (headings only). */
  level?: number;
  start: number;
  end: number;
}

/** The extraction of one page. */
export interface ExtractedPage {
  /** The address the page was read at. */
  url: string;
  /** `<link rel=canonical>` / og:url when present and of the page's own origin, else `url` without its fragment. */
  canonicalUrl: string;
  title: string;
  byline?: string;
  siteName?: string;
  /** BCP 47 language tag, e.g. 'en', 'ja'. */
  lang?: string;
  /** ISO 8601 publication time when the page declares one. */
  publishedTime?: string;
  excerpt?: string;
  /** The readable text: blocks joined by blank lines ('\n\n'). */
  text: string;
  blocks: ExtractedBlock[];
  /** True when Readability found an article; false for the landmark / visible-text fallback. */
  isArticle: boolean;
  wordCount: number;
  /** The page had a password input (capture policy skips such pages). */
  hasPasswordField: boolean;
  /** MIME type of the document (`text/html`, `image/png`, …); the capture policy skips non-text pages. */
  contentType?: string;
  /** A limit applied while reading the page, or why it has no readable text, in plain words (shown to the person). */
  note?: string;
  /** How long extraction took, in milliseconds (it runs on the page's main thread). */
  extractMs?: number;
}
