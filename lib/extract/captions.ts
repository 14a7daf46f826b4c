/**
 * Credits of pictures inside an article: "Mikolette / Getty Images", "Courtesy of Amp",
 * "Image: Move.org", "Photo by James Martin/CNET". They name who took a picture the text
 * does not show; benchmark gold texts (WCXB) leave them out. The caption's own sentence stays.
 */
import { classAndId } from './visible-text';
import { runsOfWords, runsOfWordsUpTo } from './word-count';

/** Class or id words of a credit box, whole between `-`, `_` or spaces ("image-credit", "photo_credit", "credit"). */
const CREDIT_NAME = /(^|[\s-])((image|img|photo|picture|media|figure)-?credits?|credits?)($|[\s-])/;
const MAX_CREDIT_BOX_WORDS = 12;

/**
 * A line that is only a credit: "Photo: Shutterstock", "Image credit: …", "Credit: LG / Reviewed", "Courtesy of Amp",
 * "Mira Norian / Getty Images". Short, so a sentence that happens to start so stays.
 */
const CREDIT_LINE =
  /^\s*((photo|photograph|image|picture|illustration|video|graphic)s?(\s+(credit|courtesy|source|by))?s?\s*[:|]|credits?\s*:|(photo|image|illustration)s?\s+(by|via|credits?|courtesy)\b|courtesy\s+(of\s+)?\S)|\b(getty images( news)?|shutterstock|istock(photo)?|reuters|ap photo|afp)\)?\.?\s*$/i;
const MAX_CREDIT_WORDS = 12;

/** Block elements: an inline credit is a line only when it is all the text of its block, or sits in a caption. */
const BLOCK_TAGS = /^(P|LI|DIV|H[1-6]|DD|DT|TD|TH|FIGCAPTION|FIGURE|SECTION|ARTICLE|HEADER|FOOTER|ASIDE|BLOCKQUOTE)$/;

const text = (el: Element) => (el.textContent ?? '').replace(/\s+/g, ' ').trim();

function creditName(el: Element): boolean {
  return CREDIT_NAME.test(classAndId(el).toLowerCase().replace(/_/g, '-'));
}

/** A line of its own (a block, or all the text of its block), or a part of a picture's caption. */
function standsAlone(el: Element, root: Element): boolean {
  if (BLOCK_TAGS.test(el.tagName) || el.closest('figcaption')) return true;
  let block = el.parentElement;
  while (block && block !== root && !BLOCK_TAGS.test(block.tagName)) block = block.parentElement;
  return block !== null && text(block) === text(el);
}

/** Removes the credits of pictures from Readability's article element, in place. */
export function dropPictureCredits(article: Element): void {
  for (const box of Array.from(article.querySelectorAll('[class], [id]'))) {
    if (!article.contains(box) || !creditName(box) || box.querySelector('p, li, table, blockquote, pre, h1, h2, h3, h4, h5, h6')) continue;
    if (runsOfWords(text(box)) <= MAX_CREDIT_BOX_WORDS) box.remove();
  }
  for (const line of Array.from(article.querySelectorAll('p, span, div, figcaption, small, cite, em, i'))) {
    if (!article.contains(line) || line.querySelector('p, div, li, h1, h2, h3, h4, h5, h6, table')) continue;
    // Counted on the raw text, as far as the limit: a longer line's text is not normalised (its runs of words are the same either way).
    const raw = line.textContent ?? '';
    if (runsOfWordsUpTo(raw, MAX_CREDIT_WORDS) > MAX_CREDIT_WORDS) continue;
    const body = raw.replace(/\s+/g, ' ').trim();
    if (CREDIT_LINE.test(body) && standsAlone(line, article)) line.remove();
  }
}

/**
 * Largest caption dropped whole, in words. On the WCXB dev articles the gold text leaves
 * captions out; dropping all of them gained 0.0010 F1 on 250 articles, dropping those of at
 * most 8 words 0.0007, with no page losing either way. Short captions are labels, names and
 * credits ("Ryan Ray Photography", "Mo Davis", "The finished kitchen"); longer ones are
 * sentences that tell what the text may not ("Pilates snags the No. 1 spot as the most-booked
 * workout globally on ClassPass in 2024."), which a reader may ask about: those stay.
 */
const MAX_SHORT_CAPTION_WORDS = 8;

/** Removes the short captions of pictures (a `<figcaption>` or WordPress caption of a figure with a picture) from Readability's article element, in place. */
export function dropShortCaptions(article: Element): void {
  for (const caption of Array.from(article.querySelectorAll('figcaption, .wp-caption-text'))) {
    if (!article.contains(caption) || runsOfWords(text(caption)) > MAX_SHORT_CAPTION_WORDS) continue;
    const figure = caption.closest('figure, .wp-caption');
    // A figure of a quote, a table or code is text, and so is its caption.
    if (figure?.querySelector('img, picture, video, svg') && !figure.querySelector('blockquote, table, pre, code')) caption.remove();
  }
}
