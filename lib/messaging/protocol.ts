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
import type { ExtractedPage } from '@/lib/extract/types';
import type { CaptureStatusReply } from '@/lib/library/capture-status';
import type { CaptureOutcome } from '@/lib/library/capture-flow';
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

/** Capture policy and per-tab capture status (handled by the background). */
export interface CaptureMessages {
  /** Capture status of a tab (the popup's current tab), with the pause and site toggles' state. */
  'capture.status': { req: { tabId: number }; res: CaptureStatusReply };
  /** Pauses or resumes automatic capture everywhere. */
  'capture.setPaused': { req: { paused: boolean }; res: { paused: boolean } };
  /** Excludes a site (host) from capture, or lets it be captured again. */
  'capture.excludeSite': { req: { site: string; excluded: boolean }; res: { excludedSites: string[] } };
  /** Extracts a tab now (on demand: allowed even when capture is paused or the site excluded). */
  'capture.extractTab': { req: { tabId: number }; res: ExtractedPage };
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
  /** Deletes one page with its passages and index entries. */
  'library.deletePage': { req: { pageId: number }; res: { deleted: number } };
  /** Deletes every page of a site. */
  'library.deleteSite': { req: { site: string }; res: { deleted: number } };
  /** Deletes the whole library (settings are kept). */
  'library.deleteAll': { req: { confirm: true }; res: { deleted: number } };
  /** One slice of the export file (JSON lines): call with the returned `next` until it is null. */
  'library.export': { req: { after?: number; limit?: number }; res: { lines: string[]; next: number | null } };
  /** Imports lines of an export file (idempotent: a page already there is unchanged). */
  'library.import': { req: { lines: string[] }; res: ImportSummary };
  /** Opens a library page in a new tab, scrolled to a passage when `chunkId` is given (text fragment). */
  'library.openPage': { req: { pageId: number; chunkId?: number }; res: { opened: boolean } };
}

// ------------------------------------------------------------- engine -----

/** Engine management (handled by the background, which forwards to the host). */
export interface EngineMessages {}

// ------------------------------------------------------------- tokens -----

/** Token counting requests. */
export interface TokenMessages {}

// ------------------------------------------------------------ answers -----

/** Summaries, questions, conversations. */
export interface AnswerMessages {}

// --------------------------------------------------------------- host -----

/** Core requests to the engine host. */
export interface HostCoreMessages {
  /** Health check of the engine host. */
  'host.ping': { req: { from: string }; res: PongReply };
}

/** Engine requests the background sends to the host. */
export interface HostEngineMessages {}

// ------------------------------------------------------------- maps ------

/** Requests handled by the background. */
export interface Protocol
  extends CoreMessages,
    ContentMessages,
    CaptureMessages,
    LibraryMessages,
    EngineMessages,
    TokenMessages,
    AnswerMessages {}

/** Requests handled by the engine host. */
export interface HostProtocol extends HostCoreMessages, HostEngineMessages {}

/** The names of messages a content script (web page origin) may send; all others are refused. */
export const CONTENT_SCRIPT_MESSAGES = ['content.hello', 'content.capture'] as const satisfies readonly (keyof Protocol)[];
export type ContentScriptMessage = (typeof CONTENT_SCRIPT_MESSAGES)[number];

/** Any request map: each message name maps to its request and reply types. */
export type AnyProtocol = { [K: string]: { req: unknown; res: unknown } };
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
export type Handler<M extends { req: unknown; res: unknown }> = (
  req: M['req'],
  sender: SenderInfo,
) => Promise<M['res']> | M['res'];

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
