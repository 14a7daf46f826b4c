import type { ExtractedPage } from '@/lib/extract/types';
import { ValidationError } from '@/lib/messaging/errors';
import type { LibraryDb, PageRecord } from './db';
import type { Conversation, ConversationDraft, ConversationTurn } from '@/lib/answer/conversation';
import { conversationTable, saveConversation } from '@/lib/answer/conversation-store';
import { checkPage, ingestPages, type IngestOptions, type IngestVisit } from './ingest';

/**
 * Export and import of the whole library as JSON lines (one page a line,
 * after a header line naming the format and its version). Import goes through
 * the normal ingest, so the index is rebuilt and a page already present is
 * left unchanged (importing twice changes nothing). Saved conversations follow
 * the pages, one a line. Vectors are not exported: they belong to a model and
 * are recomputed.
 */

const EXPORT_FORMAT = 'gleaner-library';
const EXPORT_VERSION = 1;

/** One page of an export file: what a person's page record holds, plus its text (derived data is rebuilt on import). */
type ExportedPage = { type: 'page'; text: string; blocks: ExtractedPage['blocks'] } & Pick<
  PageRecord,
  'url' | 'lastUrl' | 'title' | 'siteName' | 'lang' | 'byline' | 'publishedTime' | 'excerpt' | 'isArticle' | 'visitedAt' | 'firstVisitedAt' | 'visitCount'
>;

/** One saved conversation of an export file (after the pages; its id is given anew on import). */
type ExportedConversation = { type: 'conversation' } & Omit<Conversation, 'id'>;

/** What an import did. */
export interface ImportSummary {
  added: number;
  updated: number;
  unchanged: number;
  failed: number;
  /** Saved conversations added (one already there, same start time and title, is not added twice). */
  conversations: number;
  /** The first few problems, in words (line numbers are 1-based within the slice). */
  errors: string[];
}

/** The header line of an export file. */
function exportHeader(now = Date.now()): string {
  return JSON.stringify({ format: EXPORT_FORMAT, version: EXPORT_VERSION, exportedAt: new Date(now).toISOString() });
}

/** One slice of the export: the header first (when `after` is absent), then pages by id; `next` is null at the end. */
export async function exportSlice(db: LibraryDb, after?: number, limit = 200): Promise<{ lines: string[]; next: number | null }> {
  const pages = await db.pages
    .where('id')
    .above(after ?? 0)
    .limit(limit)
    .toArray();
  const texts = await db.texts.bulkGet(pages.map((p) => p.id));
  const lines = after === undefined ? [exportHeader()] : [];
  pages.forEach((page, i) => {
    const text = texts[i];
    if (text) lines.push(JSON.stringify(exportedPage(page, text.text, text.blocks)));
  });
  if (pages.length === limit) return { lines, next: pages.at(-1)!.id };
  // The last slice ends with the saved conversations, oldest first.
  for (const { id: _id, ...conversation } of await conversationTable(db).orderBy('updatedAt').toArray()) {
    lines.push(JSON.stringify({ type: 'conversation', ...conversation } satisfies ExportedConversation));
  }
  return { lines, next: null };
}

/**
 * Some pages as an export file (header and one line each): what a Delete keeps so that
 * Undo can give the page back through the ordinary import (text, metadata and visits;
 * the index is rebuilt, vectors recomputed).
 */
export async function exportPages(db: LibraryDb, pageIds: readonly number[]): Promise<string[]> {
  const pages = (await db.pages.bulkGet([...pageIds])).filter((page): page is PageRecord => Boolean(page));
  const texts = await db.texts.bulkGet(pages.map((p) => p.id));
  const lines = [exportHeader()];
  pages.forEach((page, i) => {
    const text = texts[i];
    if (text) lines.push(JSON.stringify(exportedPage(page, text.text, text.blocks)));
  });
  return lines;
}

function exportedPage(page: PageRecord, text: string, blocks: ExtractedPage['blocks']): ExportedPage {
  return {
    type: 'page',
    url: page.url,
    ...(page.lastUrl ? { lastUrl: page.lastUrl } : {}),
    title: page.title,
    ...(page.siteName ? { siteName: page.siteName } : {}),
    ...(page.lang ? { lang: page.lang } : {}),
    ...(page.byline ? { byline: page.byline } : {}),
    ...(page.publishedTime ? { publishedTime: page.publishedTime } : {}),
    ...(page.excerpt ? { excerpt: page.excerpt } : {}),
    isArticle: page.isArticle,
    visitedAt: page.visitedAt,
    firstVisitedAt: page.firstVisitedAt,
    visitCount: page.visitCount,
    text,
    blocks,
  };
}

/** The whole library as export lines (for scripts and tests; the view uses slices). */
export async function* exportLibrary(db: LibraryDb): AsyncGenerator<string> {
  let after: number | undefined;
  for (;;) {
    const slice = await exportSlice(db, after);
    yield* slice.lines;
    if (slice.next === null) return;
    after = slice.next;
  }
}

