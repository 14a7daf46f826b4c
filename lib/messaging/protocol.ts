/**
 * THE message protocol of Gleaner. Every request and its reply is declared
 * here once; routers and clients are typed from these maps, and the compiler
 * checks that every message has a handler.
 *
 * Two request maps, one per receiving context:
 *  - `Protocol`: requests handled by the background (from popup, side panel,
 *    content scripts, the engine host);
 *  - `HostProtocol`: requests the background sends to the engine host
 *    (offscreen document on Chrome, the background page itself on Firefox).
 * Streams (model output, load progress) use a named Port with `StreamFrame`s.
 *
 * Each feature keeps its messages in its own section below.
 */
import type { WireError } from './errors';
import type { Settings } from '@/lib/settings';
import type { ChatRequest, ChatResult, EngineInfo, LoadProgress } from '@/lib/engine/types';
import type { ExtractedPage } from '@/lib/extract/types';
import type { CaptureStatusReply } from '@/lib/capture/status';
import type { CaptureOutcome } from '@/lib/capture/flow';
import type { IngestResult } from '@/lib/library/ingest';
import type { ImportSummary } from '@/lib/library/export-import';
import type { LibraryStats } from '@/lib/library/maintenance';
import type { PageSummary, SearchResult } from '@/lib/library/search';

/** Which context a request is meant for; every other context ignores it. */
export type Target = 'background' | 'host';

// ---------------------------------------------------------------- core ----

/** Identifies the context that answered, for diagnostics and tests. */
export interface PongReply {
  pong: true;
  context: 'background' | 'host';
  version: string;
  /** Milliseconds since this context started (a restarted worker answers with a small number). */
  uptimeMs: number;
}

export interface CoreMessages {
  /** Health check of the background; `from` names the caller for logs. */
  'core.ping': { req: { from: string }; res: PongReply };
  /** Round trip background → engine host → background: creates the host when needed. */
  'core.hostPing': { req: { from: string }; res: PongReply };
  /** Opens the side panel of the caller's window (needs a user gesture on Chrome). */
  'core.openSidePanel': { req: { windowId?: number }; res: { opened: boolean } };
}

// ------------------------------------------------------------ content -----

/** What the content script may send; every field is validated in the background. */
export interface ContentMessages {
  /** A content script announces itself and asks whether to capture this page. */
  'content.hello': { req: { url: string; title: string }; res: { capture: boolean; dwellMs: number } };
  /** The content script's extraction of the page after the dwell time; the background applies the policy and stores it. */
  'content.capture': { req: { page: ExtractedPage }; res: CaptureOutcome };
}

// ------------------------------------------------------------ capture -----

/**
 * Capture policy and per-tab capture status (handled by the background). Every change to the
 * capture settings goes through these messages: the background validates it and writes it
 * under the settings lock, whichever view asked.
 */
export interface CaptureMessages {
  /** Capture status of a tab (the popup's current tab), with the pause and site toggles' state. */
  'capture.status': { req: { tabId: number }; res: CaptureStatusReply };
  /** Pauses or resumes automatic capture everywhere. */
  'capture.setPaused': { req: { paused: boolean }; res: { paused: boolean } };
  /** Excludes a site (host) from capture, or lets it be captured again. */
  'capture.excludeSite': { req: { site: string; excluded: boolean }; res: { excludedSites: string[] } };
  /** Changes the other capture settings (the Settings view); replies with the capture settings as saved. */
  'capture.update': { req: Partial<Pick<Settings['capture'], 'dwellMs' | 'minWords' | 'skipPasswordPages' | 'sensitiveSites'>>; res: Settings['capture'] };
  /** Extracts a tab now (on demand: allowed even when capture is paused or the site excluded). */
  'capture.extractTab': { req: { tabId: number }; res: ExtractedPage };
  /**
   * "Save this page": reads the tab now and saves it once through the capture path, past a pause,
   * an exclusion or an overridable skip (lib/capture/describe.ts); never a private window's page.
   */
  'capture.saveTab': { req: { tabId: number }; res: CaptureOutcome };
}

// ------------------------------------------------------------ library -----

