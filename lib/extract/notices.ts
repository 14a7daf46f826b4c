/**
 * Site notices that Readability keeps inside an article: the copyright line ("Copyright © 2025
 * WABC-TV. All Rights Reserved."), the cookie notice ("We use cookies on our website to …")
 * and the row of share buttons read as text ("SMS Facebook Twitter Email"). Each is a whole
 * line of its own, short, and told by its words: a sentence of the article that mentions
 * cookies or copyright is longer or does not start so. Found on the WCXB dev articles, whose
 * gold text leaves them out.
 */
import { runsOfWordsUpTo } from './word-count';

const collapse = (raw: string) => raw.replace(/\s+/g, ' ').trim();
const text = (el: Element) => collapse(el.textContent ?? '');

const COPYRIGHT = /^(copyright\b|©|\(c\) \d{4})|\ball rights reserved\b/i;
const MAX_COPYRIGHT_WORDS = 30;
const COOKIES = /^(this (web)?site|we|our (web)?site) (uses?|is using) cookies\b/i;
/** What a cookie notice goes on to say (a sentence that starts "We use cookies" in a story about a bakery does not). */
const COOKIE_NOTICE = /\b(consent|accept|agree|preferences|experience|browsing|privacy|policy|settings|by (continuing|clicking|using))\b/i;
const MAX_COOKIE_WORDS = 80;
/** Words of a row of share buttons: networks and the actions beside them. */
const SHARE_WORD =
  /^(share|sharing|tweet|facebook|twitter|x|email|e-mail|mail|sms|text|linkedin|pinterest|pin|reddit|whatsapp|telegram|tumblr|flipboard|threads|bluesky|mastodon|messenger|print|copy|link|url|on|this|article|story|post)$/i;
/** Networks: a row of share buttons names at least two. */
const NETWORK = /^(facebook|twitter|x|email|e-mail|sms|linkedin|pinterest|reddit|whatsapp|telegram|tumblr|flipboard|threads|bluesky|mastodon|messenger|print)$/i;
const MAX_SHARE_WORDS = 12;
/** No notice is longer: a longer line's text is not even normalised (its runs of words are the same either way). */
const MAX_NOTICE_WORDS = Math.max(MAX_COPYRIGHT_WORDS, MAX_COOKIE_WORDS, MAX_SHARE_WORDS);

/** Whether a line's text (`body`, of `words` runs of words) is a notice of the site rather than the article's. */
function isNotice(body: string, words: number): boolean {
  if (words === 0) return false;
  if (words <= MAX_COPYRIGHT_WORDS && COPYRIGHT.test(body)) return true;
  if (words <= MAX_COOKIE_WORDS && COOKIES.test(body) && COOKIE_NOTICE.test(body)) return true;
  if (words > MAX_SHARE_WORDS) return false;
  const tokens = body.split(/[\s|•·/,]+/).filter(Boolean);
  return tokens.every((token) => SHARE_WORD.test(token)) && tokens.filter((token) => NETWORK.test(token)).length >= 2;
}

/** Block elements: an inline element is a line only when it is all the text of its block. */
const BLOCK_TAGS = /^(P|LI|DIV|H[1-6]|DD|DT|TD|TH|FIGCAPTION|SECTION|ARTICLE|HEADER|FOOTER|ASIDE|BLOCKQUOTE|UL|OL)$/;

/** Removes copyright lines, cookie notices and rows of share buttons from Readability's article element, in place. */
export function dropNotices(article: Element): void {
  for (const line of Array.from(article.querySelectorAll('p, div, li, ul, span, small, footer, section, aside'))) {
    if (!article.contains(line) || line.querySelector('p, table, pre, h1, h2, h3, h4, h5, h6, blockquote')) continue;
    const raw = line.textContent ?? '';
    // Exact up to the limit, and the same on the collapsed text (spaces are not part of a run): not counted twice.
    const words = runsOfWordsUpTo(raw, MAX_NOTICE_WORDS);
    if (words > MAX_NOTICE_WORDS) continue;
    const body = collapse(raw);
    if (!isNotice(body, words)) continue;
    // An inline element is a line only when it is all its block's text ("<p><span>© 2025 …</span></p>", not a span in a sentence).
    if (!BLOCK_TAGS.test(line.tagName)) {
      let block = line.parentElement;
      while (block && block !== article && !BLOCK_TAGS.test(block.tagName)) block = block.parentElement;
      if (!block || text(block) !== body) continue;
    }
    line.remove();
  }
}
