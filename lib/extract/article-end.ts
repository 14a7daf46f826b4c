/**
 * What a page adds around an article's own text and Readability keeps with it: "Related
 * articles" and "Recommended reading" sections after the text, the author's bio under it, affiliate
 * disclosures, and date and reading-time lines ("Updated on June 18, 2025", "3 min read").
 * Found on the WCXB dev articles, where the gold text leaves them out; each rule is structural
 * (a heading that names a section of links, a short line that is only a date) or limited to
 * the article's last part, where such furniture sits, so the text's own sentences stay.
 */
import { siteOf } from '../library/page-identity';
import { runsOfWords, runsOfWordsUpTo } from './word-count';

const HEADING = /^H([1-6])$/;
/** Elements read as one line of text (a paragraph, a list item, a short box). */
const LINE = 'p, li, div, span, time, small, h1, h2, h3, h4, h5, h6';
const BLOCK_INSIDE = 'p, div, li, ul, ol, table, h1, h2, h3, h4, h5, h6, blockquote, pre, figure';

/**
 * The title of a section that is not the article's: links to other stories.
 * The whole heading, bar a short tail ("Related articles on Move.org", "Recommended reading").
 */
const TRAILING_SECTION =
  /^(related|recommended|recommend (posts|articles|stories|reading)|more (from|on|stories|articles|posts|news|reading|to read)|read next|what to read next|up next|you (may|might|will) (also )?(like|enjoy)|further reading|keep reading|most (popular|read)|popular (posts|articles|stories)|(latest|recent) (news|posts|articles|stories)|trending( now)?)\b[^.!?:]{0,40}:?$/i;
/** A section of the article's last part: where it starts (share of the article's words before it) and at most how much of the article it may hold. */
const SECTION_AFTER_SHARE = 0.5;
const MAX_SECTION_SHARE = 0.35;

/** An author's bio: "Rebecca Norris is a full-time freelance writer …", "Nicoletta Richardson is Trending Editor for …". */
const AUTHOR_BIO =
  /^(dr\.? )?[\p{Lu}][\p{L}.’'-]+( [\p{Lu}][\p{L}.’'-]+){0,3},? (is|was|has been|serves as|works as)( a| an| the)?\b.{0,120}\b(writer|editor|journalist|author|contributor|reporter|columnist|blogger|freelancer?|correspondent)s?\b/u;
const BIO_AFTER_SHARE = 0.6;
const MAX_BIO_WORDS = 120;

/** An affiliate disclosure: "This post contains affiliate links…", "…we may earn a commission", "Purchases made through our links may earn us a commission". */
const DISCLOSURE =
  /\b(this|our) (post|article|page|site|blog post|content|story)\b.{0,40}\b(contains?|includes?|has|have|may contain)\b.{0,20}affiliate|\baffiliate links?\b.{0,200}\b(we|i|us)\b.{0,30}\b(earn|receive|get|make)\b|\b(we|i) (may|might|could)? ?(earn|receive|get|make) (a )?(small )?(commission|compensation|fee)|\bearn (us |me )?(a|an)? ?(small )?(affiliate )?commission/i;
const MAX_DISCLOSURE_WORDS = 80;

const MONTH = '(jan(uary)?|feb(ruary)?|mar(ch)?|apr(il)?|may|june?|july?|aug(ust)?|sep(t(ember)?)?|oct(ober)?|nov(ember)?|dec(ember)?)\\.?';
const DATE = `(((mon|tues|wednes|thurs|fri|satur|sun)day,? )?(${MONTH} \\d{1,2}(st|nd|rd|th)?,? ?(\\d{4})?|\\d{1,2} ${MONTH},? \\d{4}|${MONTH} \\d{4}|\\d{4}-\\d\\d-\\d\\d|\\d{1,2}/\\d{1,2}/\\d{2,4}))`;
/** A line that is only a date, with its label ("Last updated: April 21, 2025", "Friday, December 19, 2025"), or a reading time ("3 min read"). */
const DATE_LINE = new RegExp(`^((last )?(updated|published|posted|reviewed|modified)( on)?:? )?${DATE}( (at )?\\d{1,2}:\\d\\d( ?[ap]m)?)?\\.?$|^\\d+ min(ute)?s?\\.? read$`, 'i');
const MAX_DATE_WORDS = 12;

/** Whether one of the first `lines` lines of `text` is only a date (or a reading time): an article's header shows one, a service page's top rarely does. */
export function opensWithDateLine(text: string, lines = 15): boolean {
  return text
    .split('\n', lines * 2)
    .filter((line) => line.trim())
    .slice(0, lines)
    .some((line) => line.split(/\s+/).length <= MAX_DATE_WORDS && DATE_LINE.test(line.trim()));
}