/** The reading library: capture, search, manage (handled by the background). */
export interface LibraryMessages {
  /** Adds or updates an extracted page (extension pages only: content scripts go through capture). */
  'library.ingest': { req: { page: ExtractedPage }; res: IngestResult };
  /** Full-text search: ranked passages with highlighted snippets, grouped per page; filters by site and visit date. */
  'library.search': {
    req: { query: string; limit?: number; chunksPerPage?: number; site?: string; since?: number; until?: number };
    res: SearchResult;
  };
  /** The most recently visited pages, newest first (`before`: the last row's `visitedAt`, for paging). */
  'library.recent': { req: { limit?: number; before?: number; site?: string; since?: number }; res: { pages: PageSummary[] } };
  /** Page count, storage used and budget, the sites present. */
  'library.stats': { req: Record<string, never>; res: LibraryStats };
  /** Deletes one page with its passages and index entries; `restore` is the page as export lines, for Undo (`library.import`). */
  'library.deletePage': { req: { pageId: number }; res: { deleted: number; restore: string[] } };
  /** Deletes every page of a site. */
  'library.deleteSite': { req: { site: string }; res: { deleted: number } };
  /** Deletes the whole library (settings are kept). */
  'library.deleteAll': { req: { confirm: true }; res: { deleted: number; conversations: number } };
  /** One slice of the export file (JSON lines): call with the returned `next` until it is null. */
  'library.export': { req: { after?: number; limit?: number }; res: { lines: string[]; next: number | null } };
  /** Imports lines of an export file (idempotent: a page already there is unchanged). */
  'library.import': { req: { lines: string[] }; res: ImportSummary };
  /** Opens a library page in a new tab, scrolled to a passage when `chunkId` is given (text fragment). */
  'library.openPage': { req: { pageId: number; chunkId?: number }; res: { opened: boolean } };
}

// ------------------------------------------------------------- engine -----

/** The engine settings the host needs (the offscreen document cannot read `storage`). */
export type EngineConfig = Settings['engine'];

/** Engine management (handled by the background, which forwards to the host). */
export interface EngineMessages {
  /** Makes sure the engine host runs (views call it before connecting the `engine` Port). */
  'engine.wake': { req: Record<string, never>; res: { ready: true } };
  /** The engine section of the settings, for the host. */
  'engine.config': { req: Record<string, never>; res: EngineConfig };
  /** The host has been idle for the person's idle period: the background closes it. */
  'engine.hostIdle': { req: { idleMs: number }; res: { closed: boolean } };
}

/** What the engine host is doing, as every client sees it. */
export interface EngineStatus {
  backend: EngineConfig['backend'];
  /** The model in use or configured (null when none is chosen). */
  modelId: string | null;
  /** Display name of the model or server. */
  label: string;
  loaded: boolean;
  loading: boolean;
  contextWindow: number | null;
  /** How the loaded model runs, in words (the CPU engine: its threads and why). */
  runtime?: string;
  /** Replies being generated right now. */
  busy: number;
  /** Views connected to the host. */
  clients: number;
  /** The last load or chat error, for a view that opens later. */
  lastError?: WireError;
}

/** A model found in the browser's model cache, with the bytes it takes. */
export interface CachedModel {
  modelId: string;
  bytes: number;
  /** False when some of its files are missing (a half download): repair = delete + download again. */
  complete: boolean;
}

/**
 * Streaming methods of the engine host, served over the `engine` Port
 * (PORT_ENGINE). Its broadcast events are EngineEvents.
 */
export type EngineStreams = {
  /** Loads the configured model (or `modelId`); chunks are load progress. */
  load: { params: { modelId?: string }; chunk: LoadProgress; result: EngineInfo };
  /** Streams a reply; chunks are text deltas. Cancel stops generation (interruptGenerate on WebLLM). */
  chat: { params: ChatRequest; chunk: string; result: ChatResult };
  /** Stops every reply being generated (from any client). */
  abort: { params: Record<string, never>; chunk: never; result: { aborted: number } };
  /** Embeds texts with the embedding model (snowflake-arctic-embed on WebLLM). */
  embed: { params: { texts: string[] }; chunk: never; result: number[][] };
  /** Frees the model (and the GPU memory). */
  unload: { params: Record<string, never>; chunk: never; result: { unloaded: boolean } };
  /** The current status. */
  status: { params: Record<string, never>; chunk: never; result: EngineStatus };
  /** Models in the browser's WebLLM cache, with sizes. */
  cachedModels: { params: Record<string, never>; chunk: never; result: CachedModel[] };
  /** Deletes a model's files from the cache (also how a half download is repaired). */
  deleteModel: { params: { modelId: string }; chunk: never; result: { deleted: boolean } };
};

/** The `progress` broadcast: which model is loading and how far. */
export interface EngineProgressEvent {
  modelId: string;
  progress: LoadProgress;
}

