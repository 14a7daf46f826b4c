/**
 * Forum threads and comment-led discussions: Readability scores each post
 * separately and keeps the best one, so a thread of twenty posts is read as
 * its first (or longest) post. Structurally, the posts of a thread are
 * repeated siblings (same tag, a shared class name) under one parent, each
 * with an author, a date and a body. When the post Readability kept is one
 * of such siblings, this rule reads all of them instead (chrome inside each
 * post — reply and quote buttons, forms, menus — left out). Read-only on the
 * document: the result is built from a clone of the posts' parent.
 */
import { structuredText, type StructuredText } from './blocks';
import { nonSpaceLength } from './word-count';

/** Readability's post is replaced only when the repeated siblings hold clearly more. */
export const MIN_GAIN = 2;
/**
 * Where Readability kept the whole thread, user cards, signatures and buttons included, the posts
 * read on their own replace it when they hold about as much (`COVER_SHARE` of it up to `MAX_COVER`
 * times it): the same thread without the furniture, not more of the page.
 */
const COVER_SHARE = 0.6;
const MAX_COVER = 1.2;
/** At least this many sibling posts (the kept one included), each with at least `MIN_POST_CHARS` of text. */
const MIN_POSTS = 3;
const MIN_POST_CHARS = 20;
/** How far above the kept text the post container may sit (body > ... > thread > post > body > p). */
const MAX_LEVELS = 12;
/** A snippet of the kept text this long or longer locates it in the page. */
const MIN_ANCHOR_CHARS = 30;

const CHROME = new Set(['NAV', 'FORM', 'BUTTON', 'SELECT', 'TEXTAREA', 'SVG', 'IFRAME', 'DIALOG', 'MENU', 'SCRIPT', 'STYLE', 'NOSCRIPT', 'TEMPLATE']);
const CHROME_ROLES = /^(navigation|search|dialog|alertdialog|menu|menubar|toolbar|tooltip)$/i;
const HIDDEN_STYLE = /(^|;)\s*(display\s*:\s*none|visibility\s*:\s*hidden)/i;

/**
 * Inside a post, its furniture: the signature and the reactions bar (an aside, a footer), and the
 * author's statistics (a definition list of short pairs: "Joined", "Messages", "Reaction score").
 */
function postFurniture(el: Element): boolean {
  const tag = el.tagName.toUpperCase();
  if (tag === 'ASIDE' || tag === 'FOOTER') return true;
  if (tag !== 'DL') return false;
  const values = Array.from(el.children).filter((child) => child.tagName.toUpperCase() === 'DD');
  return values.length > 0 && values.every((dd) => squeeze(dd.textContent ?? '').split(' ').length <= 4);
}

function skipped(el: Element): boolean {
  return (
    CHROME.has(el.tagName.toUpperCase()) ||
    postFurniture(el) ||
    CHROME_ROLES.test(el.getAttribute('role') ?? '') ||
    el.hasAttribute('hidden') ||
    el.getAttribute('aria-hidden') === 'true' ||
    HIDDEN_STYLE.test(el.getAttribute('style') ?? '')
  );
}

const squeeze = (text: string) => text.replace(/\s+/g, ' ').trim();

/** The longest line of the kept text: the one most likely to occur once in the page. */
function anchorOf(kept: string): string | undefined {
  const longest = kept
    .split('\n')
    // A list item's line starts with the "- " the text adds (./blocks), which the page does not hold.
    .map((line) => squeeze(line).replace(/^- /, ''))
    .sort((a, b) => b.length - a.length)[0];
  return longest && longest.length >= MIN_ANCHOR_CHARS ? longest.slice(0, 80) : undefined;
}

/** The element of `doc` whose own text holds `anchor` (a text node's parent, or the smallest element around it). */
function locate(doc: Document, anchor: string): Element | null {
  const body = doc.body;
  if (!body) return null;
  const walker = doc.createTreeWalker(body, 4 /* NodeFilter.SHOW_TEXT */);
  const head = anchor.slice(0, MIN_ANCHOR_CHARS);
  // Squeezing changes only whitespace, so a node holding `head` holds its longest word as is:
  // that cheap test first, the squeeze only for the few nodes that pass it.
  const word = head.split(' ').reduce((a, b) => (b.length > a.length ? b : a));
  const holders: Element[] = [];
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const value = node.nodeValue ?? '';
    if (!value.includes(word)) continue;
    if (squeeze(value).includes(head)) return node.parentElement;
    if (node.parentElement && holders.length < MAX_HOLDERS) holders.push(node.parentElement);
  }
  // A line that starts in inline markup ("<strong>Main hurdles:</strong> From what…") is split over
  // text nodes: the smallest element around a node holding its longest word that holds it all.
  return holders.map((el) => enclosingLine(el, head)).find((el) => el !== null) ?? null;
}

/** How many text nodes holding an anchor's longest word are tried as part of a line split over inline markup. */
const MAX_HOLDERS = 8;
/** How far above such a text node the line's element may be (the node's `<em>` in a `<strong>` in a `<p>`). */
const LINE_LEVELS = 3;

