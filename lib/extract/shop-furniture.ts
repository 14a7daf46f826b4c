/**
 * What a shop page shows around its product that is not the product: the
 * customers' reviews, the carousels of other products ("Related products",
 * "You may also like", "Customers also bought") and the legal fine print. The visible-text fallback
 * keeps a product page's every section, so without these rules a product's
 * description drowns in hundreds of review and card words (on the WCXB dev
 * product pages, reviews alone were up to 40 % of the fallback's words).
 *
 * Run on a clone (the fallback's), never on the live page. The work is bounded:
 * one query per rule and, per matched heading, a climb of a few ancestors.
 */
import { classAndId } from './visible-text';
import { runsOfWords, runsOfWordsUpTo } from './word-count';

/** A heading that introduces other products, not this one (any language-independent markup; English wording, the most common). */
const RECOMMENDATIONS =
  /^\s*(related(?! search)( products| items| books)?|products related to|you (may|might|will|'ll) (also )?(like|love|enjoy|need)|you may also|recommended( for you| products)?|customers (also|who)|people (also|who)|similar (products|items|brands)|complete the (set|look)|recently viewed|frequently bought|more (from|like this)|pairs? well with|shop the look|compare (with )?similar|other customers)\b/i;
/** Headings longer than this are content that happens to start with such words. */
const MAX_HEADING_WORDS = 8;
/** A climb stops below an ancestor with more words than this outside the section that are not link text (the page's other content). */
const MAX_OWN_PROSE_WORDS = 40;
/** A review or fine-print block is removed only while it holds less than this share of the content's words (a page made of reviews keeps them). */
const MAX_SHARE = 0.6;

const HEADING_SELECTOR = 'h1, h2, h3, h4, h5, h6, [role="heading" i]';
/** Review lists and their items, named in their markup: class, id, data-hook, or schema.org microdata. */
const REVIEW_SELECTOR = '[class*="review" i], [id*="review" i], [data-hook*="review" i], [itemprop="review" i], [itemtype*="schema.org/Review" i]';

/** "review(s)" as a word or a camelCase part of a name ("cm-review-list", "customerReviews", "reviewText"), not inside one ("preview", "reviewed"). */
const REVIEW_NAME = /((^|[^a-zA-Z])[rR]|[a-z]R)eviews?($|[^a-z])/;

/** Reviews by the press or the publisher (a book's blurbs) are the product's description, not its customers'. */
const EDITORIAL = /editorial/i;

/** Words of `el`'s text that are not inside links. */
function nonLinkWords(el: Element): number {
  let linked = 0;
  for (const a of Array.from(el.querySelectorAll('a'))) linked += runsOfWords(a.textContent);
  return Math.max(0, runsOfWords(el.textContent) - linked);
}

/**
 * The section a recommendations heading introduces: its ancestors, climbed while the heading
 * is still their first one, they do not hold the page's main heading, and what they add is
 * link text (the cards' names and prices link to the other products) or little prose.
 */
function sectionOf(heading: Element, root: Element): Element {
  let section = heading;
  for (let parent = section.parentElement; parent && parent !== root; parent = parent.parentElement) {
    if (parent.querySelector('h1') || parent.querySelector(HEADING_SELECTOR) !== heading) break;
    if (nonLinkWords(parent) - nonLinkWords(section) > MAX_OWN_PROSE_WORDS) break;
    section = parent;
  }
  return section;
}

/** Whether `heading` introduces other products ("Related products", "You may also like"). */
function introducesRecommendations(heading: Element): boolean {
  if (heading.tagName === 'H1') return false;
  const text = heading.textContent ?? '';
  return RECOMMENDATIONS.test(text) && runsOfWords(text) <= MAX_HEADING_WORDS;
}

/** Whether `dropRecommendations` would remove anything from `root` (read-only: the fallback then needs no clone). */
export function hasRecommendations(root: Element): boolean {
  return Array.from(root.querySelectorAll(HEADING_SELECTOR)).some(introducesRecommendations);
}

/** Removes the carousels and grids of other products under a "Related products"-like heading, in place. */
export function dropRecommendations(root: Element): void {
  for (const heading of Array.from(root.querySelectorAll(HEADING_SELECTOR))) {
    if (root.contains(heading) && introducesRecommendations(heading)) sectionOf(heading, root).remove();
  }
}

/** Buttons a shop's product page offers to buy it. */
const BUY_BUTTON = /^\s*(add to (cart|bag|basket|trolley)|buy now|buy it now)\b/i;
/** Buttons looked at, at most: the buy button sits near the top of a product page. */
const MAX_BUTTONS = 300;

/** True when `doc` offers to buy something (an "Add to cart" button): a shop's page, whether or not it declares its product. */
export function offersPurchase(doc: Document): boolean {
  const buttons = doc.querySelectorAll('button, input[type="submit" i], input[type="button" i], [role="button" i]');
  for (let i = 0; i < Math.min(buttons.length, MAX_BUTTONS); i++) {
    const button = buttons[i]!;
    if (BUY_BUTTON.test(button.tagName === 'INPUT' ? (button.getAttribute('value') ?? '') : (button.textContent ?? ''))) return true;
  }
  return false;
}

/** Whether `el` is a block of customer reviews, named so in its markup (not an editor's or the press's review). */
function namedReview(el: Element): boolean {
  // The block that holds the product itself is not its reviews.
  if (el.querySelector('h1')) return false;
  // Longer ids are anchors named after their text ("bosch-shp78cm5n-review": an editor's review of one product), not names of page parts.
  const named = `${classAndId(el, 2)} ${el.getAttribute('data-hook') ?? ''}`;
  if (EDITORIAL.test(named)) return false;
  return REVIEW_NAME.test(named) || el.matches('[itemprop="review" i], [itemtype*="schema.org/Review" i]');
}

/** Whether `dropReviews` would remove anything from `root` (read-only: the fallback then needs no clone). */
export function hasReviews(root: Element): boolean {
  let total: number | undefined;
  for (const el of Array.from(root.querySelectorAll(REVIEW_SELECTOR))) {
    if (!namedReview(el)) continue;
    // Counted only once a named review is found: most pages have none.
    total ??= runsOfWords(root.textContent);
    if (total > 0 && withinShare(el, total)) return true;
  }
  return false;
}

/**
 * Removes customer reviews (lists, items, rating summaries) named as such in the markup, in place.
 * Only for a shop's page (it declares a product or offers to buy one): elsewhere (a review article, a forum) "review" names the content.
 */
export function dropReviews(root: Element): void {
  let total: number | undefined;
  for (const el of Array.from(root.querySelectorAll(REVIEW_SELECTOR))) {
    // Inside a block removed already.
    if (!root.contains(el) || !namedReview(el)) continue;
    // Counted when a first named review is weighed, before anything is removed: most pages have none.
    total ??= runsOfWords(root.textContent);
    if (total === 0) return;
    if (withinShare(el, total)) el.remove();
  }
}

/** Whether `el` holds at most `MAX_SHARE` of `total` words (counted only as far as that). */
function withinShare(el: Element, total: number): boolean {
  return runsOfWordsUpTo(el.textContent, Math.floor(total * MAX_SHARE)) <= total * MAX_SHARE;
}

/**
 * Fine print named in the markup: disclaimers ("product-disclaimer", "common-bottom-disclaimer").
 * Not blocks named "legal": eBay's "sellerLegalText" (the seller's business details, import charges) is text the reader wants.
 */
const FINE_PRINT_SELECTOR = '[class*="disclaimer" i], [id*="disclaimer" i]';
/** "disclaimer(s)" as a word or a camelCase part of a name, not inside one ("chartdisclaimer"). */
const FINE_PRINT_NAME = /((^|[^a-zA-Z])[dD]|[a-z]D)isclaimers?($|[^a-z])/;

/**
 * A shop's legal fine print around its product (financing terms, "results may vary" footnotes,
 * trademark notices, consent wording): the blocks named so, outermost first, that do
 * not hold the product's `<h1>` and hold at most `MAX_SHARE` of `root`'s words.
 */
function finePrint(root: Element): Element[] {
  const found: Element[] = [];
  let total: number | undefined;
  for (const el of Array.from(root.querySelectorAll(FINE_PRINT_SELECTOR))) {
    if (found.some((outer) => outer.contains(el)) || !FINE_PRINT_NAME.test(classAndId(el)) || el.querySelector('h1')) continue;
    // Counted only once a named block is found: most pages have none.
    total ??= runsOfWords(root.textContent);
    if (total > 0 && withinShare(el, total)) found.push(el);
  }
  return found;
}

/** Whether `dropFinePrint` would remove anything from `root` (read-only: the fallback then needs no clone). */
export function hasFinePrint(root: Element): boolean {
  return finePrint(root).length > 0;
}

/** Removes a shop page's legal fine print, in place. Only for a shop's page: elsewhere a disclaimer may be part of the content (a study's, a post's). */
export function dropFinePrint(root: Element): void {
  for (const el of finePrint(root)) el.remove();
}
