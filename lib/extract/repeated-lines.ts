/**
 * The furniture of each post of a thread: every post carries the same buttons and labels
 * ("Share", "Reply with quote", "Link to comment", "permalink · save · report", "improve this
 * answer", "add a comment", "Member", "Posted May 22, 2024", a vote count). Whatever the forum
 * software, such a line is short and comes back, word for word once numbers and month names are
 * set aside, on post after post; a reply's own words do not. Text-level: no walk of the page.
 */
import { PROSE_LINE_KINDS, withoutLines, type StructuredText } from './blocks';

/** A line is furniture when its form comes back at least this many times in the reading. */
const MIN_REPEATS = 3;
/** And when it has at most this many words (a repeated sentence of a quote is not furniture). */
const MAX_WORDS = 8;

const MONTH = /^(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*$/;

/** A line's form: its words, lower-cased, numbers and English month names as placeholders ("Posted May 22, 2024" and "Posted Jun 3, 2023" alike). */
function formOf(line: string): string {
  const words = line.toLowerCase().match(/[\p{L}\p{N}_]+/gu);
  if (!words || words.length > MAX_WORDS) return '';
  return words.map((word) => (/^\d+$/.test(word) ? '#' : MONTH.test(word) ? 'M' : word.replace(/\d+/g, '#'))).join(' ');
}

/** `structured` without the short lines that come back `MIN_REPEATS` times or more; undefined when it has none. Code and tables repeat lines by nature (a closing brace, a "Yes" cell): only prose, lists, quotes and headings are looked at. */
export function withoutRepeatedLines(structured: StructuredText): StructuredText | undefined {
  const { text, blocks } = structured;
  const counts = new Map<string, number>();
  // Each line's form, worked out once: the same line text has the same form.
  const forms = new Map<string, string>();
  for (const block of blocks) {
    if (!PROSE_LINE_KINDS.has(block.kind)) continue;
    for (const line of text.slice(block.start, block.end).split('\n')) {
      let form = forms.get(line);
      if (form === undefined) forms.set(line, (form = formOf(line)));
      if (form) counts.set(form, (counts.get(form) ?? 0) + 1);
    }
  }
  const repeated = (line: string) => {
    const form = forms.get(line);
    return form !== undefined && form !== '' && counts.get(form)! >= MIN_REPEATS;
  };
  // `withoutLines` hands back the same object when it drops nothing: no pass of its own to learn whether any line repeats.
  const cleaned = withoutLines(structured, repeated);
  return cleaned === structured ? undefined : cleaned;
}

/** A date or time in a line's form: a month's name, a clock time, "… ago". */
const DATED_FORM = /(^| )M( |$)|# # (am|pm)( |$)|( |^)ago( |$)/;

/**
 * Whether a dated short line comes back `MIN_REPEATS` times ("by Minoa » Tue Aug 27, 2019 5:58 am",
 * "Posted May 22, 2024"): each post of a thread is dated, an article's paragraphs and a manual's
 * repeated labels are not. Cheap (text only): it tells whether a reading is worth looking at as a thread.
 */
export function repeatsDatedLines(text: string): boolean {
  const counts = new Map<string, number>();
  for (const line of text.split('\n')) {
    const form = formOf(line);
    if (!form || !DATED_FORM.test(form)) continue;
    const count = (counts.get(form) ?? 0) + 1;
    if (count >= MIN_REPEATS) return true;
    counts.set(form, count);
  }
  return false;
}
