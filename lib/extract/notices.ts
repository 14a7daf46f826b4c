/**
 * Site notices that Readability keeps inside an article: the copyright line ("Copyright © 2025
 * WABC-TV. All Rights Reserved."), the cookie notice ("We use cookies on our website to …"),
 * the row of share buttons read as text ("SMS Facebook Twitter Email"), the newsletter box's
 * lines ("Sign up to our newsletter", "By entering your email address you agree to …"), the label an
 * advertisement leaves in the story ("Advertisement - Continue Reading Below"), a paywall's
 * prompt ("This article is exclusive to … subscribers", "Already have an account? Log in") and the page's count of
 * views ("Visited 1,902 times"). (The labels of its controls go in every reading: ./control-labels.) Each is a whole
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
/**
 * The lines of a newsletter box (its inputs and buttons are gone: Readability drops them): the call to sign up
 * ("Sign up to our newsletter …", "Subscribe to receive monthly updates …", "… delivered straight to your inbox"), the consent
 * under the field ("By clicking subscribe, you agree to …"), the thanks shown after ("Thanks for subscribing!"), the box's
 * title ("Discover more from …", "Subscribe to …") and its button's label ("Join now"). Each starts so: an article that
 * mentions a newsletter says more around it ("Join Medium for free to get updates from this writer" is the gold's on WCXB 4460).
 */
const NEWSLETTER = new RegExp(
  [
    String.raw`^(want more\b[^.?!]{0,40}\?\s*)?(sign[ -]?up|subscribe|join|register)\b[^.!?]{0,80}\b(newsletters?|inbox|e-?mails?|mailing list|subscribers)\b`,
    String.raw`^subscribe\b[^.!?]{0,80}\bupdates\b`,
    String.raw`^(get|receive)\b[^.!?]{0,80}\b(delivered|sent|straight|direct(ly)?)\b[^.!?]{0,30}\b(to )?(your|the) (inbox|e-?mail)`,
    String.raw`^[^.!?]{0,60}\b(delivered|sent|straight|direct(ly)?) (right )?to your (inbox|e-?mail)\b`,
    String.raw`^(thanks|thank you) for (subscribing|signing up)`,
    String.raw`^((awesome|great|success)[,!.]? )?you('re| are) (now )?(subscribed|signed up)`,
    String.raw`^(discover more from|subscribe to) [^.!?]{1,60}$`,
    String.raw`^(subscribe|sign up|join|get the newsletter)( now| today| here)?[.!]?$`,
  ].join('|'),
  'i',
);
const MAX_NEWSLETTER_WORDS = 40;
/**
 * The consent under a sign-up field, which names what is sent and how to stop it ("By entering your email address you
 * agree to …", "By signing up, you agree to receive recurring automated SMS marketing messages … Reply STOP to opt
 * out …"): longer than the box's other lines, as a cookie notice is. It speaks to the reader ("you agree"): "By signing
 * up, the city agreed to …" is a sentence.
 */
const SIGN_UP_CONSENT = /^by (entering|submitting|providing|clicking|signing up|subscribing|registering)\b[^.]{0,120}\b(you|i)( are| hereby)? (agree|consent|accept|acknowledge)/i;
const MAX_CONSENT_WORDS = 80;
/**
 * The label an advertisement leaves where it was, the whole line: "Advertisement", "Skip advertisement", "Sponsored",
 * "Advertisement - Continue Reading Below", "Advertisement. Scroll to continue reading.", "Continue reading the main
 * story", "Story continues below advertisement", "Article continues below".
 */
const AD_LABEL = new RegExp(
  '^(' +
    [
      String.raw`(skip )?(advertisements?|advert|ads?)`,
      String.raw`sponsored( content| post)?|paid (content|post|partnership)`,
      String.raw`(advertisement\W+)?(scroll (down )?to )?continue (reading|with (the )?(content|article|story))( below| the main story)?`,
      String.raw`(the )?(story|article|content|text|post) continues (below|after)( (this|the))?( advertisement| ad)?`,
    ].join('|') +
    String.raw`)\W*$`,
  'i',
);
const MAX_AD_LABEL_WORDS = 8;
/**
 * A paywall's prompt where the rest of the story would be: "This article is exclusive to STAT+ subscribers", "To read
 * the rest of this story subscribe to …", "Subscribe to continue reading", "Unlock this article — plus …", "Become a
 * paid subscriber to … to unlock this piece", "Already have an account? Log in", and its buttons alone ("Log in", "View
 * all plans"). "Already a subscriber? View your reports here" is a line of the page's own (WCXB 0347's gold keeps it).
 */
