/**
 * The "these tabs" scope: a question asked across several open tabs. Every
 * chosen tab is a source (the person picked them, as with a selection), and
 * the source budget is shared fairly: tabs that need less than an equal share
 * take only what they need and the rest is split between the others (water
 * filling). A tab that does not fit its share contributes its passages that
 * match the question best, in page order. Whatever is left out (part of a
 * tab, a whole tab when there are too many for the context, a tab that could
 * not be read) is reported so the view can say it.
 */
import type { ExtractedBlock } from '@/lib/extract/types';
import type { Tokenizer } from '@/lib/tokens/types';
import { rankPagePassages } from './page-retriever';
import { sourceBlock } from './prompts';
import { focusPassage, type PackedContext, type PackedSource } from './sources';
import { contentTerms } from './terms';

/** One open tab's text, as the view read it. */
export interface TabPage {
  url: string;
  title: string;
  siteName?: string;
  text: string;
  blocks?: readonly ExtractedBlock[];
  readAt?: number;
}

/** Something of the chosen tabs that the model was not given, in words. */
export interface LeftOut {
  url: string;
  title: string;
  /** 'part': only part of the tab's text was used; 'tab': none of it. */
  kind: 'part' | 'tab';
  detail: string;
}

/** The packed context of the tabs scope, with what was left out. */
export interface TabsContext extends PackedContext {
  leftOut: LeftOut[];
}

/** A tab given less than this many tokens of text is not worth sending. */
const MIN_TAB_TOKENS = 48;
/** Slack per source for tokens merged differently at the seams when blocks are joined. */
const SEAM_TOKENS = 4;
/** Between passages of one tab taken out of order. */
const GAP = '\n…\n';

/**
 * The tab's text that best fits `room` tokens: all of it when it fits, else
 * its best-ranked passages (BM25 against the question) put back in page order.
 */
function fitTab(page: TabPage, question: string, tokenizer: Tokenizer, room: number): string {
  const whole = page.text.trim();
  if (tokenizer.count(whole) <= room) return whole;
  const ranked = rankPagePassages(page, question, tokenizer, Math.min(192, Math.max(32, Math.floor(room / 2))));
  const chosen: typeof ranked = [];
  let used = 0;
  for (const passage of ranked) {
    const cost = tokenizer.count(passage.text) + (chosen.length > 0 ? tokenizer.count(GAP) : 0);
    if (used + cost > room) continue;
    chosen.push(passage);
    used += cost;
  }
  if (chosen.length === 0) return focusPassage(whole, contentTerms(question), tokenizer, room);
  chosen.sort((a, b) => (a.start ?? 0) - (b.start ?? 0));
  let body = chosen.map((passage) => passage.text.trim()).join(GAP);
  // Counted per passage: verify the joined text, dropping the weakest passage until it fits.
  while (tokenizer.count(body) > room && chosen.length > 1) {
    const weakest = chosen.reduce((low, passage) => ((passage.score ?? 0) < (low.score ?? 0) ? passage : low));
    chosen.splice(chosen.indexOf(weakest), 1);
    body = chosen.map((passage) => passage.text.trim()).join(GAP);
  }
  return tokenizer.count(body) <= room ? body : focusPassage(body, contentTerms(question), tokenizer, room);
}

function percent(part: number, whole: number): number {
  return whole === 0 ? 100 : Math.max(1, Math.min(99, Math.round((part / whole) * 100)));
}

/**
 * Packs the chosen tabs as one numbered source each, in the order given,
 * under `budget` tokens shared fairly. `unreadable` lists tabs that could not
 * be read (they are reported as left out).
 */
export function buildTabsContext(
  question: string,
  pages: readonly TabPage[],
  tokenizer: Tokenizer,
  budget: number,
  unreadable: readonly { url: string; title: string; reason: string }[] = [],
): TabsContext {
  const leftOut: LeftOut[] = unreadable.map((tab) => ({ url: tab.url, title: tab.title, kind: 'tab', detail: `could not be read: ${tab.reason}` }));
  const withText = pages.filter((page) => page.text.trim().length > 0);
  for (const page of pages) if (!withText.includes(page)) leftOut.push({ url: page.url, title: page.title, kind: 'tab', detail: 'has no readable text' });

  const frames = withText.map(
    (page, index) => tokenizer.count(`\n\n${sourceBlock({ id: index + 1, title: page.title, url: page.url, site: page.siteName, readAt: page.readAt, text: '' })}`) + SEAM_TOKENS,
  );
  const needs = withText.map((page) => tokenizer.count(page.text.trim()));
  // Too many tabs for the context: keep the first ones (the person's order) that can each get a useful share.
  let kept = withText.map((_, index) => index);
  while (kept.length > 0 && kept.reduce((sum, index) => sum + frames[index]! + Math.min(needs[index]!, MIN_TAB_TOKENS), 0) > budget) kept = kept.slice(0, -1);
  for (const index of withText.keys()) {
    if (!kept.includes(index)) {
      const page = withText[index]!;
      leftOut.push({
        url: page.url,
        title: page.title,
        kind: 'tab',
        detail: `no room: ${kept.length} of ${withText.length} tabs fit in the model's context; choose fewer tabs to include it`,
      });
    }
  }

  // Water filling: the smallest needs are served first, each at most an equal share of what is left.
  const rooms = new Map<number, number>();
  let remaining = budget;
  const byNeed = [...kept].sort((a, b) => needs[a]! + frames[a]! - (needs[b]! + frames[b]!));
  byNeed.forEach((index, position) => {
    const share = Math.floor(remaining / (byNeed.length - position));
    const room = Math.max(0, Math.min(needs[index]!, share - frames[index]!));
    rooms.set(index, room);
    if (room > 0) remaining -= room + frames[index]!;
  });

  const sources: PackedSource[] = [];
  for (const index of kept) {
    const page = withText[index]!;
    const room = rooms.get(index)!;
    const body = room > 0 ? fitTab(page, question, tokenizer, room) : '';
    if (!body) {
      leftOut.push({ url: page.url, title: page.title, kind: 'tab', detail: "no room left in the model's context" });
      continue;
    }
    const narrowed = body !== page.text.trim();
    sources.push({ id: sources.length + 1, title: page.title, url: page.url, site: page.siteName, readAt: page.readAt, text: body, narrowed });
    if (narrowed) {
      const share = percent(tokenizer.count(body), needs[index]!);
      leftOut.push({
        url: page.url,
        title: page.title,
        kind: 'part',
        detail: `used about ${share}% of its text (the passages closest to your question): the context is shared between ${kept.length} tabs`,
      });
    }
  }
  const text = sources.map(sourceBlock).join('\n\n');
  return { sources, text, tokens: tokenizer.count(text), leftOut };
}

/** One line per left-out item, for the view and the saved conversation. */
export function leftOutLines(leftOut: readonly LeftOut[]): string[] {
  return leftOut.map((item) => `${item.title || item.url}: ${item.detail}.`);
}
