/**
 * Strict validation of an ExtractedPage that arrives from a web page's content
 * script: the page's origin runs that script's world, so every field is
 * checked for type, range and size before the background trusts it.
 */
import { ValidationError } from '../messaging/errors';
import { expectHttpUrl, expectNumber, expectObject, expectOptionalString, expectString } from '../messaging/validate';
import type { ExtractedBlock, ExtractedPage } from './types';

/** Field limits; extraction caps metadata to them, so only a tampered page exceeds them. */
export const PAGE_LIMITS = {
  title: 2048,
  byline: 1024,
  siteName: 1024,
  lang: 64,
  publishedTime: 128,
  excerpt: 8192,
  contentType: 256,
  note: 1024,
  /** The message ceiling for text; the capture policy refuses smaller pages that are still too large to index, with a reason. */
  text: 256 * 1024 * 1024,
  blocks: 2_000_000,
} as const;

const KINDS = new Set<ExtractedBlock['kind']>(['heading', 'paragraph', 'list', 'quote', 'code', 'table']);

function expectBoolean(value: unknown, what: string): boolean {
  if (typeof value !== 'boolean') throw new ValidationError(`${what}: expected true or false.`);
  return value;
}

function expectBlocks(value: unknown, textLength: number): ExtractedBlock[] {
  if (!Array.isArray(value)) throw new ValidationError('blocks: expected a list.');
  if (value.length > PAGE_LIMITS.blocks) throw new ValidationError(`blocks: too many (${value.length} > ${PAGE_LIMITS.blocks}).`);
  let previousEnd = 0;
  return value.map((raw, i) => {
    const obj = expectObject(raw, `blocks[${i}]`);
    const kind = obj.kind as ExtractedBlock['kind'];
    if (!KINDS.has(kind)) throw new ValidationError(`blocks[${i}].kind: unknown kind.`);
    const start = expectNumber(obj.start, `blocks[${i}].start`, previousEnd, textLength);
    const end = expectNumber(obj.end, `blocks[${i}].end`, start, textLength);
    if (!Number.isInteger(start) || !Number.isInteger(end)) throw new ValidationError(`blocks[${i}]: offsets must be integers.`);
    previousEnd = end;
    if (kind === 'heading') {
      const level = expectNumber(obj.level, `blocks[${i}].level`, 1, 6);
      return { kind, level, start, end };
    }
    return { kind, start, end };
  });
}

/** Checks and copies an ExtractedPage from an untrusted sender (throws ValidationError with the field at fault). */
export function validateExtractedPage(value: unknown): ExtractedPage {
  const obj = expectObject(value, 'page');
  const text = expectString(obj.text, 'text', PAGE_LIMITS.text);
  const page: ExtractedPage = {
    url: expectHttpUrl(obj.url, 'url'),
    canonicalUrl: expectHttpUrl(obj.canonicalUrl, 'canonicalUrl'),
    title: expectString(obj.title, 'title', PAGE_LIMITS.title),
    byline: expectOptionalString(obj.byline, 'byline', PAGE_LIMITS.byline),
    siteName: expectOptionalString(obj.siteName, 'siteName', PAGE_LIMITS.siteName),
    lang: expectOptionalString(obj.lang, 'lang', PAGE_LIMITS.lang),
    publishedTime: expectOptionalString(obj.publishedTime, 'publishedTime', PAGE_LIMITS.publishedTime),
    excerpt: expectOptionalString(obj.excerpt, 'excerpt', PAGE_LIMITS.excerpt),
    text,
    blocks: expectBlocks(obj.blocks, text.length),
    isArticle: expectBoolean(obj.isArticle, 'isArticle'),
    wordCount: expectNumber(obj.wordCount, 'wordCount', 0, Number.MAX_SAFE_INTEGER),
    hasPasswordField: expectBoolean(obj.hasPasswordField, 'hasPasswordField'),
    contentType: expectOptionalString(obj.contentType, 'contentType', PAGE_LIMITS.contentType),
    note: expectOptionalString(obj.note, 'note', PAGE_LIMITS.note),
    extractMs: obj.extractMs === undefined || obj.extractMs === null ? undefined : expectNumber(obj.extractMs, 'extractMs', 0, 3_600_000),
  };
  // The canonical URL is the library's key: a page naming another origin's URL would replace that page.
  if (new URL(page.canonicalUrl).origin !== new URL(page.url).origin) {
    throw new ValidationError("canonicalUrl: must be on the page's own origin.");
  }
  for (const key of Object.keys(page) as (keyof ExtractedPage)[]) if (page[key] === undefined) delete page[key];
  return page;
}

/** Shortens metadata to `max` characters with an ellipsis (metadata only; page text is never cut). */
export function capMetadata(value: string | undefined, max: number): string | undefined {
  if (value === undefined || value.length <= max) return value;
  return `${value.slice(0, max - 1)}…`;
}