/** Broadcast events of the engine host on the `engine` Port, and the data each carries. */
export type EngineEvents = {
  progress: EngineProgressEvent;
  status: EngineStatus;
};

// ------------------------------------------------------------- tokens -----

/** A text the Tokens view should count: a tab's selection or whole page (the text itself stays in the tab until then). */
export interface PendingTokenCount {
  tabId: number;
  /** Frame holding the selection (0: the top frame). */
  frameId: number;
  source: 'selection' | 'page';
  /** When it was asked for (ms since epoch); a view ignores one it has already counted. */
  at: number;
}

/** Token counting requests. */
export interface TokenMessages {
  /** Asks the Tokens view to count a tab's selection or page: what "Count tokens" (menu, shortcut) does besides opening the panel. */
  'tokens.countTab': { req: { tabId: number; frameId?: number; source: 'selection' | 'page' }; res: PendingTokenCount };
  /** The count asked for in this window (the view's) by the menu or shortcut in the last minute, removed as it is read (null when none); the Tokens view takes it when it opens and when one is left. */
  'tokens.takePending': { req: { windowId: number }; res: PendingTokenCount | null };
}

// ------------------------------------------------------------ answers -----

/** The tab a summary or question is about. */
export interface AnswerTab {
  tabId: number;
  url: string;
  title: string;
  /** The tab is in a private (incognito) window: nothing read from it is saved. */
  incognito: boolean;
}

/** How far the reading of a PDF is. */
export interface PdfProgress {
  url: string;
  page: number;
  pages: number;
}

/** A summary asked for from the context menu, the keyboard shortcut or the popup, waiting for the side panel. */
export interface PendingSummary {
  tabId: number;
  /** When it was asked for (ms since the epoch). */
  at: number;
  /** Handed over by the popup: the style and length chosen there (else the panel's own). */
  style?: import('@/lib/answer/prompts').SummaryStyle;
  length?: import('@/lib/answer/prompts').SummaryLength;
  /** Handed over by the popup: the choice already made for a very long page. */
  choice?: 'all' | 'beginning';
}

/** Summaries, questions, conversations. */
export interface AnswerMessages {
  /** The web page the person is reading: the active tab of the window, else its most recently used http(s) tab. */
  'answers.activeTab': { req: { windowId?: number }; res: AnswerTab | null };
  /** Progress of a PDF being read (from the engine host; kept in storage.session for the views). */
  'answers.pdfProgress': { req: PdfProgress; res: { ok: true } };
  /** The web tabs of the window (the "these tabs" scope offers them), in tab strip order. */
  'answers.windowTabs': { req: { windowId?: number }; res: AnswerTab[] };
  /** Extracts the readable text of a tab on demand (allowed even where capture is paused). */
  'answers.readTab': { req: { tabId: number }; res: import('@/lib/extract/types').ExtractedPage & { readAt?: number } };
  /** The text currently selected in a tab ('' when nothing is selected). */
  /** The selected text, bounded (MAX_SELECTION_CHARS); `totalChars` is how long the selection was, so the chat can say what it left out. */
  'answers.selection': { req: { tabId: number }; res: { text: string; totalChars: number } };
  /** Library passages for a question (lexical, or hybrid when semantic search is on), best first. */
  'answers.search': {
    req: { query: string; limit: number; site?: string; since?: number; dense?: import('@/lib/answer/library-retriever').QueryVector };
    res: import('@/lib/answer/sources').RetrievedPassage[];
  };
  /** Whether library answers can use hybrid search: passages are embedded with the configured embedding model. */
  'answers.searchMode': { req: Record<string, never>; res: { hybrid: boolean; model: string } };
  /** Takes (and clears) the summary requested in this window (the view's) from the context menu, shortcut or popup, if any. */
  'answers.takePendingSummary': { req: { windowId: number }; res: PendingSummary | null };
  /** The popup hands a summary of several passes to the side panel it has just opened (it would die with the popup). */
  'answers.handOffSummary': { req: Omit<PendingSummary, 'at'>; res: { ok: true } };
  /** Saved conversations, newest first (without their turns). */
  'answers.listConversations': { req: Record<string, never>; res: import('@/lib/answer/conversation').ConversationSummary[] };
  /** One saved conversation with its turns. */
  'answers.getConversation': { req: { id: number }; res: import('@/lib/answer/conversation').Conversation | null };
  /** Saves a conversation (creates it when `id` is absent); returns its id. */
  'answers.saveConversation': { req: import('@/lib/answer/conversation').ConversationDraft; res: { id: number } };
  /** Renames a conversation. */
  'answers.renameConversation': { req: { id: number; title: string }; res: { ok: true } };
  /** Deletes a conversation. */
  'answers.deleteConversation': { req: { id: number }; res: { ok: true } };
}

