import { browser } from 'wxt/browser';
import type { Browser } from 'wxt/browser';
import { sendToHost } from '@/lib/messaging/client';
import { dispatch } from '@/lib/messaging/router';
import type { Handlers, HostProtocol, Req, Res } from '@/lib/messaging/protocol';

/**
 * The background's link to the engine host. On Chrome the host is an
 * offscreen document (created on demand, reason WORKERS); on Firefox, which
 * has no offscreen documents, the host runs inside the background page itself
 * and is loaded lazily so the Chrome worker never bundles WebLLM.
 */

const OFFSCREEN_PATH = '/offscreen.html';
let creating: Promise<void> | null = null;
/** This worker has seen the offscreen document's scripts run: it created it, or the document answered. */
let hostAnswered = false;
/** How long a document still loading gets to answer its first ping (it loads in well under a second). */
const HOST_START_MS = 10_000;
let firefoxHost: Promise<Handlers<HostProtocol>> | null = null;

/** True when the host runs inside this background page (Firefox). */
export const hostIsInBackground = import.meta.env.FIREFOX;

/** Starts the in-page host on Firefox; nothing to do on Chrome until a request needs it. */
export function startHostLink(): void {
  if (hostIsInBackground) void loadFirefoxHost();
}

function loadFirefoxHost(): Promise<Handlers<HostProtocol>> {
  firefoxHost ??= import('@/lib/engine/host').then((host) => host.startEngineHost());
  return firefoxHost;
}

/**
 * Creates the offscreen document unless it exists, and returns once its scripts have run (safe
 * to call concurrently). Chrome lists a document in runtime.getContexts while it is still
 * loading: a Port opened then finds no listener and is dropped at once ("Receiving end does not
 * exist"; measured: listed about 170 ms before createDocument resolves). So a caller that comes
 * while a creation is in progress waits for that creation, not for the document to be listed;
 * and a document this worker did not create (a worker that stopped while it loaded made it) is
 * trusted only once it has answered a ping.
 */
export async function ensureHost(): Promise<void> {
  if (hostIsInBackground) {
    await loadFirefoxHost();
    return;
  }
  if (!creating) {
    const contexts = await browser.runtime.getContexts({
      contextTypes: ['OFFSCREEN_DOCUMENT' as Browser.runtime.ContextType],
      documentUrls: [browser.runtime.getURL(OFFSCREEN_PATH)],
    });
    // Listed, and no creation of ours under way (one may have started while getContexts ran).
    if (contexts.length > 0 && !creating) {
      if (!hostAnswered) await untilHostAnswers();
      return;
    }
  }
  creating ??= browser.offscreen
    .createDocument({
      url: OFFSCREEN_PATH,
      reasons: ['WORKERS' as Browser.offscreen.Reason],
      justification: 'Runs the local language model (WebGPU) and tokenizers outside the short-lived service worker.',
    })
    .then(
      () => {
        hostAnswered = true;
      },
      // Another context created it first: it exists, which is what we want, once it answers.
      (error: Error) => {
        if (!/single offscreen|already/i.test(error.message)) throw error;
        return untilHostAnswers();
      },
    )
    .finally(() => {
      creating = null;
    });
  await creating;
}

/** Pings the offscreen document until its scripts answer (a document still loading has no listener yet). */
async function untilHostAnswers(): Promise<void> {
  const deadline = Date.now() + HOST_START_MS;
  for (;;) {
    try {
      await sendToHost('host.ping', { from: 'background' });
      hostAnswered = true;
      return;
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
}

/** Closes the offscreen document if it is open (idle timeout, tests). */
export async function closeHost(): Promise<boolean> {
  if (hostIsInBackground) return false;
  try {
    hostAnswered = false;
    await browser.offscreen.closeDocument();
    return true;
  } catch {
    return false;
  }
}

/** Sends a request to the engine host, creating it first when needed. */
export async function callHost<K extends keyof HostProtocol & string>(type: K, data: Req<HostProtocol, K>): Promise<Res<HostProtocol, K>> {
  if (hostIsInBackground) {
    const handlers = await loadFirefoxHost();
    return (await dispatch(handlers, type, data, { fromContentScript: false, incognito: false })) as Res<HostProtocol, K>;
  }
  await ensureHost();
  return sendToHost(type, data);
}