/** The words of the article before `node` in document order (a walk over the text before it; called only for lines a rule matched). */
function wordsBefore(article: Element, node: Element): number {
  let count = 0;
  const walker = article.ownerDocument.createTreeWalker(article, 4 /* NodeFilter.SHOW_TEXT */);
  for (let text = walker.nextNode(); text; text = walker.nextNode()) {
    if (node.contains(text) || (node.compareDocumentPosition(text) & 2) === 0) break; // DOCUMENT_POSITION_PRECEDING
    count += runsOfWords(text.nodeValue ?? '');
  }
  return count;
}

function text(el: Element): string {
  return (el.textContent ?? '').replace(/\s+/g, ' ').trim();
}

/** Block elements: a `span` or `time` is a line only when it is all the text of the block around it. */
const BLOCK_TAGS = /^(P|LI|DIV|H[1-6]|DD|DT|TD|TH|FIGCAPTION|SECTION|ARTICLE|HEADER|FOOTER|ASIDE|BLOCKQUOTE)$/;

/** Whether `el` is a whole line: a block, or inline text alone in its block ("<p><time>June 9, 2025</time></p>", not a date inside a sentence). */
function isWholeLine(el: Element, root: Element): boolean {
  if (BLOCK_TAGS.test(el.tagName)) return true;
  const own = text(el);
  let block = el.parentElement;
  while (block && block !== root && !BLOCK_TAGS.test(block.tagName)) block = block.parentElement;
  return block !== null && text(block) === own;
}

/** A line of the article: its element, its text (spaces collapsed) and its words (counted as far as the scan asked). */
interface Line {
  line: Element;
  body: string;
  words: number;
}

/**
 * Lines with no block inside, of at most `maxWords` words, whose text passes `test`: the unit the line rules look at. The
 * text test runs first: it is cheap, and most lines fail it, so the costlier whole-line test
 * (the text of the block around) runs on few.
 */
function leafLines(article: Element, maxWords: number, test: (body: string, words: number) => boolean): Line[] {
  const lines: Line[] = [];
  for (const line of Array.from(article.querySelectorAll(LINE))) {
    if (line.querySelector(BLOCK_INSIDE) !== null) continue;
    // Counted on the raw text, as far as `maxWords` (which `test` asks at most): a longer line's text is not normalised.
    const raw = line.textContent ?? '';
    const words = runsOfWordsUpTo(raw, maxWords);
    if (words > maxWords) continue;
    const body = raw.replace(/\s+/g, ' ').trim();
    if (test(body, words) && isWholeLine(line, article)) lines.push({ line, body, words });
  }
  return lines;
}

/**
 * Removes a section headed "Related articles", "Sources", "More from …" in the article's second
 * half: the heading and what follows it up to the next heading of the same or a higher level.
 */
export function dropTrailingSections(article: Element): void {
  // The article's words are counted where a first section is weighed, before anything is removed (most articles have none).
  let total: number | undefined;
  for (const heading of Array.from(article.querySelectorAll('h1, h2, h3, h4, h5, h6, p'))) {
    if (!article.contains(heading) || !TRAILING_SECTION.test(text(heading))) continue;
    const section = heading.tagName === 'P' ? labelledList(heading) : sectionUnder(heading, article);
    if (!section) continue;
    total ??= runsOfWords(article.textContent ?? '');
    const words = section.reduce((n, el) => n + runsOfWords(el.textContent ?? ''), 0);
    if (words > total * MAX_SECTION_SHARE || holdsProse(section) || wordsBefore(article, heading) < total * SECTION_AFTER_SHARE) continue;
    for (const el of section) el.remove();
  }
}

/**
 * Least words of a paragraph of the article's own prose. Links to other stories are titles, and
 * their teasers a line or two cut short ("…"); a section titled "Related" that goes on in whole
 * paragraphs ("A 2010 paper with … considers what happens when …", WCXB 0406) is the article's.
 */
const MIN_PROSE_WORDS = 40;

/** Whether a section holds a paragraph of prose: long, not cut short, not mostly a link. */
function holdsProse(section: Element[]): boolean {
  return section.some((el) =>
    [...(el.tagName === 'P' ? [el] : []), ...Array.from(el.querySelectorAll('p'))].some((p) => {
      const body = text(p);
      if (runsOfWordsUpTo(body, MIN_PROSE_WORDS) < MIN_PROSE_WORDS || /(\.\.\.|…)$/.test(body)) return false;
      return linkedChars(p, 'a') < body.length / 2;
    }),
  );
}

