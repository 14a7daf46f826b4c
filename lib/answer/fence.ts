/**
 * Fencing of untrusted text (page text, titles, selections, library passages,
 * earlier turns) inside prompts. Everything a web page wrote goes into a
 * labelled element such as `<page title="…">…</page>` or `<source id="1" …>…</source>`;
 * the text is neutralised so it can neither close its fence, open a fence of
 * its own, nor turn into a chat-template control token (`<|eot_id|>`,
 * `<|im_start|>`, `</s>`, `[INST]`, `<start_of_turn>` …) once the backend
 * renders the template and its tokenizer splits the text at special tokens.
 *
 * Matching runs on a folded copy of the text (compatibility decomposition,
 * combining marks and invisible format characters removed, look-alike letters
 * and brackets mapped to ASCII), so `＜/page＞`, `</page\u200b>`, `< /page>` and
 * `‹/pagе>` (Cyrillic е) are caught too; only the opening bracket of what
 * matched is rewritten in the original text (`<` → `&lt;`), everything else
 * stays as the page wrote it.
 */

/** The element names our prompts use; page text must never produce them. */
const FENCE_TAGS = ['page', 'sources', 'source', 'no-sources', 'conversation-summary', 'selection'];

/**
 * Patterns over the folded text after an opening bracket, anchored there (sticky):
 * our fence tags (open or close, spaces anywhere), the `<|…|>` shape of
 * special tokens in every family (Llama 3, ChatML, Phi, DeepSeek's `<｜…｜>` after
 * folding), tag-shaped control tokens (`<s>`, `</s>`, `<bos>`, `<think>`, and any
 * snake_case tag such as `<start_of_turn>` or `<tool_call>`), `<<SYS>>`-style
 * markers (the test engine's `<<echo>>` too), and Mistral-style bracket tokens
 * (`[INST]`, `[/INST]`, `[SYSTEM_PROMPT]`, `[TOOL_CALLS]`: upper case, so
 * ordinary `[1]` citations and `[citation needed]` are left alone).
 */
