/**
 * Boxes a page lays over its content, which the visible-text fallback reads as if they were
 * part of it: cookie and consent banners, and a shop's cart drawer or mini-cart ("Shopping
 * Basket … Subtotal €0.00 … Checkout"). A saved page has them in its markup, shown or not;
 * they are never the page's text. Found by their names (class or id), which every consent
 * tool and shop theme gives them; removed only while small (a page whose content sits in an
 * element that happens to carry such a name keeps it).
 *
 * Run on a clone (the fallback's), never on the live page. One query for the candidates.
 */
import { classAndId } from './visible-text';
import { runsOfWordsInUpTo, runsOfWordsUpTo } from './word-count';

/** Candidates: class or id containing one of the names (narrowed by `OVERLAY_NAME`). */
const OVERLAY_SELECTOR = ['cookie', 'consent', 'gdpr', 'cart', 'basket'].map((name) => `[class*="${name}" i], [id*="${name}" i]`).join(', ');

/**
 * A name of such a box, whole between `-`, `_` or spaces: "cookie-banner", "CybotCookiebotDialog"
 * (a camelCase part), "cmplz-cookiebanner", "mini-cart", "cart-drawer", "side-cart", "basket-flyout".
 * Not "cart" alone: a product page's "Add to cart" form is named so, and it holds the price and options.
 */
const OVERLAY_NAME =
  /(^|[\s_-])(cookie-?(banner|bar|notice|consent|popup|modal|law|box|dialog|wrapper|container)?|cookiebanner|cookies|cookiebot\w*|consent(-?(banner|manager|modal|popup|box))?|gdpr(-?\w+)?|onetrust-\w+|mini-?cart|cart-?(drawer|flyout|sidebar|popup|modal|overlay|panel|preview|notification)|(side|slide|drawer|offcanvas|off-canvas|floating|ajax|fly|popup)-?cart|basket-?(drawer|flyout|sidebar|popup|modal|overlay|panel|preview)|mini-?basket)($|[\s_-])|CookieConsent|CybotCookiebot/i;

/** Largest box removed, in words: a banner, a consent dialog with its purposes, a cart with a few lines. */
const MAX_OVERLAY_WORDS = 400;
/** And at most this share of the page: a page made of it (a cookie policy) keeps it. */
const MAX_OVERLAY_SHARE = 0.3;

function overlayNamed(el: Element): boolean {
  return OVERLAY_NAME.test(classAndId(el, 4));
}

/** Whether `root` holds an element named as an overlay (cheap: one query, names tested). */
export function hasOverlays(root: Element): boolean {
  return Array.from(root.querySelectorAll(OVERLAY_SELECTOR)).some(overlayNamed);
}

/** Most of the page's words counted: beyond it, any box within `MAX_OVERLAY_WORDS` is within `MAX_OVERLAY_SHARE` of the page. */
const TOTAL_COUNTED = Math.ceil(MAX_OVERLAY_WORDS / MAX_OVERLAY_SHARE);

/**
 * Removes cookie banners and cart drawers from `root` (a clone), in place. Returns whether `root`
 * held an element named as an overlay (`hasOverlays` before the removal): the query is not made twice.
 */
export function dropOverlays(root: Element): boolean {
  let total: number | undefined;
  let named = false;
  for (const el of Array.from(root.querySelectorAll(OVERLAY_SELECTOR))) {
    if (!overlayNamed(el)) continue;
    named = true;
    if (!root.contains(el) || el.querySelector('h1')) continue;
    const words = runsOfWordsUpTo(el.textContent, MAX_OVERLAY_WORDS);
    if (words > MAX_OVERLAY_WORDS) continue;
    // The page's words are counted when a first box is weighed, before anything is removed (most pages have none), and only as far as the share needs.
    total ??= runsOfWordsInUpTo(root, TOTAL_COUNTED);
    if (words <= total * MAX_OVERLAY_SHARE) el.remove();
  }
  return named;
}