/** A heading's section: its following siblings up to the next heading of its level or higher, climbing out of wrappers that hold only the heading. */
function sectionUnder(heading: Element, article: Element): Element[] {
  const level = Number(HEADING.exec(heading.tagName)?.[1] ?? 6);
  const section: Element[] = [heading];
  let anchor: Element = heading;
  while (!anchor.nextElementSibling && anchor.parentElement && anchor.parentElement !== article) anchor = anchor.parentElement;
  for (let next = anchor.nextElementSibling; next; next = next.nextElementSibling) {
    const inner = HEADING.test(next.tagName) ? next : next.querySelector('h1, h2, h3, h4, h5, h6');
    if (inner && Number(HEADING.exec(inner.tagName)?.[1] ?? 6) <= level) break;
    section.push(next);
  }
  return section;
}

/** Characters of `el`'s text inside its links (`selector`: which anchors count). */
function linkedChars(el: Element, selector: 'a' | 'a[href]'): number {
  return Array.from(el.querySelectorAll(selector)).reduce((n, link) => n + text(link).length, 0);
}

/** Share of a list's text in its links for it to be a list of links to other pages. */
const MIN_LINK_LIST_SHARE = 0.8;

/**
 * A paragraph that is only the label ("<p><strong>YOU MIGHT ALSO LIKE:</strong></p>") and the list of
 * links right after it. Only such a list: a label in a paragraph may also head the article's own text
 * ("More on remote work", then paragraphs; "Recommended books", then a list of titles).
 */
function labelledList(label: Element): Element[] | undefined {
  const list = label.nextElementSibling;
  if (label.querySelector(BLOCK_INSIDE) || !list || (list.tagName !== 'UL' && list.tagName !== 'OL')) return undefined;
  return linkedChars(list, 'a[href]') >= MIN_LINK_LIST_SHARE * text(list).length ? [label, list] : undefined;
}

/**
 * Teasers of other stories after the article, without a heading that names them: cards, each an
 * element holding one heading that is all a link to another page ("<h3><a href=…>How to set up a
 * home office</a></h3>") and the story's first lines or date. Told from the article's own
 * sections by the wrapper: a section's heading sits among its paragraphs, a teaser's in a box of
 * its own, repeated beside others. Only in the article's last part, and only a minority of it;
 * that part is measured without the runs of cards of the same rank above: a listing Readability
 * reads as an article (a homepage, a section's lists by topic) ends in runs of its own cards
 * below others like them, with no prose above (WCXB 2968 and 2934, whose last cards the rule took).
 */
/**
 * Least cards in a run. At 2 a hub page's pairs of linked topics in a grid (WCXB 0349, docs, 0.955 → 0.696)
 * and a roundup's two items in a row linking home (4452) went too; at 3 neither, and no sampled page lost.
 */
const MIN_TEASERS = 3;
/** Largest card, in words: a title and a few lines of the story. */
const MAX_TEASER_WORDS = 150;
const TEASERS_AFTER_SHARE = 0.5;
const MAX_TEASERS_SHARE = 0.5;

/**
 * A heading whose whole text is one link to another page of the same site (`sites`: the page's
 * hosts). Links to other sites are a roundup's products ("Brother XM2701" on amzn.to), which
 * are the article's text; teasers of the site's own stories link home.
 */
function linkHeading(heading: Element, sites: string[]): boolean {
  const links = heading.querySelectorAll('a[href]');
  const href = links.length === 1 ? (links[0]!.getAttribute('href') ?? '') : '';
  if (!href || href.startsWith('#')) return false;
  const body = text(heading);
  if (body.length === 0 || text(links[0]!) !== body) return false;
  try {
    return sites.includes(siteOf(new URL(href, heading.ownerDocument.documentURI).href));
  } catch {
    return false; // Not an address.
  }
}

/** The next sibling that holds text (a rule or spacer between two cards does not part them). */
function nextWithText(el: Element): Element | null {
  let next = el.nextElementSibling;
  while (next && !/\S/.test(next.textContent ?? '')) next = next.nextElementSibling;
  return next;
}

/**
 * Whether a run of cards is the whole list: no sibling of the same kind (tag and class) is left out.
 * A roundup that links mostly to other sites and twice in a row to its own site is one list of
 * items, not two teasers.
 */
function wholeList(run: Element[]): boolean {
  const kind = (el: Element) => `${el.tagName} ${el.getAttribute('class') ?? ''}`;
  const first = run[0]!;
  const inRun = new Set(run);
  return Array.from(first.parentElement?.children ?? []).every((sibling) => inRun.has(sibling) || kind(sibling) !== kind(first));
}