const ANGLE_CONTROLS = new RegExp(
  [
    `<\\s*\\/?\\s*(?:${FENCE_TAGS.join('|')})(?=[\\s/>]|$)`,
    '<\\s*\\|',
    '<\\s*\\/?\\s*(?:s|bos|eos|pad|unk|mask|sep|cls|think|image|img|audio|video|[a-z][a-z0-9]*(?:_[a-z0-9]+)+)\\s*\\/?\\s*>',
    '<<\\s*\\/?\\s*\\w+\\s*>>',
  ].join('|'),
  'iuy',
);
const SQUARE_CONTROLS = /\[\s*\/?\s*(?:INST|SYS|SYSTEM|IMG|PREFIX|MIDDLE|SUFFIX|[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+)\s*\]/uy;

/** Characters that render as nothing or only decorate another (zero-width, joiners, bidi and tag characters, variation selectors, combining marks): they would split a tag name unseen. */
const INVISIBLE = /^(?:\p{Cf}|\p{M}|\p{Default_Ignorable_Code_Point})$/u;

/**
 * Look-alikes that compatibility decomposition leaves alone: Cyrillic, Greek
 * and other letters that look like the Latin ones of our tag names and control
 * words, and brackets, slashes, bars and dashes that look like ASCII ones.
 */
const CONFUSABLES: Record<string, string> = (() => {
  const pairs: [string, string][] = [
    ['аɑα', 'a'],
    ['А', 'A'],
    ['ВΒ', 'B'],
    ['ЬЪ', 'b'],
    ['сϲ', 'c'],
    ['СϹ', 'C'],
    ['ԁ', 'd'],
    ['еєε', 'e'],
    ['ЕЄΕ', 'E'],
    ['ɡ', 'g'],
    ['һ', 'h'],
    ['НΗ', 'H'],
    ['іıι', 'i'],
    ['ІΙӀ', 'I'],
    ['ј', 'j'],
    ['Ј', 'J'],
    ['κк', 'k'],
    ['КΚ', 'K'],
    ['ӏ', 'l'],
    ['МΜ', 'M'],
    ['Ν', 'N'],
    ['оοօ', 'o'],
    ['ОΟՕ', 'O'],
    ['рρ', 'p'],
    ['РΡ', 'P'],
    ['ԛ', 'q'],
    ['ѕ', 's'],
    ['Ѕ', 'S'],
    ['τт', 't'],
    ['ТΤ', 'T'],
    ['υս', 'u'],
    ['ν', 'v'],
    ['ѵ', 'v'],
    ['ԝ', 'w'],
    ['хχ', 'x'],
    ['ХΧ', 'X'],
    ['уγ', 'y'],
    ['УΥ', 'Y'],
    ['Ζ', 'Z'],
    ['‹〈⟨˂ᐸ❬❮⧼', '<'],
    ['›〉⟩˃ᐳ❭❯⧽', '>'],
    ['∕⁄⧸╱⟋', '/'],
    ['ǀ∣│❘¦', '|'],
    ['‐‑‒–—―−﹣', '-'],
    ['⟦', '['],
    ['⟧', ']'],
  ];
  const map: Record<string, string> = {};
  for (const [from, to] of pairs) for (const ch of from) map[ch] = to;
  return map;
})();

/** Every character that folds to `<` or `[`: the ASCII ones, their compatibility forms (＜ ﹤ ［ 〈 ≮) and the look-alikes above. */
const OPENING_BRACKET = new RegExp(
  `[<\\[\uFF1C\uFE64\uFF3B\u2329\u226E${Object.keys(CONFUSABLES)
    .filter((ch) => CONFUSABLES[ch] === '<' || CONFUSABLES[ch] === '[')
    .join('')}]`,
  'gu',
);

/** The folded text and, per folded code unit, the original index it came from. */
interface Folded {
  text: string;
  from: number[];
}

/** Folded characters looked at after an opening bracket: longer than any tag or control token we match. */
const WINDOW = 40;

/** Folds the text from `start` until `WINDOW` folded characters (invisible ones do not count, up to a hard limit). */
function foldWindow(text: string, start: number): Folded {
  const raw = text.slice(start, start + WINDOW);
  // eslint-disable-next-line no-control-regex
  if (/^[\x00-\x7F]*$/.test(raw)) return { text: raw, from: Array.from(raw, (_ch, k) => start + k) };
  let out = '';
  const from: number[] = [];
  const limit = Math.min(text.length, start + 16 * WINDOW);
  for (let index = start; index < limit && out.length < WINDOW;) {
    const code = text.charCodeAt(index);
    // ASCII needs no folding: the common case stays cheap on long pages.
    if (code < 0x80) {
      out += text[index];
      from.push(index);
      index += 1;
      continue;
    }
    const ch = String.fromCodePoint(text.codePointAt(index)!);
    for (const piece of ch.normalize('NFKD')) {
      if (INVISIBLE.test(piece)) continue;
      const mapped = CONFUSABLES[piece] ?? piece;
      out += mapped;
      for (let k = 0; k < mapped.length; k++) from.push(index);
    }
    index += ch.length;
  }
  return { text: out, from };
}

/** Replacement of an original character whose folded form is a bracket. */
const BRACKET_ENTITIES: Record<string, string> = { '<': '&lt;', '>': '&gt;', '[': '&#91;', ']': '&#93;' };

/**
 * Neutralises fence markup and control-token shapes inside untrusted text:
 * the brackets of what matched become visible entities, so the model (and our
 * own parsers) read it as data and no tokenizer can match a special token.
 * Text without such markup comes back unchanged (ordinary `<b>`, `3 < 4`, `[1]`).
 * Only the few characters after each opening bracket are folded, so a long
 * page costs one scan.
 */
export function neutraliseFenceMarkup(text: string): string {
  // Original character indices whose bracket must be escaped.
  const escape = new Set<number>();
  OPENING_BRACKET.lastIndex = 0;
  for (let candidate = OPENING_BRACKET.exec(text); candidate; candidate = OPENING_BRACKET.exec(text)) {
    const window = foldWindow(text, candidate.index);
    const pattern = window.text[0] === '[' ? SQUARE_CONTROLS : ANGLE_CONTROLS;
    pattern.lastIndex = 0;
    const match = pattern.exec(window.text);
    if (match) for (let k = 0; k < match[0].length; k++) if (BRACKET_ENTITIES[window.text[k]!]) escape.add(window.from[k]!);
  }
  if (escape.size === 0) return text;
  let out = '';
  let last = 0;
  for (const at of [...escape].sort((a, b) => a - b)) {
    const ch = String.fromCodePoint(text.codePointAt(at)!);
    const bracket = foldWindow(ch, 0).text;
    out += text.slice(last, at) + (BRACKET_ENTITIES[bracket] ?? ch);
    last = at + ch.length;
  }
  return out + text.slice(last);
}

/**
 * Escapes a value for a double-quoted prompt attribute: one line (any line or
 * paragraph separator, control or invisible format character becomes a space),
 * no quotes, no angle brackets, and no control-token shapes.
 */
export function escapeAttribute(value: string): string {
  const escaped = value
    .normalize('NFKC')
    .replace(/[\s\p{Cc}\p{Cf}\p{Zl}\p{Zp}]+/gu, ' ')
    .replace(/&/g, '&amp;')
    .replace(/"/g, '&quot;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .trim();
  // Angle brackets are gone; this catches bracket tokens (`[INST]`) and look-alike brackets.
  return neutraliseFenceMarkup(escaped);
}

/** Wraps untrusted text in a labelled element with escaped attributes. */
export function fence(tag: 'page' | 'source' | 'selection' | 'conversation-summary', attributes: Record<string, string | number | undefined>, text: string): string {
  const attrs = Object.entries(attributes)
    .filter((entry): entry is [string, string | number] => entry[1] !== undefined && entry[1] !== '')
    .map(([name, value]) => ` ${name}="${escapeAttribute(String(value))}"`)
    .join('');
  return `<${tag}${attrs}>\n${neutraliseFenceMarkup(text.trim())}\n</${tag}>`;
}