const PAYWALL = new RegExp(
  [
    String.raw`^this (article|story|post|piece|content) is (exclusive(ly available)?|(only )?available( only)?|reserved) (to|for) [^.!?]{0,40}\b(subscribers|members)\b`,
    String.raw`^to (read|continue reading|keep reading|unlock) (the (rest|full)( of)? |more of )?this (article|story|post|piece)\b[^.!?]{0,40}\b(subscribe|log ?in|sign ?in|register)`,
    String.raw`^(subscribe|log ?in|sign ?in|register)( now| today)? to (continue reading|keep reading|read (the (full|rest)|more)|unlock)\b`,
    String.raw`^unlock (this|the full) (article|story|post|piece)\b`,
    String.raw`^become a (paid )?(subscriber|member)\b[^.!?]{0,60}\bunlock\b`,
    String.raw`^read more of this (content|article|story) when you subscribe\b`,
    String.raw`^already (have an account|a (subscriber|member))\?\s*(log ?in|sign ?in)\W*$`,
    String.raw`^(log ?in|sign ?in|view (all )?plans|see (all )?plans)\W*$`,
  ].join('|'),
  'i',
);
const MAX_PAYWALL_WORDS = 40;
/** A page's count of its own readers ("(Visited 1,902 times, 364 visits today)", "Viewed 3,120 times", "1,234 views"). */
const VIEW_COUNT = /^\(?((visited|viewed|read) [\d,.]+k? times?|[\d,.]+k? (views|visits|reads))(,? [\d,.]+ (visits?|views?) today)?\)?\.?$/i;
const MAX_VIEW_COUNT_WORDS = 8;
/** No notice is longer: a longer line's text is not even normalised (its runs of words are the same either way). */
const MAX_NOTICE_WORDS = Math.max(
  MAX_COPYRIGHT_WORDS,
  MAX_COOKIE_WORDS,
  MAX_SHARE_WORDS,
  MAX_NEWSLETTER_WORDS,
  MAX_CONSENT_WORDS,
  MAX_AD_LABEL_WORDS,
  MAX_PAYWALL_WORDS,
  MAX_VIEW_COUNT_WORDS,
);

/** Whether a line's text (`body`, of `words` runs of words) is a notice of the site rather than the article's. */
function isNotice(body: string, words: number): boolean {
  if (words === 0) return false;
  if (words <= MAX_COPYRIGHT_WORDS && COPYRIGHT.test(body)) return true;
  if (words <= MAX_COOKIE_WORDS && COOKIES.test(body) && COOKIE_NOTICE.test(body)) return true;
  if (words <= MAX_NEWSLETTER_WORDS && NEWSLETTER.test(body)) return true;
  if (words <= MAX_CONSENT_WORDS && SIGN_UP_CONSENT.test(body)) return true;
  if (words <= MAX_AD_LABEL_WORDS && AD_LABEL.test(body)) return true;
  if (words <= MAX_PAYWALL_WORDS && PAYWALL.test(body)) return true;
  if (words <= MAX_VIEW_COUNT_WORDS && VIEW_COUNT.test(body)) return true;
  if (words > MAX_SHARE_WORDS) return false;
  const tokens = body.split(/[\s|•·/,]+/).filter(Boolean);
  return tokens.every((token) => SHARE_WORD.test(token)) && tokens.filter((token) => NETWORK.test(token)).length >= 2;
}

/** Block elements: an inline element is a line only when it is all the text of its block. */
const BLOCK_TAGS = /^(P|LI|DIV|H[1-6]|DD|DT|TD|TH|FIGCAPTION|SECTION|ARTICLE|HEADER|FOOTER|ASIDE|BLOCKQUOTE|UL|OL)$/;

/** Removes copyright lines, cookie notices, rows of share buttons, newsletter boxes' lines, advertisements' labels, paywalls' prompts and view counts from Readability's article element, in place. */
export function dropNotices(article: Element): void {
  // Headings too: a newsletter box's title ("Subscribe to our best newsletters") is one.
  for (const line of Array.from(article.querySelectorAll('p, div, li, ul, span, small, footer, section, aside, h2, h3, h4, h5, h6'))) {
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
