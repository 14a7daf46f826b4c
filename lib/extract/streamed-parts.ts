/**
 * Pages served with React's streamed server rendering: the first bytes hold the page's shell, with
 * a placeholder (`<template id="B:0">`, after a loading skeleton) where each slow part goes; the
 * part itself comes later in the same page, in a `<div hidden id="S:0">` at the end of the body,
 * and an inline script (`$RC("B:0","S:0")`, or `$RS("S:5","P:5")` for a segment) moves it into
 * place. Where that script did not run (a saved page, scripts blocked or failed) the page shows its
 * skeleton, and its content (a product's description, specifications, reviews) is hidden: the
 * visible-text reading drops it, and every reading loses its order.
 *
 * This rule does what the script does, on a copy: each completed part replaces its placeholder
 * and the skeleton in front of it. The script calls say which part goes where; where the page's
 * scripts are gone (a copy saved without them), a part goes to the placeholder of the same number.
 *
 * Cheap where the page has no streamed part (one id lookup); otherwise one clone and a lookup per part.
 */

/** Most parts moved: a page streams a few dozen at most. */
const MAX_PARTS = 500;
/** Longest inline script searched for the calls (the calls are short scripts of their own). */
const MAX_SCRIPT_CHARS = 20_000;

const CALL = /\$R([CS])\(\s*"([A-Z]:[0-9a-z]+)"\s*,\s*"([A-Z]:[0-9a-z]+)"/g;

interface Move {
  /** The hidden part (`S:n`). */
  part: string;
  /** Its placeholder (`B:n`, a boundary with a skeleton, or `P:n`, a bare segment). */
  placeholder: string;
}

/** The moves the page's inline scripts make, in their order; by number where none is found. */
function movesOf(doc: Document): Move[] {
  const moves: Move[] = [];
  for (const script of Array.from(doc.scripts)) {
    if (script.hasAttribute('src')) continue;
    const text = script.textContent ?? '';
    if (text.length > MAX_SCRIPT_CHARS || !text.includes('$R')) continue;
    for (const [, kind, first, second] of text.matchAll(CALL)) {
      // $RC(boundary, segment) completes a boundary; $RS(segment, placeholder) fills a segment's place.
      moves.push(kind === 'C' ? { part: second!, placeholder: first! } : { part: first!, placeholder: second! });
      if (moves.length >= MAX_PARTS) return moves;
    }
  }
  if (moves.length > 0) return moves;
  const hidden = Array.from(doc.querySelectorAll('div[hidden][id^="S:"]')).slice(0, MAX_PARTS);
  return hidden.map((el) => {
    const number = el.id.slice(2);
    return { part: el.id, placeholder: doc.getElementById(`B:${number}`) ? `B:${number}` : `P:${number}` };
  });
}

/** Whether `node` is the comment that closes a boundary (`<!--/$-->`). */
const closesBoundary = (node: Node) => node.nodeType === 8 && node.nodeValue === '/$';

/** A skeleton's label ("Loading paragraph...", "Loading image…", "Loading"): a few words, "loading" or an ellipsis. */
const SKELETON_LABEL = /^(loading\b\S*(\s+\S+){0,3}|\S+(\s+\S+){0,3}(\.\.\.|…))$/i;

/**
 * A copy saved without comments has lost where each skeleton ends: the element right after the placeholder is taken
 * for it only when it is a loading label (WCXB 4503: "Loading paragraph..." after each of 21 placeholders). A
 * boundary may show nothing while it loads, and then what follows is the page's own: anything else stays.
 */
function dropSkeletonLabel(placeholder: Element): void {
  const next = placeholder.nextElementSibling;
  if (!next) return;
  // A word between the two is the page's: the label is not right after the placeholder. (`next` is a later sibling: the walk meets it.)
  for (let node = placeholder.nextSibling!; node !== next; node = node.nextSibling!) if (node.nodeType === 3 && node.textContent?.trim()) return;
  if (SKELETON_LABEL.test(next.textContent?.trim() ?? '')) next.remove();
}

/** Puts the part's content where its placeholder is, in place; false when either is missing. */
function move(doc: Document, { part, placeholder }: Move): boolean {
  const source = doc.getElementById(part);
  const target = doc.getElementById(placeholder);
  if (!source || !target || target.tagName !== 'TEMPLATE' || source.contains(target)) return false;
  const parent = target.parentNode;
  if (!parent) return false;
  if (placeholder.startsWith('B:')) {
    // The skeleton shown meanwhile runs from the placeholder to the boundary's closing comment.
    let end = target.nextSibling;
    while (end && !closesBoundary(end)) end = end.nextSibling;
    if (end) for (let node = target.nextSibling; node && node !== end; node = target.nextSibling) node.remove();
    else dropSkeletonLabel(target);
  }
  const content = doc.createDocumentFragment();
  while (source.firstChild) content.appendChild(source.firstChild);
  parent.insertBefore(content, target);
  target.remove();
  source.remove();
  return true;
}

/** A copy of `doc` with its streamed parts in place, where it has any hidden ones; undefined otherwise. */
export function withStreamedParts(doc: Document): Document | undefined {
  // React numbers parts from 0: a page without `S:0` has none (no query of the whole page).
  if (!doc.getElementById('S:0')?.hasAttribute('hidden')) return undefined;
  const clone = doc.cloneNode(true) as Document;
  let moved = 0;
  for (const step of movesOf(clone)) if (move(clone, step)) moved++;
  return moved > 0 ? clone : undefined;
}
