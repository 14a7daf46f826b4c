/**
 * Page furniture that Readability leaves inside an article: newsletter and
 * sign-up boxes, share bars, author-bio boxes, "Also read:" links and photo
 * credits. Readability drops elements whose class names say "related" or
 * "social" only when they do not also say "content" or "article", and not at
 * all when its first pass found too little text; these rules run on its
 * result, with the page's class names kept for the purpose.
 *
 * Both rules remove only small pieces (a box is at most `MAX_BOX_SHARE` of the
 * article and `MAX_BOX_WORDS` words; a phrase-led paragraph at most
 * `MAX_LEAD_WORDS` words), so an article whose whole body carries such a class
 * name keeps its text.
 */
import { classAndId } from './visible-text';
import { runsOfWords } from './word-count';

/** Class or id words of furniture, whole between `-`, `_` or spaces, any case ("newsletter-box", "share_bar", "author-bio"). */
const FURNITURE_NAME =
  /(^|[\s-])(newsletter|subscribe|subscription|sign-?up|share|sharing|share-?bar|share-?buttons|social|social-?share|related|related-?(posts|articles|stories)|recommended|author-?(bio|box|details?|info)|about-?(the-?)?author|post-?author|breadcrumbs?|cookies?|consent|promo|advert|advertisement|sponsored|tags|post-?tags|tag-?list)($|[\s-])/;
/** Largest furniture box removed, in words (the listing rule, ./cards, skips boxes up to it too). */
export const MAX_BOX_WORDS = 120;
const MAX_BOX_SHARE = 0.2;

/** How a paragraph of furniture starts: a link to another story, a credit, a call to follow or subscribe. */
const FURNITURE_LEAD =
  /^\s*(also read|read also|related|see also|photo credit|photo credits|image credit|image credits|photo courtesy|image courtesy|sign up for|subscribe to|follow us|share this|join our mailing list|join our newsletter)\b/i;
const MAX_LEAD_WORDS = 40;

const HEADING = /^H[1-6]$/;

/** Whether `el`'s class or id names a piece of furniture (never a heading). */
export function furnitureName(el: Element): boolean {
  // A heading named after its own text ("h-what-is-social-shopping") is content, and so is any
  // heading; ids of four or more words are such anchors, not names of page parts.
  if (HEADING.test(el.tagName)) return false;
  return FURNITURE_NAME.test(classAndId(el, 3).toLowerCase().replace(/_/g, '-'));
}

/** Removes furniture from Readability's article element, in place. */
export function dropFurniture(article: Element): void {
  // The article's words are counted where a first box is weighed, before anything is removed (most articles have none).
  let total: number | undefined;
  const boxes = Array.from(article.querySelectorAll('[class], [id]')).filter(furnitureName);
  for (const box of boxes) {
    // Inside a box removed already.
    if (!article.contains(box)) continue;
    total ??= runsOfWords(article.textContent ?? '');
    // An article without words keeps everything (no paragraph below can start with a phrase then either).
    if (total === 0) return;
    const words = runsOfWords(box.textContent ?? '');
    if (words <= MAX_BOX_WORDS && words <= total * MAX_BOX_SHARE) box.remove();
  }
  for (const p of Array.from(article.querySelectorAll('p'))) {
    const text = p.textContent ?? '';
    if (FURNITURE_LEAD.test(text) && runsOfWords(text) <= MAX_LEAD_WORDS) p.remove();
  }
}
