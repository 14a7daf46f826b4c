/**
 * Text fragments (`#:~:text=start,end`) let a citation open its page
 * scrolled to the quoted passage, highlighted by the browser.
 */

function encodePart(text: string): string {
  // '-', ',' and '&' have a meaning inside a text directive.
  return encodeURIComponent(text).replace(/-/g, '%2D').replace(/,/g, '%2C').replace(/&/g, '%26');
}

/** A URL that opens `url` at `passage` (its first and last few words); the URL alone for an empty passage. */
export function urlWithTextFragment(url: string, passage: string, words = 5): string {
  const parts = passage.replace(/\s+/g, ' ').trim().split(' ').filter(Boolean);
  if (parts.length === 0) return url;
  const base = url.replace(/#.*$/, '');
  if (parts.length <= words * 2) return `${base}#:~:text=${encodePart(parts.join(' '))}`;
  return `${base}#:~:text=${encodePart(parts.slice(0, words).join(' '))},${encodePart(parts.slice(-words).join(' '))}`;
}
