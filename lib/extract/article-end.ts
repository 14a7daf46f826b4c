/**
 * What a page adds around an article's own text and Readability keeps with it: "Related
 * articles" and "Recommended reading" sections after the text, the author's bio under it, affiliate
 * disclosures, and date and reading-time lines ("Updated on June 18, 2025", "3 min read").
 * Found on the WCXB dev articles, where the gold text leaves them out; each rule is structural
 * (a heading that names a section of links, a short line that is only a date) or limited to
 * the article's last part, where such furniture sits, so the text's own sentences stay.
 */
import { runsOfWords } from './word-count';

const HEADING = /^H([1-6])$/;
/** Elements read as one line of text (a paragraph, a list item, a short box). */
const LINE = 'p, li, div, span, time, small, h1, h2, h3, h4, h5, h6';
const BLOCK_INSIDE = 'p, div, li, ul, ol, table, h1, h2, h3, h4, h5, h6, blockquote, pre, figure';

/**
 * The title of a section that is not the article's: links to other stories.
 * The whole heading, bar a short tail ("Related articles on Move.org", "Recommended reading").
 */
const TRAILING_SECTION =
  /^(related|recommended|more (from|on|stories|articles|posts|news|reading|to read)|read next|what to read next|up next|you (may|might|will) (also )?(like|enjoy)|further reading|keep reading|most (popular|read)|popular (posts|articles|stories)|latest (news|posts|articles|stories)|trending( now)?)\b[^.!?:]{0,40}$/i;
/** A section of the article's last part: where it starts (share of the article's words before it) and at most how much of the article it may hold. */
const SECTION_AFTER_SHARE = 0.5;
const MAX_SECTION_SHARE = 0.35;

/** An author's bio: "Rebecca Norris is a full-time freelance writer …", "Nicoletta Richardson is Trending Editor for …". */
const AUTHOR_BIO =
  /^(dr\.? )?[\p{Lu}][\p{L}.’'-]+( [\p{Lu}][\p{L}.’'-]+){0,3},? (is|was|has been|serves as|works as)( a| an| the)?\b.{0,120}\b(writer|editor|journalist|author|contributor|reporter|columnist|blogger|freelancer?|correspondent)s?\b/u;
const BIO_AFTER_SHARE = 0.6;
const MAX_BIO_WORDS = 120;

/** An affiliate disclosure: "This post contains affiliate links…", "…we may earn a commission". */
const DISCLOSURE =
  /\b(this|our) (post|article|page|site|blog post|content|story)\b.{0,40}\b(contains?|includes?|has|have|may contain)\b.{0,20}affiliate|\baffiliate links?\b.{0,200}\b(we|i|us)\b.{0,30}\b(earn|receive|get|make)\b|\b(we|i) (may|might|could)? ?(earn|receive|get|make) (a )?(small )?(commission|compensation|fee)|\bearn (a|an)? ?(small )?(affiliate )?commission/i;
const MAX_DISCLOSURE_WORDS = 80;

const MONTH = '(jan(uary)?|feb(ruary)?|mar(ch)?|apr(il)?|may|june?|july?|aug(ust)?|sep(t(ember)?)?|oct(ober)?|nov(ember)?|dec(ember)?)\\.?';
const DATE = `(((mon|tues|wednes|thurs|fri|satur|sun)day,? )?(${MONTH} \\d{1,2}(st|nd|rd|th)?,? ?(\\d{4})?|\\d{1,2} ${MONTH},? \\d{4}|${MONTH} \\d{4}|\\d{4}-\\d\\d-\\d\\d|\\d{1,2}/\\d{1,2}/\\d{2,4}))`;
/** A line that is only a date, with its label ("Last updated: April 21, 2025", "Friday, December 19, 2025"), or a reading time ("3 min read"). */
const DATE_LINE = new RegExp(`^((last )?(updated|published|posted|reviewed|modified)( on)?:? )?${DATE}( (at )?\\d{1,2}:\\d\\d( ?[ap]m)?)?\\.?$|^\\d+ min(ute)?s?\\.? read$`, 'i');
const MAX_DATE_WORDS = 12;

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

/**
 * Lines with no block inside whose text passes `test`: the unit the line rules look at. The
 * text test runs first: it is cheap, and most lines fail it, so the costlier whole-line test
 * (the text of the block around) runs on few.
 */
function leafLines(article: Element, test: (body: string, words: number) => boolean): Array<{ line: Element; body: string }> {
  const lines: Array<{ line: Element; body: string }> = [];
  for (const line of Array.from(article.querySelectorAll(LINE))) {
    if (line.querySelector(BLOCK_INSIDE) !== null) continue;
    const body = text(line);
    if (test(body, runsOfWords(body)) && isWholeLine(line, article)) lines.push({ line, body });
  }
  return lines;
}

/**
 * Removes a section headed "Related articles", "Sources", "More from …" in the article's second
 * half: the heading and what follows it up to the next heading of the same or a higher level.
 */
export function dropTrailingSections(article: Element): void {
  const total = runsOfWords(article.textContent ?? '');
  if (total === 0) return;
  for (const heading of Array.from(article.querySelectorAll('h1, h2, h3, h4, h5, h6'))) {
    if (!article.contains(heading) || !TRAILING_SECTION.test(text(heading))) continue;
    const level = Number(HEADING.exec(heading.tagName)?.[1] ?? 6);
    // The section: the heading's following siblings, climbing out of wrappers that hold only the heading.
    const section: Element[] = [heading];
    let anchor: Element = heading;
    while (!anchor.nextElementSibling && anchor.parentElement && anchor.parentElement !== article) anchor = anchor.parentElement;
    for (let next = anchor.nextElementSibling; next; next = next.nextElementSibling) {
      const inner = HEADING.test(next.tagName) ? next : next.querySelector('h1, h2, h3, h4, h5, h6');
      if (inner && Number(HEADING.exec(inner.tagName)?.[1] ?? 6) <= level) break;
      section.push(next);
    }
    const words = section.reduce((n, el) => n + runsOfWords(el.textContent ?? ''), 0);
    if (words > total * MAX_SECTION_SHARE || wordsBefore(article, heading) < total * SECTION_AFTER_SHARE) continue;
    for (const el of section) el.remove();
  }
}

/** Removes the author's bio in the article's last part, with the line of the author's name before it. */
export function dropAuthorBio(article: Element): void {
  const bios = leafLines(article, (body, words) => words <= MAX_BIO_WORDS && AUTHOR_BIO.test(body));
  if (bios.length === 0) return;
  const total = runsOfWords(article.textContent ?? '');
  for (const { line, body } of bios) {
    if (!article.contains(line) || wordsBefore(article, line) < total * BIO_AFTER_SHARE) continue;
    // "Kelia Losa Reinoso" on its own line just before "Kelia Losa Reinoso is a content writer …".
    const name = body.slice(0, body.search(/,? (is|was|has been|serves as|works as)\b/));
    const previous = line.previousElementSibling ?? line.parentElement?.previousElementSibling;
    if (previous && article.contains(previous) && text(previous) === name) previous.remove();
    line.remove();
  }
}

/** Removes affiliate disclosures and lines that are only a date or a reading time, anywhere in the article. */
export function dropDisclosuresAndDates(article: Element): void {
  const furniture = leafLines(article, (body, words) => (words <= MAX_DATE_WORDS && DATE_LINE.test(body)) || (words <= MAX_DISCLOSURE_WORDS && DISCLOSURE.test(body)));
  for (const { line } of furniture) if (article.contains(line)) line.remove();
}
