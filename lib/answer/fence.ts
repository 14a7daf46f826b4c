/**
 * Fencing of untrusted text (page text, library passages) inside prompts.
 * Everything a web page wrote goes into a labelled element such as
 * `<page title="…">…</page>` or `<source id="1" …>…</source>`; the text is
 * neutralised so it can neither close its fence nor open a fence of its own.
 */

/** The element names our prompts use; page text must never produce them. */
const FENCE_TAGS = ['page', 'source', 'sources', 'no-sources', 'conversation-summary', 'selection'];
const FENCE_TAG_PATTERN = new RegExp(`<(\\/?)\\s*(${FENCE_TAGS.join('|')})(?=[\\s/>])`, 'gi');

/** Escapes a value for a double-quoted prompt attribute (no quotes, no angle brackets, one line). */
export function escapeAttribute(value: string): string {
  return value
    .replace(/[\r\n\t]+/g, ' ')
    .replace(/&/g, '&amp;')
    .replace(/"/g, '&quot;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .trim();
}

/**
 * Neutralises fence-like markup inside untrusted text: `</page>`, `<source …>`
 * and the test engine's `<<echo>>` marker become visibly escaped text, so the
 * model (and our own parsers) see them as data. Other text is left untouched.
 */
export function neutraliseFenceMarkup(text: string): string {
  return text.replace(FENCE_TAG_PATTERN, (_match, slash: string, tag: string) => `&lt;${slash}${tag}`).replace(/<<(\/?)echo>>/gi, '&lt;&lt;$1echo&gt;&gt;');
}

/** Wraps untrusted text in a labelled element with escaped attributes. */
export function fence(tag: 'page' | 'source' | 'selection' | 'conversation-summary', attributes: Record<string, string | number | undefined>, text: string): string {
  const attrs = Object.entries(attributes)
    .filter((entry): entry is [string, string | number] => entry[1] !== undefined && entry[1] !== '')
    .map(([name, value]) => ` ${name}="${escapeAttribute(String(value))}"`)
    .join('');
  return `<${tag}${attrs}>\n${neutraliseFenceMarkup(text.trim())}\n</${tag}>`;
}
