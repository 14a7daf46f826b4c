/**
 * Listings and collections: pages made of many cards (posts, products, events,
 * award winners), each a link or heading with a little text. Readability keeps
 * one card or one section of such a page. This rule finds the repeated card
 * structure — several siblings with the same tag and first class name, most
 * holding a link or heading and some text, not mostly links (menus are) — and
 * reads the part of the page that holds the cards and the page's own heading,
 * without navigation, footers, hidden parts, and link lists and furniture
 * (newsletter boxes, share bars: ./boilerplate) beside the cards.
 *
 * It replaces the text found so far only when that text lost most of the cards
 * and the listing reading keeps nearly all of it: it adds cards, it does not
 * trade an article for a grid of related links.
 *
 * Bounded: one post-order walk measures every element (text, link text,
 * links), each element's children are grouped once by signature, and the cards
 * of the one chosen group are read once: linear in the size of the page.
 */
import { structuredText, type StructuredText } from './blocks';
import { MAX_BOX_WORDS, furnitureName } from './boilerplate';
import { nonSpaceLength } from './word-count';
import { MAX_LINK_CHARS } from './link-previews';

/** What the walk measured for one element's subtree (hidden and skipped subtrees left out). */
interface Stats {
  /** Non-space characters of text. */
  text: number;
  /** Non-space characters of text inside links. */
  linkText: number;
  /** Words of text. */
  words: number;
  /** Links (`a[href]`). */
  links: number;
  /** Headings (`h1`–`h6`). */
  headings: number;
}

/** A run of like siblings that reads like cards. */
interface CardGroup {
  parent: Element;
  cards: Element[];
  /** Non-space characters of text in all cards. */
  text: number;
  links: number;
}

const SKIPPED = new Set(['SCRIPT', 'STYLE', 'NOSCRIPT', 'TEMPLATE', 'SVG', 'svg', 'IFRAME', 'OBJECT', 'CANVAS', 'SELECT', 'TEXTAREA', 'BUTTON']);
const CHROME_TAGS = new Set(['NAV', 'HEADER', 'FOOTER', 'ASIDE', 'FORM', 'DIALOG', 'MENU']);
const CHROME_ROLES = /^(navigation|banner|contentinfo|complementary|search|dialog|alertdialog|menu|menubar|toolbar|tooltip)$/i;
const HIDDEN_STYLE = /(^|;)\s*(display\s*:\s*none|visibility\s*:\s*hidden)/i;
const HEADING = /^H[1-6]$/;

/** Fewest cards a listing has. */
const MIN_CARDS = 3;
/** Least text per card (non-space characters; about five words): a menu's items are shorter. */
const MIN_CARD_TEXT = 25;
/** Least text per link in the cards: menus and link lists have one short link per item. */
const MIN_TEXT_PER_LINK = 15;
/** Least text of all cards together. */
const MIN_GROUP_TEXT = 400;
/** Most of the cards' text one card may hold: cards are alike, a page's article beside two small boxes is not a listing. */
const MAX_CARD_SHARE = 0.5;
/** Share of cards holding a link or a heading. */
const MARKED_SHARE = 0.8;
/** A card counts as kept when this share of its words is in the text found so far. */
const CARD_KEPT_SHARE = 0.7;
/** The text found so far lost the cards when it kept fewer than this share of them. */
const LOST_SHARE = 0.5;
/**
 * The listing reading must hold at least this many times the text found so far: the lost cards
 * are then a large part of the page. Below it (a grid of a few related links under an article,
 * an article's own sections Readability trimmed, a shop's guide beside its product grid) the
 * text found is kept. On the WCXB dev sample at 1.0 two articles lost (0.97 → 0.85, 1.00 → 0.96);
 * at 1.5 three collections whose gold is the guide lost (growth 1.66–1.69); every gain grew ≥ 2.5×.
 */
export const MIN_GROWTH = 2;
/**
 * Share of the words of the text found so far that must come from the cards (paragraphs whose
 * first words are the cards'): an article beside a large grid of other stories comes from
 * elsewhere, a listing Readability trimmed comes from its cards.
 */
const MIN_FROM_CARDS = 0.3;
/** Words in a run used to tell which paragraphs of the text found come from the cards. */
const SHINGLE = 6;
/** The listing reading must keep this share of the words of the text found so far. */
const KEEPS_SHARE = 0.8;
/** The page heading's section is read with the cards when it holds at most this many times their text. */
const HEADING_SECTION_RATIO = 2;
/** A block beside the cards with this share of link text (and at least `LINK_LIST_LINKS` links) is a link list (filters, tags, menus). */
const LINK_LIST_SHARE = 0.8;
const LINK_LIST_LINKS = 5;

function isHidden(el: Element): boolean {
  return el.hasAttribute('hidden') || el.getAttribute('aria-hidden') === 'true' || HIDDEN_STYLE.test(el.getAttribute('style') ?? '');
}

const isChrome = (el: Element) => CHROME_TAGS.has(el.tagName) || CHROME_ROLES.test(el.getAttribute('role') ?? '');

