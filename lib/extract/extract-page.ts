/**
 * Extraction of the readable text and metadata of a page: Mozilla Readability
 * on a clone of the document (the live page is never changed), with a
 * landmark / visible-text fallback for pages that are not articles.
 * Pure: runs in the page (content script) and in Node with jsdom.
 */
import { Readability, isProbablyReaderable } from '@mozilla/readability';
import { structuredText, type StructuredText } from './blocks';
import { withAllCards } from './cards';
import { dropFurniture } from './boilerplate';
import { declaresDiscussion, declaresProduct, normalizeDate, normalizeLang, productDescription, readMetadata, type PageMetadata } from './metadata';
import { dropRecommendations, dropReviews, offersPurchase } from './shop-furniture';
import { dropPictureCredits } from './captions';
import { dropAuthorBio, dropDisclosuresAndDates, dropTrailingSections } from './article-end';
import type { ExtractedPage } from './types';
import { PAGE_LIMITS, capMetadata } from './validate-page';
import { visibleProseLength, visibleText } from './visible-text';
import { countWords } from './word-count';
import { hasPasswordFieldIn } from './password-fields';
import { GUARD_LIMITS, largePageNote, measurePage, plainText, unreadableReason } from './page-guard';
import { threadPosts } from './thread-posts';

/** Below this many words a Readability result is checked against the visible-text fallback. */
const MIN_ARTICLE_WORDS = 50;
/**
 * An article Readability found is replaced by the visible-text fallback when the page shows
 * more than this many times its text (non-space characters): it then kept one section or one
 * card of a page made of many. Checked on the WCXB dev pages: at 4 no sampled article lost
 * (a real article's comments, menus and footer rarely reach 4× it), at 3 a service page did.
 */
const SMALL_SHARE_RATIO = 4;

export interface ExtractOptions {
  /** Clock for `extractMs` (defaults to `performance.now`). */
  now?: () => number;
}

/** What Readability found: the article's text and its own view of the metadata. */
type ReadabilityResult = Omit<PageMetadata, 'canonicalUrl'> & { structured: StructuredText };

function clean(value: string | null | undefined): string | undefined {
  const trimmed = value?.replace(/\s+/g, ' ').trim();
  return trimmed || undefined;
}

function runReadability(doc: Document): ReadabilityResult | null {
  try {
    const clone = doc.cloneNode(true) as Document;
    // The serializer hands back the article element itself: no HTML round trip. Class names are
    // kept for `dropFurniture`, which reads them; the text does not depend on them otherwise.
    const article = new Readability<Element>(clone, { keepClasses: true, serializer: (node) => node as Element }).parse();
    if (!article?.content) return null;
    dropFurniture(article.content);
    dropPictureCredits(article.content);
    dropTrailingSections(article.content);
    dropAuthorBio(article.content);
    dropDisclosuresAndDates(article.content);
    return {
      structured: structuredText(article.content),
      title: clean(article.title),
      byline: clean(article.byline),
      siteName: clean(article.siteName),
      lang: normalizeLang(article.lang),
      publishedTime: normalizeDate(article.publishedTime ?? undefined),
      excerpt: clean(article.excerpt),
    };
  } catch {
    // Readability throws on documents without a root element or with odd DOMs; the fallback still works.
    return null;
  }
}