function num(value: unknown, fallback: number): number {
  return typeof value === 'number' && Number.isFinite(value) ? value : fallback;
}

/** A conversation line checked for shape (its text is untrusted like any page text: views render it inert). */
function parseConversation(row: Record<string, unknown>): ConversationDraft {
  const scope = row.scope as { kind?: unknown } | null;
  const kinds = ['page', 'selection', 'library', 'tabs'];
  if (typeof row.title !== 'string' || !scope || typeof scope !== 'object' || !kinds.includes(scope.kind as string) || !Array.isArray(row.turns)) {
    throw new ValidationError('not a conversation line');
  }
  const turns = row.turns as unknown[];
  if (turns.some((t) => !t || typeof t !== 'object' || typeof (t as ConversationTurn).question !== 'string' || typeof (t as ConversationTurn).answer !== 'string')) {
    throw new ValidationError('a turn of the conversation is not a question and an answer');
  }
  const now = Date.now();
  return {
    title: row.title,
    scope: scope as Conversation['scope'],
    createdAt: num(row.createdAt, now),
    updatedAt: num(row.updatedAt, now),
    turns: (turns as ConversationTurn[]).map((t) => ({ ...t, sources: Array.isArray(t.sources) ? t.sources : [], askedAt: num(t.askedAt, now) })),
  };
}

/** Parses one export line: a page, a conversation, null for the header, or a ValidationError. */
function parseExportLine(line: string): { page: ExtractedPage; visit: IngestVisit } | { conversation: ConversationDraft } | null {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    throw new ValidationError('not JSON');
  }
  if (typeof value !== 'object' || value === null) throw new ValidationError('not an object');
  const row = value as Record<string, unknown>;
  if (row.format === EXPORT_FORMAT) {
    if (row.version !== EXPORT_VERSION) throw new ValidationError(`export version ${String(row.version)} is not supported (expected ${EXPORT_VERSION})`);
    return null;
  }
  if (row.type === 'conversation') return { conversation: parseConversation(row) };
  if (row.type !== 'page' || typeof row.url !== 'string' || typeof row.text !== 'string') throw new ValidationError('not a page line');
  const now = Date.now();
  const visitedAt = num(row.visitedAt, now);
  return {
    page: {
      url: typeof row.lastUrl === 'string' ? row.lastUrl : row.url,
      canonicalUrl: row.url,
      title: typeof row.title === 'string' ? row.title : '',
      siteName: typeof row.siteName === 'string' ? row.siteName : undefined,
      lang: typeof row.lang === 'string' ? row.lang : undefined,
      byline: typeof row.byline === 'string' ? row.byline : undefined,
      publishedTime: typeof row.publishedTime === 'string' ? row.publishedTime : undefined,
      excerpt: typeof row.excerpt === 'string' ? row.excerpt : undefined,
      isArticle: row.isArticle === true,
      text: row.text,
      blocks: Array.isArray(row.blocks) ? (row.blocks as ExtractedPage['blocks']) : [],
      wordCount: 0,
      hasPasswordField: false,
    },
    visit: { visitedAt, firstVisitedAt: num(row.firstVisitedAt, visitedAt), visitCount: Math.max(1, Math.floor(num(row.visitCount, 1))) },
  };
}

/** Imports export lines (bad lines are counted and described, the rest is kept). */
export async function importLines(db: LibraryDb, lines: readonly string[], options: IngestOptions = {}): Promise<ImportSummary> {
  const summary: ImportSummary = { added: 0, updated: 0, unchanged: 0, failed: 0, conversations: 0, errors: [] };
  const fail = (i: number, message: string) => {
    summary.failed++;
    if (summary.errors.length < 10) summary.errors.push(`line ${i + 1}: ${message}`);
  };
  const pages: ExtractedPage[] = [];
  const visits: IngestVisit[] = [];
  const conversations: ConversationDraft[] = [];
  lines.forEach((line, i) => {
    if (!line.trim()) return;
    try {
      const parsed = parseExportLine(line);
      if (!parsed) return;
      if ('conversation' in parsed) {
        conversations.push(parsed.conversation);
        return;
      }
      // Validate now so that one bad page does not fail the whole batch.
      checkPage(parsed.page);
      pages.push(parsed.page);
      visits.push(parsed.visit);
    } catch (error) {
      fail(i, error instanceof Error ? error.message : String(error));
    }
  });
  if (conversations.length > 0) {
    const table = conversationTable(db);
    // Importing the same file twice adds nothing: a conversation is known by its start time and title.
    const known = new Set((await table.toArray()).map((c) => `${c.createdAt}\n${c.title}`));
    for (const conversation of conversations) {
      if (known.has(`${conversation.createdAt}\n${conversation.title}`)) continue;
      await saveConversation(table, conversation);
      known.add(`${conversation.createdAt}\n${conversation.title}`);
      summary.conversations++;
    }
  }
  if (pages.length === 0) return summary;
  const results = await ingestPages(db, pages, options, visits);
  for (const r of results) summary[r.status]++;
  return summary;
}
