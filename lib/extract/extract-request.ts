/**
 * The one request the background sends to the extraction content script:
 * "extract this page now" (on-demand use, e.g. summarize or answer about the
 * current tab). It is not part of `Protocol` because a tab, not the
 * background, answers it.
 */
import type { ExtractedPage } from './types';

/** The request envelope. */
export interface ExtractNowRequest {
  gleanerTab: 1;
  type: 'extract.now';
}

/** The reply: the page, or an error message. */
export type ExtractNowReply = { ok: true; page: ExtractedPage } | { ok: false; message: string };

/** Builds the request. */
export function extractNowRequest(): ExtractNowRequest {
  return { gleanerTab: 1, type: 'extract.now' };
}

/** True when `message` is an extract-now request. */
export function isExtractNowRequest(message: unknown): message is ExtractNowRequest {
  return typeof message === 'object' && message !== null && (message as ExtractNowRequest).gleanerTab === 1 && (message as ExtractNowRequest).type === 'extract.now';
}