// ------------------------------------------------------------ history -----

/** "Add pages from your browsing history" (handled by the background; needs the optional `history` permission). */
export interface HistoryMessages {
  /** How many pages of the period the import would fetch, after the capture policy, and what it skips. */
  'history.plan': { req: { days: number }; res: { pages: number; skipped: import('@/lib/library/history-import').ImportProgress['skipped'] } };
  /** Starts an import of the period (replacing a finished one); `pacing` is for tests and benchmarks (lower bounds apply). */
  'history.start': { req: { days: number; pacing?: { concurrency?: number; hostDelayMs?: number } }; res: import('@/lib/library/history-import').ImportProgress };
  /** Pauses, resumes or cancels the running import. */
  'history.control': { req: { action: 'pause' | 'resume' | 'cancel' }; res: import('@/lib/library/history-import').ImportProgress | null };
  /** The import's progress (null: none was started). */
  'history.status': { req: Record<string, never>; res: import('@/lib/library/history-import').ImportProgress | null };
}

// --------------------------------------------------------------- host -----

/** Core requests to the engine host. */
interface HostCoreMessages {
  /** Health check of the engine host. */
  'host.ping': { req: { from: string }; res: PongReply };
}

/** Engine requests the background sends to the host. */
interface HostEngineMessages {}

/** Requests that need a DOM (the service worker has none): the host parses and extracts. */
interface HostReadMessages {
  /** Fetches a page without cookies and extracts its text (the history import). */
  'host.fetchPage': { req: { url: string }; res: import('@/lib/extract/fetch-page').FetchedPage };
  /** Downloads a PDF and extracts its text with pdf.js, page by page (progress: `answers.pdfProgress`). */
  'host.readPdf': { req: { url: string }; res: ExtractedPage };
}

// ------------------------------------------------------------- maps ------

/** Requests handled by the background. */
export interface Protocol extends CoreMessages, ContentMessages, CaptureMessages, LibraryMessages, EngineMessages, TokenMessages, AnswerMessages, HistoryMessages {}

/** Requests handled by the engine host. */
export interface HostProtocol extends HostCoreMessages, HostEngineMessages, HostReadMessages {}

/** The constraint of a concrete request map (interfaces have no index signature). */
export type ProtocolShape<P> = { [K in keyof P]: { req: unknown; res: unknown } };
export type Req<P extends ProtocolShape<P>, K extends keyof P> = P[K]['req'];
export type Res<P extends ProtocolShape<P>, K extends keyof P> = P[K]['res'];

/** Who sent a request, as the router sees it. */
export interface SenderInfo {
  /** Set when a tab (content script, or an extension page opened as a tab) sent it. */
  tabId?: number;
  windowId?: number;
  /** URL of the sending frame. */
  url?: string;
  /** True when the sender is a content script in a web page (not an extension page). */
  fromContentScript: boolean;
  incognito: boolean;
}

/** A handler for one message entry `{ req, res }`. */
type Handler<M extends { req: unknown; res: unknown }> = (req: M['req'], sender: SenderInfo) => Promise<M['res']> | M['res'];

/** A complete handler map: the compiler rejects a missing message. */
export type Handlers<P extends ProtocolShape<P>> = { [K in keyof P]: Handler<P[K]> };

/** The envelope of a one-shot request. */
export interface RequestEnvelope {
  gleaner: 1;
  target: Target;
  type: string;
  data: unknown;
}

/** The envelope of a reply. */
export type ReplyEnvelope = { ok: true; value: unknown } | { ok: false; error: WireError };

// ------------------------------------------------------------ streams -----

/** The Port names in use. */
export const PORT_ENGINE = 'engine';

/**
 * A frame on a streaming Port. `id` ties frames to the request that opened
 * them; broadcasts (load progress to every client) use `id: null`.
 */
export type StreamFrame<Payload = unknown> =
  | { id: string; kind: 'request'; method: string; params: unknown }
  | { id: string; kind: 'cancel' }
  | { id: string | null; kind: 'event'; event: string; data: Payload }
  | { id: string; kind: 'chunk'; data: Payload }
  | { id: string; kind: 'done'; data: Payload }
  | { id: string; kind: 'error'; error: WireError };
