/**
 * Extraction of the readable text and metadata of a page: Mozilla Readability
 * on a clone of the document (the live page is never changed), with a
 * landmark / visible-text fallback for pages that are not articles.
 * Pure: runs in the page (content script) and in Node with jsdom.
 */
import { isProbablyReaderable } from '@mozilla/readability';
import { LeanReadability } from './readability';
import { structuredText, type StructuredText } from './blocks';
import { LISTING_LEAVES_OUT, MIN_GROWTH as CARDS_GROWTH, withAllCards } from './cards';
import { dropFurniture } from './boilerplate';
import {
  declaresDiscussion,
  declaresOneProduct,
  declaresProduct,
  jsonLdObjects,
  normalizeDate,
  normalizeLang,
  productDescription,
  readMetadata,
  type JsonObject,
  type PageMetadata,
} from './metadata';
import { dropFinePrint, dropRecommendations, dropReviews, hasFinePrint, hasRecommendations, hasReviews, offersPurchase } from './shop-furniture';
import { dropPictureCredits, dropShortCaptions } from './captions';
import { dropNavigation } from './page-chrome';
import { dropNotices } from './notices';
import { dropAuthorBioAndDisclosures, dropTeaserCards, dropTrailingSections, opensWithDateLine } from './article-end';
import type { ExtractedPage } from './types';
import { PAGE_LIMITS, capMetadata } from './validate-page';
import { visibleProseLength, visibleText } from './visible-text';
import { countWords, nonSpaceLength } from './word-count';
import { hasPasswordFieldIn } from './password-fields';
import { GUARD_LIMITS, largePageNote, measurePage, plainText, unreadableReason } from './page-guard';
import { MIN_GAIN as THREAD_GAIN, locateKept, threadPosts } from './thread-posts';
import { readableCharsBounds, type TextBounds } from './text-bound';
import { withNoscriptContent } from './noscript';
import { dropOtherProducts } from './other-products';
import { keptInSidebar } from './sidebar';
import { dropOverlays, hasOverlays } from './overlays';
import { dropDialogsAndFooter } from './dialogs-footer';
import { mostlySiteMenus } from './site-menus';
import { MIN_SHOWN_WORDS, hiddenContent } from './hidden-content';
import { repeatsDatedLines, withoutRepeatedLines } from './repeated-lines';
import { withoutMachineIds } from './machine-ids';
import { withoutRepeatedBlocks } from './repeated-blocks';
import { withoutControlLabels } from './control-labels';
import { withStreamedParts } from './streamed-parts';
import { DESCRIPTION_NOTE, declaredDescription } from './declared-description';
import { dropLinkPreviews } from './link-previews';

/** Below this many words a Readability result is checked against the visible-text fallback. */
const MIN_ARTICLE_WORDS = 50;
/**
 * An article Readability found is replaced by the visible-text fallback when the page shows
 * more than this many times its text (non-space characters): it then kept one section or one
 * card of a page made of many. Checked on the WCXB dev pages: at 4 no sampled article lost
 * (a real article's comments, menus and footer rarely reach 4× it), at 3 a service page did.
 */
const SMALL_SHARE_RATIO = 4;
/**
 * The same on a page that declares no publication time: a service page, a product's or a firm's
 * page of sections, where Readability keeps the longest section and the page holds several
 * (WCXB dev: services whose article held a third of their text). Undated articles are rarer, and
 * an article's furniture (comments, menus, footer) is mostly links, which the visible prose leaves out.
 * Not on a shop's page about a product either: there the rest of the page is other products and reviews.
 */
const UNDATED_SHARE_RATIO = 1.5;

/**
 * On a dated page that is not a shop's, an article of at least this many non-space characters (some 300 words) is a
 * whole story: what else the page shows, however much (a gallery's captions, teasers, comments), is not more of it.
 * WCXB dev: the dated pages that need the whole page (Readability kept one section of a roundup or one product of
 * several) had 540–1,400 in the article; above, one page (1,984) and Readability's bug-1255978 (a 759-word story in a
 * page 5.6 times its prose) read better from the article.
 */
const MIN_STORY_CHARS = 1500;

/** Where Readability kept a sidebar, the fallback replaces it when it holds this many times its words. */
const SIDEBAR_GAIN = 2;