/**
 * What the listing reading leaves out wherever it sits (`readListing`'s skip, and no group is
 * found inside it): ./text-bound bounds the listing by the page's text without these, and the
 * card rule is not run where that bound is below the growth it needs. Keep it in step with `readListing`.
 */
export const LISTING_LEAVES_OUT = {
  selector: 'nav, header, footer, aside, form, dialog, menu, [role], [hidden], [aria-hidden], [style]',
  test: (el: Element) => isHidden(el) || isChrome(el),
};

function inChrome(el: Element, root: Element): boolean {
  for (let at: Element | null = el; at && at !== root; at = at.parentElement) if (isChrome(at)) return true;
  return false;
}

/** Tag and first class name, digits dropped ("post-123" and "post-456" are the same kind of card). */
function signature(el: Element): string {
  const first = (el.getAttribute('class') ?? '').trim().split(/\s+/)[0] ?? '';
  return `${el.tagName}.${first.replace(/\d+/g, '')}`;
}

const WORD = /[\p{L}\p{N}]+/gu;
const wordsOf = (text: string) => text.toLowerCase().match(WORD) ?? [];

/** Measures every element under `root` in one walk (depth is bounded by the page guard run before). */
function measure(root: Element): Map<Element, Stats> {
  const stats = new Map<Element, Stats>();
  const visit = (el: Element, inLink: boolean): Stats => {
    const link = el.tagName === 'A' && el.hasAttribute('href');
    const own: Stats = { text: 0, linkText: 0, words: 0, links: link ? 1 : 0, headings: HEADING.test(el.tagName) ? 1 : 0 };
    for (let child = el.firstChild; child; child = child.nextSibling) {
      if (child.nodeType === 3) {
        const value = child.nodeValue ?? '';
        const n = nonSpaceLength(value);
        own.text += n;
        if (n) own.words += value.match(WORD)?.length ?? 0;
        if (inLink || link) own.linkText += n;
      } else if (child.nodeType === 1) {
        const c = child as Element;
        if (SKIPPED.has(c.tagName) || isHidden(c)) continue;
        const s = visit(c, inLink || link);
        own.text += s.text;
        own.linkText += s.linkText;
        own.words += s.words;
        own.links += s.links;
        own.headings += s.headings;
      }
    }
    stats.set(el, own);
    return own;
  };
  visit(root, false);
  return stats;
}

/**
 * The page's cards: runs of like siblings under `root` that read like cards, those of one kind
 * (same card and parent signatures: the sections of a catalogue, the rows of a grid) taken
 * together, the kind with the most text winning.
 */
function mainCardGroup(root: Element, stats: Map<Element, Stats>): CardGroup | undefined {
  const kinds = new Map<string, CardGroup[]>();
  for (const parent of stats.keys()) {
    if (parent.childElementCount < MIN_CARDS || isChrome(parent)) continue;
    const bySignature = new Map<string, Element[]>();
    for (let child = parent.firstElementChild; child; child = child.nextElementSibling) {
      if (!stats.get(child)?.text) continue;
      const key = signature(child);
      const list = bySignature.get(key);
      if (list) list.push(child);
      else bySignature.set(key, [child]);
    }
    for (const [key, cards] of bySignature) {
      if (cards.length < MIN_CARDS) continue;
      let text = 0;
      let links = 0;
      let marked = 0;
      let largest = 0;
      for (const card of cards) {
        const s = stats.get(card)!;
        text += s.text;
        largest = Math.max(largest, s.text);
        links += s.links;
        if (s.links > 0 || s.headings > 0) marked++;
      }
      const cardLike =
        marked >= cards.length * MARKED_SHARE &&
        text >= MIN_CARD_TEXT * cards.length &&
        text >= MIN_TEXT_PER_LINK * links &&
        text >= MIN_GROUP_TEXT &&
        largest <= MAX_CARD_SHARE * text;
      if (!cardLike || inChrome(parent, root)) continue;
      const kind = `${key} ${signature(parent)}`;
      const list = kinds.get(kind);
      if (list) list.push({ parent, cards, text, links });
      else kinds.set(kind, [{ parent, cards, text, links }]);
    }
  }
  let best: CardGroup | undefined;
  for (const groups of kinds.values()) {
    let merged = groups[0]!;
    for (const group of groups.slice(1)) {
      const parent = commonAncestor(merged.parent, group.parent);
      // Runs scattered over the whole page (a content grid and a sidebar's) are not one listing: the largest run stands alone.
      if (!parent || parent === root || parent === root.ownerDocument.documentElement) {
        merged = groups.reduce((a, b) => (b.text > a.text ? b : a));
        break;
      }
      merged = { parent, cards: [...merged.cards, ...group.cards], text: merged.text + group.text, links: merged.links + group.links };
    }
    if (!best || merged.text > best.text) best = merged;
  }
  return best;
}

function commonAncestor(a: Element, b: Element): Element | null {
  const seen = new Set<Element>();
  for (let at: Element | null = a; at; at = at.parentElement) seen.add(at);
  for (let at: Element | null = b; at; at = at.parentElement) if (seen.has(at)) return at;
  return null;
}