/** Removes runs of teaser cards from the article's last part; `page` is the page's address. */
export function dropTeaserCards(article: Element, page: string): void {
  // Readability made links absolute against the document's own address, which may differ from `page` (a saved copy).
  const sites = [page, article.ownerDocument.documentURI].map(siteOf).filter(Boolean);
  const titles = Array.from(article.querySelectorAll('h2, h3, h4, h5, h6')).filter((heading) => linkHeading(heading, sites));
  if (titles.length < MIN_TEASERS) return;
  const isTitle = new Set(titles);
  // Each title's card: its largest wrapper that holds no other title. Cards next to each other make a run.
  const runs: Array<{ cards: Element[]; rank: string }> = [];
  for (const title of titles) {
    let card = title;
    for (let up = card.parentElement; up && up !== article; up = up.parentElement) {
      if (Array.from(up.querySelectorAll('h2, h3, h4, h5, h6')).some((h) => h !== title && isTitle.has(h))) break;
      card = up;
    }
    // A title with no wrapper of its own is a section heading among the article's paragraphs.
    if (card === title) continue;
    const last = runs.at(-1);
    if (last && nextWithText(last.cards.at(-1)!) === card) last.cards.push(card);
    else runs.push({ cards: [card], rank: title.tagName });
  }
  const total = runsOfWords(article.textContent ?? '');
  // Words of the repeated cards above each run whose titles have its rank (heading level): a listing Readability
  // kept ends in runs of the same cards as those above them (WCXB 2968, 2934), an article in teasers below its prose
  // (a shop's product cards above its blog's teasers are another rank: 4329).
  const cardsAbove = new Map<string, number>();
  for (const { cards, rank } of runs) {
    const words = cards.map((card) => runsOfWords(card.textContent ?? ''));
    const sum = words.reduce((a, b) => a + b, 0);
    const teasers =
      cards.length >= MIN_TEASERS &&
      words.every((n) => n <= MAX_TEASER_WORDS) &&
      sum <= total * MAX_TEASERS_SHARE &&
      wholeList(cards) &&
      wordsBefore(article, cards[0]!) - (cardsAbove.get(rank) ?? 0) >= total * TEASERS_AFTER_SHARE;
    if (teasers) for (const card of cards) card.remove();
    else if (cards.length > 1) cardsAbove.set(rank, (cardsAbove.get(rank) ?? 0) + sum);
  }
}

const isBio = (body: string, words: number) => words <= MAX_BIO_WORDS && AUTHOR_BIO.test(body);
/** An affiliate disclosure or a line that is only a date or a reading time. */
const isFurnitureLine = (body: string, words: number) => (words <= MAX_DATE_WORDS && DATE_LINE.test(body)) || (words <= MAX_DISCLOSURE_WORDS && DISCLOSURE.test(body));
const MAX_FURNITURE_WORDS = Math.max(MAX_DATE_WORDS, MAX_DISCLOSURE_WORDS);

/** Removes those of `bios` (lines of `article`) in the article's last part, with the line of the author's name before each; whether it removed any. */
function dropBios(article: Element, bios: Line[]): boolean {
  if (bios.length === 0) return false;
  const total = runsOfWords(article.textContent ?? '');
  let removed = false;
  for (const { line, body } of bios) {
    if (!article.contains(line) || wordsBefore(article, line) < total * BIO_AFTER_SHARE) continue;
    // "Kelia Losa Reinoso" on its own line just before "Kelia Losa Reinoso is a content writer …".
    const name = body.slice(0, body.search(/,? (is|was|has been|serves as|works as)\b/));
    const previous = line.previousElementSibling ?? line.parentElement?.previousElementSibling;
    if (previous && article.contains(previous) && text(previous) === name) previous.remove();
    line.remove();
    removed = true;
  }
  return removed;
}

/**
 * Removes the author's bio in the article's last part (with the line of the author's name before it), then affiliate
 * disclosures and lines that are only a date or a reading time, anywhere in the article. The article's lines are scanned
 * once for both, and again only where a bio was removed (which may change what a line is); most articles have none, and
 * each scan reads every line's text.
 */
export function dropAuthorBioAndDisclosures(article: Element): void {
  const lines = leafLines(article, Math.max(MAX_BIO_WORDS, MAX_FURNITURE_WORDS), (body, words) => isBio(body, words) || isFurnitureLine(body, words));
  const removed = dropBios(
    article,
    lines.filter(({ body, words }) => isBio(body, words)),
  );
  const furniture = removed ? leafLines(article, MAX_FURNITURE_WORDS, isFurnitureLine) : lines.filter(({ body, words }) => isFurnitureLine(body, words));
  for (const { line } of furniture) if (article.contains(line)) line.remove();
}