export interface ExtractOptions {
  /** Clock for `extractMs` (defaults to `performance.now`). */
  now?: () => number;
  /**
   * For evaluation only (scripts/eval-learned.ts): called with every reading the page offers, each
   * worked out whether or not the rules would choose it, finished as the chosen one is. Unset in the
   * product, where it costs nothing.
   */
  candidates?: (name: string, structured: StructuredText) => void;
}

/** What Readability found: the article's text and its own view of the metadata. */
type ReadabilityResult = Omit<PageMetadata, 'canonicalUrl'> & { structured: StructuredText; content: Element };

function clean(value: string | null | undefined): string | undefined {
  const trimmed = value?.replace(/\s+/g, ' ').trim();
  return trimmed || undefined;
}

function runReadability(page: Page, url: string): ReadabilityResult | null {
  try {
    const clone = page.doc.cloneNode(true) as Document;
    if (clone.body) {
      // The clone's body is the page's: what the removal found answers `hasOverlays` for the fallback too.
      page.foundOverlays(dropOverlays(clone.body));
      dropDialogsAndFooter(clone.body);
      // Before Readability scores the page: a link holding another page's whole text draws its choice (./link-previews).
      dropLinkPreviews(clone.body);
    }
    // The serializer hands back the article element itself: no HTML round trip. Class names are
    // kept for `dropFurniture`, which reads them; the text does not depend on them otherwise.
    const article = new LeanReadability<Element>(clone, { keepClasses: true, serializer: (node) => node as Element }).parse();
    if (!article?.content) return null;
    dropFurniture(article.content);
    dropPictureCredits(article.content);
    dropShortCaptions(article.content);
    dropNavigation(article.content, url);
    dropNotices(article.content);
    dropTrailingSections(article.content);
    dropTeaserCards(article.content, url);
    dropAuthorBioAndDisclosures(article.content);
    // On a page about one product, what is not that product: other products' cards, the shop's recommendations, customers' reviews, its legal fine print (as in the fallback).
    if (page.oneProduct) for (const drop of [dropOtherProducts, dropRecommendations, dropReviews, dropFinePrint]) drop(article.content);
    return {
      structured: structuredText(article.content),
      content: article.content,
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

/** What extraction has read of the page so far; each rule below may replace it. */
interface Reading {
  structured: StructuredText;
  wordCount: number;
  /** Still Readability's article: the rules that read more of an article's page apply to it. */
  isArticle: boolean;
  /** The posts of a thread (./thread-posts), whose furniture repeats on each post. */
  thread?: boolean;
}

/**
 * The page and what several rules ask of it, each worked out once and only when first asked:
 * the rules are cheap to skip and dear to run (each walks the page), so they share these.
 */
class Page {
  private textBounds?: TextBounds;
  private discussion?: boolean;
  private product?: boolean;
  private fallback?: Reading;
  private overlays?: boolean;
  private readonly located = new Map<string, Element | null>();
  /** A shop's page about one product (./metadata `declaresOneProduct`): other products' cards around it are not its text (./other-products). */
  readonly oneProduct: boolean;

  constructor(
    readonly doc: Document,
    readonly lang: string | undefined,
    /** The page's JSON-LD objects, parsed once (./metadata). */
    readonly ld: readonly JsonObject[],
    /** The bounds, where the page's measure worked them out (./page-guard `measurePage`). */
    bounds: TextBounds | undefined,
    /** The page declares when it was published (./metadata): an article's page, not a page of sections. */
    readonly dated: boolean,
  ) {
    this.oneProduct = declaresOneProduct(doc, ld);
    this.textBounds = bounds;
  }

  count(text: string): number {
    return countWords(text, this.lang);
  }

  /** Bounds on the text any reading of the page can hold (./text-bound): where it cannot hold the gain a rule needs, the rule is not run. */
  private get bounds(): TextBounds {
    this.textBounds ??= readableCharsBounds(this.doc, LISTING_LEAVES_OUT);
    return this.textBounds;
  }

  /** Whether some reading of the page may hold at least `times` the text of `reading`. */
  mayHold(times: number, reading: Reading): boolean {
    return this.mayHoldTimes(times, reading.structured.text);
  }

  /** Whether some reading of the page may hold at least `times` the text `text`. */
  mayHoldTimes(times: number, text: string): boolean {
    return this.bounds.any >= times * nonSpaceLength(text);
  }

  /** The same for the listing reading (./cards), which never holds the page's chrome and hidden parts. */
  mayHoldListing(times: number, reading: Reading): boolean {
    return this.bounds.narrowed >= times * nonSpaceLength(reading.structured.text);
  }

  /** Where a reading's text `kept` is in the page (./thread-posts `locateKept`): the sidebar and thread rules both ask it of the same reading, and each asking walks the page's text. */
  locate(kept: string): Element | null {
    if (!this.located.has(kept)) this.located.set(kept, locateKept(this.doc, kept));
    return this.located.get(kept)!;
  }

  /** The page declares itself a forum thread or Q&A page (./metadata). */
  isDiscussion(): boolean {
    this.discussion ??= declaresDiscussion(this.doc, this.ld);
    return this.discussion;
  }

  /** The page declares a product (./metadata): the section rule and the fallback's shop furniture both ask. */
  declaresProduct(): boolean {
    this.product ??= declaresProduct(this.doc, this.ld);
    return this.product;
  }

  /** The page names a cookie banner or cart drawer (./overlays): a clone of it is to be rid of them (a page without one is not searched again). */
  hasOverlays(): boolean {
    this.overlays ??= this.doc.body != null && hasOverlays(this.doc.body);
    return this.overlays;
  }

  /** What `dropOverlays` found on a clone of the page's body (the same elements). */
  foundOverlays(found: boolean): void {
    this.overlays = found;
  }

  /**
   * The visible-text fallback (./visible-text), without a shop's reviews and recommendations, as
   * a reading of the page's other parts (not an article); read and counted once, as several rules weigh it.
   */
  fallbackReading(): Reading {
    if (!this.fallback) {
      const structured = fallbackText(this);
      this.fallback = { structured, wordCount: this.count(structured.text), isArticle: false };
    }
    return this.fallback;
  }
}

/** Extracts the readable text, its structure and the metadata of `doc`, read at `url`. */
export function extractPage(doc: Document, url: string, options: ExtractOptions = {}): ExtractedPage {
  const now = options.now ?? (() => performance.now());
  const started = now();
  let ld = jsonLdObjects(doc);
  const metadata = readMetadata(doc, url, ld);
  // Visible and in the content, same-origin frames included (see ./password-fields). Shadow roots are not walked here:
  // the background trusts only a `true`, and otherwise asks every frame of the tab with the full probe before storing.
  const hasPasswordField = hasPasswordFieldIn(doc, false);
  const lang = metadata.lang;

  // Measured first, cheaply: Readability and the fallback clone and recurse, which a huge or
  // very deep page cannot afford (a 50,000-deep DOM crashed the tab). Such a page is read as
  // bounded plain text, and says so.
  // The same walk works out the bounds on the page's readings (./text-bound) that the rules below ask for.
  let size = measurePage(doc, GUARD_LIMITS, LISTING_LEAVES_OUT);
  // Where the page's scripts did not run (off, failed, a saved page), it is read from a copy as they would
  // have shown it: posts only in <noscript> (./noscript), parts streamed in but not put in place
  // (./streamed-parts). Only a page within bounds is walked for them, and a copy is measured again.
  for (const asShown of [withNoscriptContent, withStreamedParts]) {
    const copy = size.over ? undefined : asShown(doc);
    if (copy) [doc, size, ld] = [copy, measurePage(copy, GUARD_LIMITS, LISTING_LEAVES_OUT), jsonLdObjects(copy)];
  }
  const page = new Page(doc, lang, ld, size.bounds, metadata.publishedTime != null);
  let note: string | undefined;
  let article: ReadabilityResult | null = null;
  let reading: Reading;
  if (size.over) {
    const plain = plainText(doc, GUARD_LIMITS.plainChars);
    reading = { structured: { text: plain.text, blocks: plain.blocks }, wordCount: page.count(plain.text), isArticle: false };
    note = largePageNote(size, plain.cut, plain.text.length);
  } else {
    article = runReadability(page, url);
    reading = preferFallback(page, articleReading(page, article));
    // Each rule reads more of the page than the reading so far, where the page shows more; one line each, in this order.
    reading = sidebarRule(page, reading) ?? reading;
    reading = threadRule(page, reading, article) ?? reading;
    reading = oneSectionRule(page, reading) ?? reading;
    reading = cardsRule(page, reading) ?? reading;
    reading = repeatedLinesRule(page, reading) ?? reading;
    if (options.candidates) offerCandidates(page, article, options.candidates);
  }
  reading = declaredProductRule(page, reading) ?? reading;
  // After the declared product: a page that declares its description shows it, and its hidden parts are the rest of the shop.
  if (!size.over) reading = hiddenContentRule(page, reading) ?? reading;
  // Still nothing shown: the page's own description stands in for its text, and the person is told.
  const described = size.over ? undefined : descriptionRule(page, reading);
  if (described) [reading, note] = [described, note ?? DESCRIPTION_NOTE];
  if (!size.over) reading = withStructured(page, reading, finished(reading.structured)) ?? reading;

  // Binary data shown as text, an image or another non-text document: no text to keep, and a reason.
  const unreadable = unreadableReason(doc.contentType || undefined, reading.structured.text);
  if (unreadable) {
    reading = { structured: { text: '', blocks: [] }, wordCount: 0, isArticle: false };
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
    text: reading.structured.text,
    blocks: reading.structured.blocks,
    isArticle: reading.isArticle,
    wordCount: reading.wordCount,
    hasPasswordField,
    contentType: capMetadata(doc.contentType || undefined, PAGE_LIMITS.contentType),
    ...(note ? { note: capMetadata(note, PAGE_LIMITS.note) } : {}),
    extractMs: Math.max(0, now() - started),
  };
}

/**
 * What every reading goes through last, the chosen one and each offered to `ExtractOptions.candidates`: markup a reader
 * never sees as text (./machine-ids), the labels of the page's controls (./control-labels), and the second copies of a
 * page that holds its text twice (./repeated-blocks).
 */
function finished(structured: StructuredText): StructuredText {
  return withoutRepeatedBlocks(withoutControlLabels(withoutMachineIds(structured)));
}

/** Every reading of the page, for `ExtractOptions.candidates`: each as the rules above would build it, with the same finishing rules as the chosen one. */
function offerCandidates(page: Page, article: ReadabilityResult | null, offer: (name: string, structured: StructuredText) => void): void {
  const description = productDescription(page.doc, page.ld);
  const finish = (structured: StructuredText, thread = false) => {
    const cleaned = thread || page.isDiscussion() ? (withoutRepeatedLines(structured) ?? structured) : structured;
    return finished(withDeclaredProduct(cleaned, description));
  };
  const fallback = page.fallbackReading().structured;
  offer('fallback', finish(fallback));
  const cards = withAllCards(page.doc, fallback);
  if (cards) offer('fallback-cards', finish(cards));
  if (article) {
    offer('readability', finish(article.structured));
    const thread = threadPosts(page.doc, article.structured.text) ?? threadPosts(page.doc, article.structured.text, true);
    if (thread) offer('thread', finish(thread, true));
    const articleCards = withAllCards(page.doc, article.structured);
    if (articleCards) offer('readability-cards', finish(articleCards));
  }
  const hidden = hiddenContent(page.doc, (text) => page.count(text));
  if (hidden) offer('hidden', finish(hidden));
}

/** Readability's article as a reading, when it found one; whether the page reads like an article is its separate, cheap, read-only check. */
function articleReading(page: Page, article: ReadabilityResult | null): Reading | undefined {
  if (!article) return undefined;
  const isArticle = isProbablyReaderable(page.doc);
  // On a page that is not an article, a result made mostly of the site's menus is not the page (./site-menus).
  if (!isArticle && mostlySiteMenus(article.content)) return undefined;
  // Readability returns *something* for nearly any page; `isProbablyReaderable` tells whether it has paragraphs of prose.
  return { structured: article.structured, wordCount: page.count(article.structured.text), isArticle };
}

/** An article long enough and not a declared discussion stands; anything else is weighed against the visible-text fallback. */
function preferFallback(page: Page, found: Reading | undefined): Reading {
  if (!found) return page.fallbackReading();
  // A forum thread or Q&A page reads like an article to Readability, which then keeps one post:
  // its fallback (all posts) wins when it holds several times more (an article with a few comments does not).
  const discussion = found.isArticle && found.wordCount >= MIN_ARTICLE_WORDS && page.isDiscussion();
  if (found.isArticle && found.wordCount >= MIN_ARTICLE_WORDS && !discussion) return found;
  const fallback = page.fallbackReading();
  // On an article, only a clearly fuller fallback wins (Readability's cleaning is usually
  // right about short articles); on a page that is not one, the fallback wins unless
  // Readability kept clearly more (its scoring keeps navigation lists on such pages).
  const [words, fallbackWords] = [found.wordCount, fallback.wordCount];
  const useFallback = discussion ? fallbackWords > words * 3 : found.isArticle ? fallbackWords > words * 1.5 + 10 : words <= fallbackWords * 1.5 + 10;
  return useFallback ? fallback : found;
}

/**
 * Readability kept the page's sidebar (./sidebar): the content is elsewhere, and the fallback reads
 * it where it holds clearly more. (A layout class such as "sidebar-first-only" on the content's own
 * column names a sidebar too; there the fallback holds little more than the article.)
 */
function sidebarRule(page: Page, reading: Reading): Reading | undefined {
  if (!reading.isArticle || !page.mayHold(SIDEBAR_GAIN, reading) || !keptInSidebar(page.doc, reading.structured.text, page.locate(reading.structured.text))) return undefined;
  const fallback = page.fallbackReading();
  return fallback.wordCount > SIDEBAR_GAIN * reading.wordCount ? fallback : undefined;
}

/**
 * A forum thread's posts are repeated siblings, of which Readability keeps one: all of them are read
 * (./thread-posts). On a declared discussion whose fallback (the whole page) already won over that
 * one post, the post still locates the thread: its posts without the page's chrome around them
 * (breadcrumbs, sort bars, "similar threads", the forum's footer) replace the fallback.
 */
function threadRule(page: Page, reading: Reading, article: ReadabilityResult | null): Reading | undefined {
  const post = reading.isArticle ? reading.structured : article && page.isDiscussion() ? article.structured : undefined;
  if (!post) return undefined;
  // Where Readability kept the whole thread, user cards and buttons included (dated lines that repeat tell a thread
  // from an article, cheaply), its posts are read on their own: about as much text, without the furniture.
  const thread =
    (page.mayHoldTimes(THREAD_GAIN, post.text) ? threadPosts(page.doc, post.text, false, page.locate(post.text)) : undefined) ??
    (reading.isArticle && repeatsDatedLines(post.text) ? threadPosts(page.doc, post.text, true, page.locate(post.text)) : undefined);
  return thread && { structured: thread, wordCount: page.count(thread.text), isArticle: false, thread: true };
}

/** A thread's posts, or any reading of a declared discussion, without the lines each post repeats (./repeated-lines). */
function repeatedLinesRule(page: Page, reading: Reading): Reading | undefined {
  if (!reading.thread && !page.isDiscussion()) return undefined;
  const cleaned = withoutRepeatedLines(reading.structured);
  return cleaned && withStructured(page, reading, cleaned);
}

/**
 * Service pages, listings and catalogues read like an article to Readability, which then keeps
 * their one prose section or one card: when the page shows several times that, it keeps all.
 */
function oneSectionRule(page: Page, reading: Reading): Reading | undefined {
  if (!reading.isArticle || reading.wordCount < MIN_ARTICLE_WORDS || page.isDiscussion()) return undefined;
  // Not on a shop's page (a shop's CMS dates its product pages too): there Readability keeps one part of the product's page.
  if (page.dated && nonSpaceLength(reading.structured.text) >= MIN_STORY_CHARS && !page.declaresProduct()) return undefined;
  // The visible prose is part of what the bound counts: a page that cannot show enough is not walked.
  const ratio = page.dated || page.declaresProduct() ? SMALL_SHARE_RATIO : UNDATED_SHARE_RATIO;
  if (!page.mayHold(ratio, reading)) return undefined;
  const share = visibleProseLength(page.doc) / nonSpaceLength(reading.structured.text);
  if (share <= ratio) return undefined;
  const fallback = page.fallbackReading();
  if (share > SMALL_SHARE_RATIO) return fallback;
  // An article that declares no date may still show one at its top (a shop's blog post): it keeps the 4× ratio.
  const text = fallback.structured.text;
  if (opensWithDateLine(text)) return undefined;
  // What the page adds must be sections of prose, not a shop's filters and product names, a thread's
  // bylines or a firm's client names, which the visible prose counts too (WCXB dev: collections,
  // articles and services whose gold was the one section Readability kept).
  return proseLinesLength(text) > UNDATED_SHARE_RATIO * proseLinesLength(reading.structured.text) ? fallback : undefined;
}

/** Least non-space characters of a line of prose (some eight words); shorter lines are labels, names and prices. */
const MIN_PROSE_LINE_CHARS = 40;

/** The non-space characters of the lines of `text` long enough to be prose. */
function proseLinesLength(text: string): number {
  let length = 0;
  for (const line of text.split('\n')) {
    const chars = nonSpaceLength(line);
    if (chars >= MIN_PROSE_LINE_CHARS) length += chars;
  }
  return length;
}

/** Listings and collections: Readability (or the fallback's landmark) kept one card or one section of many (./cards). */
function cardsRule(page: Page, reading: Reading): Reading | undefined {
  // On a page about one product, the cards are other products.
  if (page.oneProduct || !page.mayHoldListing(CARDS_GROWTH, reading)) return undefined;
  const listing = withAllCards(page.doc, reading.structured);
  return listing && { structured: listing, wordCount: page.count(listing.text), isArticle: false };
}

/** A page that shows (nearly) nothing until its scripts run is read with its hidden content (./hidden-content). */
function hiddenContentRule(page: Page, reading: Reading): Reading | undefined {
  if (reading.wordCount >= MIN_SHOWN_WORDS) return undefined;
  const hidden = hiddenContent(page.doc, (text) => page.count(text));
  return hidden && { structured: hidden, wordCount: page.count(hidden.text), isArticle: false };
}

/** A page that still shows (nearly) nothing is read as its declared description, where that holds more (./declared-description). */
function descriptionRule(page: Page, reading: Reading): Reading | undefined {
  if (reading.wordCount >= MIN_SHOWN_WORDS) return undefined;
  const described = declaredDescription(page.doc);
  const wordCount = described ? page.count(described.text) : 0;
  return described && wordCount > reading.wordCount ? { structured: described, wordCount, isArticle: false } : undefined;
}

/** `reading` with its text replaced by `structured`, counted again; undefined when it is unchanged. */
function withStructured(page: Page, reading: Reading, structured: StructuredText): Reading | undefined {
  return structured === reading.structured ? undefined : { ...reading, structured, wordCount: page.count(structured.text) };
}

/** A product's declared description and specifications that the text lacks are added after it (./metadata). */
function declaredProductRule(page: Page, reading: Reading): Reading | undefined {
  return withStructured(page, reading, withDeclaredProduct(reading.structured, productDescription(page.doc, page.ld)));
}

/**
 * The visible-text fallback without a shop's reviews, recommendations and legal fine print (./shop-furniture),
 * cookie bars and cart drawers (./overlays) and, on a page about one product, the cards of other
 * products (./other-products): on a clone with
 * them taken out where the page may have some, else on the page itself (read-only; a clone of a
 * whole page is not free).
 */
function fallbackText(page: Page): StructuredText {
  const { doc, oneProduct } = page;
  const body = doc.body;
  const shop = () => page.declaresProduct() || offersPurchase(doc);
  if (!body || (!oneProduct && !hasRecommendations(body) && !(shop() && (hasReviews(body) || hasFinePrint(body))) && !page.hasOverlays())) return visibleText(doc);
  const clone = doc.cloneNode(true) as Document;
  dropRecommendations(clone.body!);
  if (shop()) {
    dropReviews(clone.body!);
    dropFinePrint(clone.body!);
  }
  if (oneProduct) dropOtherProducts(clone.body!);
  if (page.hasOverlays()) dropOverlays(clone.body!);
  return visibleText(clone);
}

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
