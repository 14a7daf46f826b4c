/**
 * Grids and carousels of other products on a product page: "Similar sponsored items",
 * "People who viewed this item also viewed", a shop's own "Show variations" strip, whatever
 * the heading says (or when there is none). Each card is a link to another product with its
 * price; the product the page is about is one block with one price, and its `<h1>`.
 *
 * Found structurally: a run of at least `MIN_CARDS` like siblings (same tag and first class
 * name; any list items), most of them holding a link and a price, short each, none holding the
 * page's `<h1>`, and together not nearly all of the page. Only on a page about one product
 * (./metadata `declaresOneProduct`: its `<h1>` is the product it declares); a category page is
 * made of such cards, and there they are the content (./cards). On a clone (the fallback's) or
 * Readability's article, never the live page.
 *
 * Bounded: one pass over the elements; a parent's children are grouped once, and a run's
 * cards are read only when it has enough of them, stopping at the first that is no card (the
 * sections of a page fail on their first, long, member).
 */
import { ariaHidden } from './visible-text';
import { runsOfWords } from './word-count';

/** Fewest cards of a grid of other products. */
const MIN_CARDS = 3;
/** Share of the cards that must hold a link and a price. */
const PRICED_SHARE = 0.8;
/** Most words of one card: a card is a name, a price, a rating, a button. */
const MAX_CARD_WORDS = 80;
/** Most of the page's words the grids removed together may hold: beyond it the cards are the page (a category, a catalogue). */
const MAX_SHARE = 0.8;

/**
 * A price: a currency sign or code next to digits ("$20.00", "€ 132,34", "US $18.00", "132,34 €",
 * "EUR 163.12", "£675"). Any language: the signs and ISO codes are the same everywhere.
 */
const PRICE =
  /(?:[$€£¥₹₩₽¢]|\b(?:USD|EUR|GBP|CAD|AUD|NZD|CHF|JPY|INR|AED|SEK|NOK|DKK|PLN|CZK|HUF|RON|BRL|MXN|ZAR)\b|\bRs\.?|\bkr\.?|zł)\s?\d|\d[\d.,]*\s?(?:[€£¥₹₩₽]|\b(?:USD|EUR|GBP|CHF|SEK|NOK|DKK|PLN|CZK|kr|zł|Kč|Ft|lei)\b)/;

/** Never shown as the card's text: scripts, and the menus and pop-ups a card carries ("Why you're seeing this ad"). */
const UNSHOWN_TAGS = new Set(['SCRIPT', 'STYLE', 'NOSCRIPT', 'TEMPLATE', 'SVG', 'svg']);
const UNSHOWN_ROLES = /^(menu|dialog|alertdialog|tooltip)$/i;

/** Words `el` shows: its text without scripts, hidden parts and pop-up menus. */
function shownWords(el: Element): number {
  let words = 0;
  const visit = (node: Element) => {
    for (let child = node.firstChild; child; child = child.nextSibling) {
      if (child.nodeType === 3) words += runsOfWords(child.nodeValue ?? '');
      else if (child.nodeType === 1) {
        const inner = child as Element;
        if (UNSHOWN_TAGS.has(inner.tagName) || inner.hasAttribute('hidden') || ariaHidden(inner) || UNSHOWN_ROLES.test(inner.getAttribute('role') ?? '')) continue;
        visit(inner);
      }
    }
  };
  visit(el);
  return words;
}

function signature(el: Element): string {
  // The items of a list are alike whatever their classes (a carousel marks the ones in view).
  if (el.tagName === 'LI') return 'LI';
  const first = (el.getAttribute('class') ?? '').trim().split(/\s+/)[0] ?? '';
  return `${el.tagName}.${first.replace(/\d+/g, '')}`;
}

/** The runs of like element children of `parent` with at least `MIN_CARDS` members. */
function likeRuns(parent: Element): Element[][] {
  const groups = new Map<string, Element[]>();
  for (let child = parent.firstElementChild; child; child = child.nextElementSibling) {
    const key = signature(child);
    const group = groups.get(key);
    if (group) group.push(child);
    else groups.set(key, [child]);
  }
  return [...groups.values()].filter((group) => group.length >= MIN_CARDS);
}

/** Whether `cards` read as other products: most link somewhere and show a price, each is short, none holds the page's title. */
function areOtherProducts(cards: Element[]): boolean {
  let priced = 0;
  for (const card of cards) {
    if (card.querySelector('h1')) return false;
    const text = card.textContent ?? '';
    if (shownWords(card) > MAX_CARD_WORDS) return false;
    if ((card.tagName === 'A' || card.querySelector('a[href]')) && PRICE.test(text)) priced++;
  }
  return priced >= cards.length * PRICED_SHARE;
}

/** Removes the grids and carousels of other products from `root` (a clone of a product page's body), in place. */
export function dropOtherProducts(root: Element): void {
  const total = shownWords(root);
  if (total === 0) return;
  const grids: Element[][] = [];
  for (const parent of Array.from(root.querySelectorAll('*'))) {
    if (parent.childElementCount < MIN_CARDS) continue;
    for (const run of likeRuns(parent)) if (areOtherProducts(run)) grids.push(run);
  }
  // Outermost first (document order puts a parent before its children): an inner run of a removed grid is gone with it.
  let removed = 0;
  for (const cards of grids) {
    if (!cards.every((card) => root.contains(card))) continue;
    const words = cards.reduce((sum, card) => sum + shownWords(card), 0);
    if (removed + words > total * MAX_SHARE) continue;
    removed += words;
    for (const card of cards) card.remove();
  }
}
