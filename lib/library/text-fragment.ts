/**
 * Links that open a page scrolled to a quoted passage and highlight it, with
 * a URL text fragment (`#:~:text=start,end`). Chrome and Safari follow them
 * with no code of ours; other browsers simply open the page.
 */

/** Percent-encodes a text-fragment term: like encodeURIComponent, plus `-` (a prefix/suffix marker). */
export function encodeFragmentTerm(term: string): string {
  return encodeURIComponent(term).replace(/-/g, '%2D');
}

/** Words used for each end of a start,end range: enough to be unique on a page, short enough to match. */
const RANGE_WORDS = 5;
/** Passages up to this many words are matched whole. */
const EXACT_MAX_WORDS = 10;

/** Markdown-ish noise that extraction keeps but the rendered page does not show as text. */
function visibleWords(line: string): string[] {
  return line
    .replace(/\s+/g, ' ')
    .trim()
    .split(' ')
    .filter((word) => word.length > 0);
}

/**
 * The `text=` directive for a passage: the whole passage when short, else the
 * first words of its first line and the last words of its last line (a range
 * must not start or end across block boundaries to match reliably).
 */
export function textDirective(passage: string): string | null {
  const lines = passage
    .split(/\n+/)
    .map((line) => line.trim())
    .filter((line) => /[\p{L}\p{N}]/u.test(line));
  if (lines.length === 0) return null;
  const firstWords = visibleWords(lines[0]!);
  const lastWords = visibleWords(lines.at(-1)!);
  if (lines.length === 1 && firstWords.length <= EXACT_MAX_WORDS) return `text=${encodeFragmentTerm(firstWords.join(' '))}`;
  const start = firstWords.slice(0, RANGE_WORDS).join(' ');
  const end = lastWords.slice(-RANGE_WORDS).join(' ');
  return `text=${encodeFragmentTerm(start)},${encodeFragmentTerm(end)}`;
}

/** The page URL with a text fragment that scrolls to and highlights `passage` (any existing fragment is replaced). */
export function textFragmentUrl(pageUrl: string, passage: string): string {
  const url = new URL(pageUrl);
  const directive = textDirective(passage);
  // Keep an ordinary #anchor in front of the directive: `#section:~:text=…` is valid.
  const anchor = url.hash.split(':~:')[0] ?? '';
  url.hash = '';
  if (!directive) return url.href + anchor;
  return `${url.href}${anchor || '#'}:~:${directive}`;
}