/** Extracts the readable text, its structure and the metadata of `doc`, read at `url`. */
export function extractPage(doc: Document, url: string, options: ExtractOptions = {}): ExtractedPage {
  const now = options.now ?? (() => performance.now());
  const started = now();
  const metadata = readMetadata(doc, url);
  // Visible and in the content, shadow roots and same-origin frames included (see ./password-fields).
  const hasPasswordField = hasPasswordFieldIn(doc);
  const lang = metadata.lang;

  // Measured first, cheaply: Readability and the fallback clone and recurse, which a huge or
  // very deep page cannot afford (a 50,000-deep DOM crashed the tab). Such a page is read as
  // bounded plain text, and says so.
  const size = measurePage(doc);
  let note: string | undefined;
  let article: ReadabilityResult | null = null;
  let isArticle = false;
  let structured: StructuredText | undefined;
  let wordCount = 0;
  if (size.over) {
    const plain = plainText(doc, GUARD_LIMITS.plainChars);
    structured = { text: plain.text, blocks: plain.blocks };
    wordCount = countWords(plain.text, lang);
    note = largePageNote(size, plain.cut, plain.text.length);
  } else {
    article = runReadability(doc);
    // Readability returns *something* for nearly any page; whether the page reads like an
    // article (paragraphs of prose) is its separate, cheap, read-only check.
    isArticle = article !== null && isProbablyReaderable(doc);
    structured = article?.structured;
    wordCount = structured ? countWords(structured.text, lang) : 0;
  }
  // A forum thread or Q&A page reads like an article to Readability, which then keeps one post:
  // its fallback (all posts) wins when it holds several times more (an article with a few comments does not).
  const discussion = !size.over && isArticle && wordCount >= MIN_ARTICLE_WORDS && declaresDiscussion(doc);
  if (!size.over && (!structured || !isArticle || wordCount < MIN_ARTICLE_WORDS || discussion)) {
    const fallback = fallbackText(doc);
    const fallbackWords = countWords(fallback.text, lang);
    // On an article, only a clearly fuller fallback wins (Readability's cleaning is usually
    // right about short articles); on a page that is not one, the fallback wins unless
    // Readability kept clearly more (its scoring keeps navigation lists on such pages).
    const useFallback = !structured || (discussion ? fallbackWords > wordCount * 3 : isArticle ? fallbackWords > wordCount * 1.5 + 10 : wordCount <= fallbackWords * 1.5 + 10);
    if (useFallback || !structured) {
      structured = fallback;
      wordCount = fallbackWords;
      isArticle = false;
    }
  }
  // A forum thread's posts are repeated siblings, of which Readability keeps one: all of them are read.
  const thread = !size.over && isArticle && structured ? threadPosts(doc, structured.text) : undefined;
  if (thread) [structured, wordCount, isArticle] = [thread, countWords(thread.text, lang), false];
  // Service pages, listings and catalogues read like an article to Readability, which then keeps
  // their one prose section or one card: when the page shows several times that, it keeps all.
  if (!size.over && isArticle && structured && !discussion && wordCount >= MIN_ARTICLE_WORDS) {
    const shown = visibleProseLength(doc);
    if (shown > SMALL_SHARE_RATIO * nonSpaceLength(structured.text)) {
      structured = fallbackText(doc);
      wordCount = countWords(structured.text, lang);
      isArticle = false;
    }
  }
  // Listings and collections: Readability (or the fallback's landmark) kept one card or one section of many.
  const listing = !size.over && structured ? withAllCards(doc, structured) : undefined;
  if (listing) {
    structured = listing;
    wordCount = countWords(listing.text, lang);
    isArticle = false;
  }
  if (structured) {
    const declared = withDeclaredProduct(structured, productDescription(doc));
    if (declared !== structured) {
      structured = declared;
      wordCount = countWords(structured.text, lang);
    }
  }

  // Binary data shown as text, an image or another non-text document: no text to keep, and a reason.
  const unreadable = unreadableReason(doc.contentType || undefined, structured?.text ?? '');
  if (unreadable) {
    structured = { text: '', blocks: [] };
    wordCount = 0;
    isArticle = false;
    note = unreadable;
  }

  const title = article?.title ?? clean(metadata.title) ?? clean(doc.querySelector('h1')?.textContent) ?? hostOf(url);
  // Metadata is capped to what the background accepts (a 5,000-character <title> exists in the wild).
  return {
    url,
    canonicalUrl: metadata.canonicalUrl,
    title: capMetadata(title, PAGE_LIMITS.title) ?? title,
    byline: capMetadata(article?.byline ?? clean(metadata.byline), PAGE_LIMITS.byline),
    siteName: capMetadata(article?.siteName ?? clean(metadata.siteName), PAGE_LIMITS.siteName),
    lang: capMetadata(lang ?? article?.lang, PAGE_LIMITS.lang),
    publishedTime: capMetadata(article?.publishedTime ?? metadata.publishedTime, PAGE_LIMITS.publishedTime),
    excerpt: capMetadata(article?.excerpt ?? clean(metadata.excerpt), PAGE_LIMITS.excerpt),
    text: structured?.text ?? '',
    blocks: structured?.blocks ?? [],
    isArticle,
    wordCount,
    hasPasswordField,
    contentType: capMetadata(doc.contentType || undefined, PAGE_LIMITS.contentType),
    ...(note ? { note: capMetadata(note, PAGE_LIMITS.note) } : {}),
    extractMs: Math.max(0, now() - started),
  };
}

/** The visible-text fallback, on a clone without a shop's reviews and recommendations (./shop-furniture). */
function fallbackText(doc: Document): StructuredText {
  const clone = doc.cloneNode(true) as Document;
  if (clone.body) {
    dropRecommendations(clone.body);
    if (declaresProduct(doc) || offersPurchase(doc)) dropReviews(clone.body);
  }
  return visibleText(clone);
}

const nonSpaceLength = (text: string) => text.replace(/\s+/g, '').length;
const wordsOf = (text: string) => text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];

/**
 * Adds the paragraphs of a product's declared description and specifications
 * that the page text lacks (most of their words absent), after the text: the
 * DOM of a product page often holds them only in a tab or a script.
 */
function withDeclaredProduct(structured: StructuredText, paragraphs: readonly string[]): StructuredText {
  if (paragraphs.length === 0) return structured;
  const present = new Set(wordsOf(structured.text));
  const missing = paragraphs.filter((paragraph) => {
    const words = wordsOf(paragraph);
    return words.length > 0 && words.filter((word) => present.has(word)).length < words.length / 2;
  });
  if (missing.length === 0) return structured;
  let text = structured.text;
  const blocks = [...structured.blocks];
  for (const paragraph of missing) {
    if (text) text += '\n\n';
    blocks.push({ kind: 'paragraph', start: text.length, end: text.length + paragraph.length });
    text += paragraph;
  }
  return { text, blocks };
}

function hostOf(url: string): string {
  try {
    return new URL(url).hostname || url;
  } catch {
    return url;
  }
}
