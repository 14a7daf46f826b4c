/**
 * The labels of a page's controls, read as text where the controls themselves are gone: a link back to the top ("Back
 * to top", "Skip to content"), the comment form's title ("Leave a reply"), a pager's ("← Previous | Next →"), a share
 * button ("Share this article"), a slider's ("Page load link"), a form builder's hidden fields ("This field is hidden
 * when viewing the form", "This field is for validation purposes …"), a feedback box's question ("Was this page
 * helpful?"), Google's follow button ("Add as a preferred source on Google"), a recipe's cook-mode switch ("Prevent your
 * screen from going dark"), a gallery's position ("Picture 1 of 6": on 13 dev pages, in no page's gold text); and a
 * shop's, on each product card and above the grid: "Add to cart", "Add to compare", "Quick view", "Compare", "Sort by:
 * Best match", "Price: Low - High", "Calculate shipping", a book's "Rate this book", a wiki's "[edit]", a caption's
 * "Toggle caption".
 *
 * Each only when it is a whole line: a sentence that starts with the same words stays. On WCXB dev, Gleaner's text of
 * the 511 pages read least precisely (articles under 0.97, other pages under 0.8) held 789 such lines, on 95 pages; the
 * gold text of all 1,497 pages holds 20, on 11. "Shop now", "Show more", "Load more", "Filter" and "Buy now" are not
 * here: the gold keeps them on 10 pages. Text-level, in every reading (`extract-page.ts` `finished`): no walk of the page.
 */
import { withoutLines, type StructuredText } from './blocks';

const LABEL = new RegExp(
  String.raw`^\W*(` +
    [
      // The page's controls.
      String.raw`back to top|(go|scroll|return) to top|skip to (the )?(main )?content|leave a (comment|reply)|previous\W+next`,
      String.raw`share( this( article| post| story| page)?)?|page load link|add as a preferred source on google`,
      String.raw`was this (page|article|post|answer|information) helpful( to you)?|prevent your screen from going dark( as you follow along)?`,
      String.raw`this field is (hidden when viewing the form|for validation purposes and should be left unchanged)`,
      // A gallery's or a slider's position ("Picture 1 of 6").
      String.raw`(picture|image|photo|slide) \d+ of \d+`,
      // A shop's and a catalogue's.
      String.raw`add to (cart|bag|basket|wish ?list|favou?rites|compare|registry)|(more info )?quick ?view|compare`,
      String.raw`sort( by)?(: [^:]{1,30})?|(price|brand|name): (low|high|a) ?- ?(high|low|z)|calculate shipping`,
      String.raw`rate this (book|product|recipe|article|post)|error rating book\. refresh and try again|toggle caption|\[edit\]`,
    ].join('|') +
    String.raw`)\W*$`,
  'i',
);
/** Any line that may be one (multiline): a reading without is not split into lines at all. */
const ANY_LABEL = new RegExp(LABEL.source, 'im');
/** No label is longer (characters): a longer line is not tested. */
const MAX_LABEL_CHARS = 80;

/** Whether a line of text is only the label of a control. */
const isControlLabel = (line: string): boolean => line.length <= MAX_LABEL_CHARS && LABEL.test(line);

/** `structured` without the lines that are only a control's label (the same object when it has none); code and tables hold such words as data ("compare", "[edit]") and keep them. */
export function withoutControlLabels(structured: StructuredText): StructuredText {
  return ANY_LABEL.test(structured.text) ? withoutLines(structured, (line) => isControlLabel(line.trim())) : structured;
}