/** The cards' part of the page: their parent, or the section that holds them and the page's heading when that adds little. */
function listingRoot(doc: Document, body: Element, group: CardGroup, stats: Map<Element, Stats>): { root: Element; heading?: Element } {
  const heading = Array.from(body.querySelectorAll('h1')).find((h) => (stats.get(h)?.text ?? 0) > 0 && !inChrome(h, body));
  if (!heading || group.parent.contains(heading)) return { root: group.parent };
  const section = commonAncestor(group.parent, heading);
  if (section && section !== body && section !== doc.documentElement && (stats.get(section)?.text ?? Infinity) <= HEADING_SECTION_RATIO * group.text) return { root: section };
  return { root: group.parent, heading };
}

/** Reads the listing: the cards' part of the page without chrome, hidden parts and link lists beside the cards; the page heading first when outside it. */
function readListing(root: Element, heading: Element | undefined, group: CardGroup, stats: Map<Element, Stats>): StructuredText {
  const cards = new Set(group.cards);
  const inCard = (el: Element) => {
    for (let at: Element | null = el; at && at !== root; at = at.parentElement) if (cards.has(at)) return true;
    return false;
  };
  // The wrappers of the cards (a merged group's cards sit in several sections under its parent): never link lists beside them.
  const holdsCards = new Set<Element>();
  for (const card of group.cards) for (let at = card.parentElement; at && at !== root && !holdsCards.has(at); at = at.parentElement) holdsCards.add(at);
  const skip = (el: Element) => {
    const s = stats.get(el);
    // A link holding another page's whole text is a preview of it (./link-previews), as in the other readings.
    if (isHidden(el) || isChrome(el) || (el.tagName === 'A' && (s?.text ?? 0) > MAX_LINK_CHARS)) return true;
    if (s && s.words <= MAX_BOX_WORDS && furnitureName(el) && !cards.has(el) && !el.contains(group.parent)) return true;
    if (!s || s.links < LINK_LIST_LINKS || s.linkText < LINK_LIST_SHARE * s.text) return false;
    return !el.contains(group.parent) && !holdsCards.has(el) && !inCard(el);
  };
  const reading = structuredText(root, skip);
  const title = heading ? (heading.textContent ?? '').replace(/\s+/g, ' ').trim() : '';
  if (!title) return reading;
  const offset = title.length + 2;
  return {
    text: reading.text ? `${title}\n\n${reading.text}` : title,
    blocks: [{ kind: 'heading', level: 1, start: 0, end: title.length }, ...reading.blocks.map((b) => ({ ...b, start: b.start + offset, end: b.end + offset }))],
  };
}

/** The listing reading of `doc` with what decides whether it replaces `found`. */
function listingCandidate(
  doc: Document,
  found: StructuredText,
): { listing: StructuredText; cards: number; keptShare: number; keepsShare: number; fromCardsShare: number } | undefined {
  const body = doc.body;
  if (!body) return undefined;
  const stats = measure(body);
  const group = mainCardGroup(body, stats);
  if (!group) return undefined;
  const present = new Set(wordsOf(found.text));
  let kept = 0;
  const cardWords: string[] = [];
  for (const card of group.cards) {
    const words = wordsOf(structuredText(card, isHidden).text);
    if (words.filter((word) => present.has(word)).length >= CARD_KEPT_SHARE * words.length) kept++;
    cardWords.push(...words, '');
  }
  // Which of the found paragraphs come from the cards: the 6-word run each starts with, looked up among the cards' runs.
  const runs = new Set<string>();
  for (let i = 0; i + SHINGLE <= cardWords.length; i++) runs.add(cardWords.slice(i, i + SHINGLE).join(' '));
  let fromCards = 0;
  let measured = 0;
  for (const block of found.blocks) {
    const words = wordsOf(found.text.slice(block.start, block.end));
    if (words.length < SHINGLE) continue;
    measured += words.length;
    if (runs.has(words.slice(0, SHINGLE).join(' '))) fromCards += words.length;
  }
  const { root, heading } = listingRoot(doc, body, group, stats);
  const listing = readListing(root, heading, group, stats);
  const listed = new Set(wordsOf(listing.text));
  const foundWords = wordsOf(found.text);
  const keepsShare = foundWords.length ? foundWords.filter((word) => listed.has(word)).length / foundWords.length : 1;
  return { listing, cards: group.cards.length, keptShare: kept / group.cards.length, keepsShare, fromCardsShare: measured ? fromCards / measured : 0 };
}

/**
 * The page read as a listing, when `found` (the text extraction kept so far)
 * lost most of its cards and the listing reading keeps nearly all of `found`;
 * undefined otherwise. Read-only on `doc`.
 */
export function withAllCards(doc: Document, found: StructuredText): StructuredText | undefined {
  const candidate = listingCandidate(doc, found);
  if (!candidate || candidate.keptShare >= LOST_SHARE || candidate.keepsShare < KEEPS_SHARE || candidate.fromCardsShare < MIN_FROM_CARDS) return undefined;
  return nonSpaceLength(candidate.listing.text) >= MIN_GROWTH * nonSpaceLength(found.text) ? candidate.listing : undefined;
}