function enclosingLine(el: Element, head: string): Element | null {
  for (let at: Element | null = el, level = 0; at && level < LINE_LEVELS; at = at.parentElement, level++) {
    if (squeeze(at.textContent ?? '').includes(head)) return at;
  }
  return null;
}

/** The element of `doc` that holds the longest line of `kept` (a reading's text), or null where it is not found. */
export function locateKept(doc: Document, kept: string): Element | null {
  const anchor = anchorOf(kept);
  return anchor ? locate(doc, anchor) : null;
}

/** A date in a post: a <time> element, a datetime attribute, or a written date ("Jan 3, 2024", "3.1.2024", "2 days ago"). */
const DATE_TEXT =
  /\b(\d{1,2}[./-]\d{1,2}[./-]\d{2,4}|\d{4}-\d{2}-\d{2}|(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.? \d{1,2}(st|nd|rd|th)?,? \d{4}|\d{1,2} (jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]* \d{4}|\d+ (minutes?|hours?|days?|weeks?|months?|years?) ago)\b/i;
const dated = (post: Element) => post.querySelector('time, [datetime]') !== null || DATE_TEXT.test(post.textContent ?? '');

const classesOf = (el: Element) => (el.getAttribute('class') ?? '').split(/\s+/).filter(Boolean);

/** Siblings of `el` that look like it: same tag, and a class name in common (or both without one). */
function lookalikes(el: Element): Element[] {
  const parent = el.parentElement;
  if (!parent) return [el];
  const tag = el.tagName;
  const classes = new Set(classesOf(el));
  return Array.from(parent.children).filter((sibling) => {
    if (sibling.tagName !== tag) return false;
    const theirs = classesOf(sibling);
    return classes.size === 0 ? theirs.length === 0 : theirs.some((name) => classes.has(name));
  });
}

/** How many elements before the first post are looked at for the lead post, at each of two levels. */
const LEAD_LOOKBACK = 3;
/** Least non-space text of a lead post. */
const MIN_LEAD_CHARS = 50;

/**
 * The thread's opening post when it is not one of the lookalike replies: a question above its
 * answers (Stack Exchange's question beside the answers' list), an opening post styled apart
 * from the replies. It is the nearest dated element with text before the first reply, among the
 * reply's preceding siblings or, above them, its parent's.
 */
function leadPost(first: Element): Element | undefined {
  for (const from of [first, first.parentElement]) {
    let looked = 0;
    for (let at = from?.previousElementSibling; at && looked < LEAD_LOOKBACK; at = at.previousElementSibling) {
      if (skipped(at) || nonSpaceLength(at.textContent ?? '') < MIN_POST_CHARS) continue;
      looked++;
      if (nonSpaceLength(at.textContent ?? '') >= MIN_LEAD_CHARS && dated(at)) return at;
    }
  }
  return undefined;
}

/**
 * All posts of the thread whose one post Readability kept (`kept`, its text), or undefined when the
 * kept text is not one of several repeated siblings holding clearly more text. With `covering`,
 * `kept` is the whole thread: its posts, each read without its furniture, about as much text.
 * `start`: where `kept` is in `doc`, when the caller has located it already (`locateKept` walks the page's text).
 */
export function threadPosts(doc: Document, kept: string, covering = false, start = locateKept(doc, kept)): StructuredText | undefined {
  if (!start) return undefined;
  const keptChars = nonSpaceLength(kept);
  let el: Element | null = start;
  for (let level = 0; el && el !== doc.body && level < MAX_LEVELS; level++, el = el.parentElement) {
    // The post container holds (most of) what Readability kept; below it are the post's own paragraphs.
    const small = nonSpaceLength(el.textContent ?? '') < keptChars * 0.8;
    if (small && !covering) continue;
    const posts = lookalikes(el).filter((post) => !skipped(post) && nonSpaceLength(post.textContent ?? '') >= MIN_POST_CHARS);
    if (posts.length < MIN_POSTS) continue;
    // Covering: one post's paragraphs are below the level whose lookalikes together hold what Readability kept.
    if (small && posts.reduce((sum, post) => sum + nonSpaceLength(post.textContent ?? ''), 0) < keptChars * 0.8) continue;
    // Cards of a listing and sections of a service page are repeated siblings too; posts are signed and dated.
    if (posts.filter(dated).length < posts.length / 2) return undefined;
    const parent = el.parentElement!.cloneNode(false) as Element;
    const lead = leadPost(posts[0]!);
    let earlier = '';
    for (const post of lead ? [lead, ...posts] : posts) {
      const copy = post.cloneNode(true) as Element;
      // A reply quoting an earlier post repeats it: the thread holds it once, where it was written.
      for (const quote of Array.from(copy.querySelectorAll('blockquote'))) {
        const line = anchorOf(quote.textContent ?? '');
        if (line && earlier.includes(line.slice(0, MIN_ANCHOR_CHARS))) quote.remove();
      }
      earlier += ' ' + squeeze(post.textContent ?? '');
      parent.appendChild(copy);
    }
    const thread = structuredText(parent, skipped);
    const chars = nonSpaceLength(thread.text);
    if (covering ? chars >= keptChars * COVER_SHARE && chars <= keptChars * MAX_COVER : chars > keptChars * MIN_GAIN) return thread;
    return undefined;
  }
  return undefined;
}
