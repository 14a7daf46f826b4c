/**
 * The fallback for pages that are not articles (home pages, docs indexes,
 * apps): the main landmark's text, or the page's visible text without its
 * navigation chrome. Works on a clone; never on the live page.
 */
import { structuredText, type StructuredText } from './blocks';
import { isLinkPreview } from './link-previews';

/** Page chrome that is not content when we fall back to the whole body. */
const CHROME_TAGS = new Set(['NAV', 'HEADER', 'FOOTER', 'ASIDE', 'FORM', 'DIALOG', 'MENU', 'BUTTON', 'SELECT', 'TEXTAREA', 'SVG', 'IFRAME']);
const CHROME_ROLES = /^(navigation|banner|contentinfo|complementary|search|dialog|alertdialog|menu|menubar|toolbar|tooltip)$/i;
/** Inline styles that hide an element (a clone is not rendered, so computed styles are not available). */
const HIDDEN_STYLE = /(^|;)\s*(display\s*:\s*none|visibility\s*:\s*hidden)/i;

/**
 * `aria-hidden` hides from assistive technology, not from view: pages set it on icons and on the copies a
 * carousel shows (noise here), and a modal script sets it on the whole page behind an open dialog (a cookie
 * banner's), main landmark included. That landmark is the page, shown around the dialog.
 */
export function ariaHidden(el: Element): boolean {
  return el.getAttribute('aria-hidden') === 'true' && el.tagName.toUpperCase() !== 'MAIN' && !/^main$/i.test(el.getAttribute('role') ?? '');
}

function isHidden(el: Element): boolean {
  return el.hasAttribute('hidden') || ariaHidden(el) || HIDDEN_STYLE.test(el.getAttribute('style') ?? '') || (el.tagName === 'INPUT' && el.getAttribute('type') === 'hidden');
}

export function isChrome(el: Element): boolean {
  return CHROME_TAGS.has(el.tagName.toUpperCase()) || CHROME_ROLES.test(el.getAttribute('role') ?? '');
}

/**
 * An element's class and id as one string ("class id"), which the rules that know page parts by
 * their names test. The `id` attribute, not `el.id`: a form's `id` property is its control named
 * "id" where it has one (Shopify's cart forms). An id of more than `maxIdParts` parts (split at
 * "-" and "_") is left out where a rule asks: long ids are anchors named after their text
 * ("what-are-cookies-and-how-we-use-them"), not names of page parts.
 */
export function classAndId(el: Element, maxIdParts = Infinity): string {
  const id = el.getAttribute('id') ?? '';
  return `${el.getAttribute('class') ?? ''} ${maxIdParts === Infinity || id.split(/[-_]/).length <= maxIdParts ? id : ''}`;
}

/** Landmarks tried before the whole body, with the least text a landmark needs to be trusted. */
const LANDMARKS = ['main', '[role="main" i]', 'article'];
const MIN_LANDMARK_CHARS = 200;

/**
 * An `<article>` is the page's content only when it holds at least this share of the text of
 * all the page's outermost articles: several of similar size are the cards of a catalogue, the
 * testimonials of a course page or the posts of a thread, and the largest one is not the page.
 */
const MIN_ARTICLE_SHARE = 0.6;

const textLength = (el: Element) => el.textContent?.trim().length ?? 0;

/** The main landmark of `doc` when it holds real text, else `doc.body`. */
function contentRoot(doc: Document): { root: Element | null; landmark: boolean } {
  for (const selector of LANDMARKS) {
    const candidates = Array.from(doc.querySelectorAll(selector)).filter((el) => !isHidden(el));
    // Each candidate's text measured once, not at each comparison of the sort (a listing has dozens of <article> cards).
    const lengths = new Map(candidates.map((el) => [el, textLength(el)]));
    const lengthOf = (el: Element) => lengths.get(el)!;
    const best = candidates.sort((a, b) => lengthOf(b) - lengthOf(a))[0];
    if (!best || lengthOf(best) < MIN_LANDMARK_CHARS) continue;
    if (selector === 'article' && candidates.length > 1) {
      const outermost = candidates.filter((el) => !el.parentElement?.closest('article'));
      const total = outermost.reduce((sum, el) => sum + lengthOf(el), 0);
      if (lengthOf(best) < MIN_ARTICLE_SHARE * total) continue;
    }
    return { root: best, landmark: true };
  }
  return { root: doc.body ?? doc.documentElement, landmark: false };
}

/** Readers' comments under a post (named so in the markup): not a section of the page that Readability would have missed. */
const COMMENTS = /(^|[\s_-])(comments?|comment-?list|commentlist)($|[\s_-])/i;

const SKIPPED_TEXT = new Set(['SCRIPT', 'STYLE', 'NOSCRIPT', 'TEMPLATE']);

/**
 * How many non-space characters of `visibleText` are not link text, counted read-only on the
 * live document (no clone, no blocks): cheap enough to ask on every page, to tell whether
 * Readability's article is a small part of what the page shows. Link text is left out: the
 * sidebars of a blog (archives, categories, recent posts) are links, a page's other sections
 * and cards are mostly not. Readers' comments are left out too.
 */
export function visibleProseLength(doc: Document): number {
  const { root, landmark } = contentRoot(doc);
  if (!root) return 0;
  let length = 0;
  const visit = (node: Node) => {
    for (let child = node.firstChild; child; child = child.nextSibling) {
      if (child.nodeType === 3) length += (child.nodeValue ?? '').replace(/\s+/g, '').length;
      else if (child.nodeType === 1) {
        const el = child as Element;
        const tag = el.tagName.toUpperCase();
        if (tag === 'A' || SKIPPED_TEXT.has(tag) || isHidden(el) || (!landmark && isChrome(el)) || COMMENTS.test(classAndId(el))) continue;
        visit(el);
      }
    }
  };
  visit(root);
  return length;
}

/**
 * A control, inside the main landmark too: a button that is not a disclosure's heading (an FAQ's question, which opens its
 * answer, names it with `aria-expanded` or `aria-controls`), or a text field. A card's "Add to favorites", "Quickshop",
 * a filter's toggles are not the page's text (WCXB dev, Chromium: 84 pages read better, 11 worse, all +0.0016).
 */
function isControl(el: Element): boolean {
  return (el.tagName === 'BUTTON' && !el.hasAttribute('aria-expanded') && !el.hasAttribute('aria-controls')) || el.tagName === 'TEXTAREA';
}

/** Structured visible text of `doc`: its main landmark, or its body without navigation chrome. */
export function visibleText(doc: Document): StructuredText {
  const { root, landmark } = contentRoot(doc);
  if (!root) return { text: '', blocks: [] };
  // Inside a landmark, a header or aside is usually part of the content (its controls are not); on the whole body it is chrome.
  const skip = landmark ? (el: Element) => isHidden(el) || isControl(el) || isLinkPreview(el) : (el: Element) => isHidden(el) || isChrome(el) || isLinkPreview(el);
  return structuredText(root, skip);
}
