/**
 * Removes the origin obstacle of a local server instead of only explaining it.
 *
 * A default Ollama refuses every request whose `Origin` header is not its own
 * (403): the browser puts `Origin: chrome-extension://<id>` (Firefox:
 * `moz-extension://<uuid>`) on the extension's chat POST, so chat fails although
 * the model list (a GET without Origin) answered. Chrome and Firefox both let an
 * extension drop that header from its *own* requests with a declarativeNetRequest
 * session rule: limited to the one loopback server (localhost, 127.x, [::1]) the
 * person configured or is testing, to requests initiated by this extension
 * (`initiatorDomains: [its host]`), and to fetches (`xmlhttprequest`). A server
 * elsewhere keeps its Origin (it is the person's to allow; `serverOriginAdvice`).
 */

/** Rule ids: the configured server (kept by the background) and the one a view is testing. */
export const ORIGIN_RULE_ID = { configured: 1, testing: 2 } as const;

/** The declarativeNetRequest rule shape this module writes (a subset of chrome.declarativeNetRequest.Rule). */
export interface OriginRule {
  id: number;
  priority: number;
  action: { type: 'modifyHeaders'; requestHeaders: { header: string; operation: 'remove' }[] };
  condition: { urlFilter: string; initiatorDomains: string[]; resourceTypes: 'xmlhttprequest'[] };
}

/** The part of `chrome.declarativeNetRequest` used here. */
export interface SessionRules {
  updateSessionRules(options: { removeRuleIds?: number[]; addRules?: OriginRule[] }): Promise<void>;
}

/** Whether `host` (a URL's hostname) is this machine. */
export function isLoopbackHost(host: string): boolean {
  return host === 'localhost' || host.endsWith('.localhost') || /^127(\.\d{1,3}){3}$/.test(host) || host === '[::1]';
}

/** The rule that drops the extension's Origin header on requests to `serverUrl`, or null when it is not a loopback http(s) address. */
export function serverOriginRule(serverUrl: string, extensionId: string, id: number): OriginRule | null {
  let url: URL;
  try {
    url = new URL(serverUrl);
  } catch {
    return null;
  }
  if ((url.protocol !== 'http:' && url.protocol !== 'https:') || !isLoopbackHost(url.hostname) || !extensionId) return null;
  return {
    id,
    priority: 1,
    action: { type: 'modifyHeaders', requestHeaders: [{ header: 'origin', operation: 'remove' }] },
    // `|` anchors the filter at the start of the URL: this origin only (scheme, host and port).
    condition: { urlFilter: `|${url.origin}/`, initiatorDomains: [extensionId], resourceTypes: ['xmlhttprequest'] },
  };
}

/**
 * This extension's host in its page URLs, which is what `initiatorDomains` matches: Chrome's
 * extension id; in Firefox the per-install UUID of moz-extension://<uuid> (not `runtime.id`).
 */
export function extensionHost(): string {
  const runtime = (globalThis as { chrome?: { runtime?: { getURL?(path: string): string } } }).chrome?.runtime;
  return runtime?.getURL ? new URL(runtime.getURL('/')).host : '';
}

/** The browser's session rules where it has them, else null. */
export function browserSessionRules(): SessionRules | null {
  const dnr = (globalThis as { chrome?: { declarativeNetRequest?: SessionRules } }).chrome?.declarativeNetRequest;
  return dnr?.updateSessionRules ? dnr : null;
}

/**
 * Sets rule `id` to the rule for `serverUrl` (or removes it when there is none).
 * Returns whether the Origin header is now removed for that server; never throws
 * (a browser without the API just keeps the header, and the 403 is explained).
 */
export async function allowServerOrigin(rules: SessionRules | null, serverUrl: string, extensionId: string, id: number): Promise<boolean> {
  if (!rules) return false;
  const rule = serverOriginRule(serverUrl, extensionId, id);
  try {
    await rules.updateSessionRules({ removeRuleIds: [id], ...(rule ? { addRules: [rule] } : {}) });
    return rule !== null;
  } catch {
    return false;
  }
}

/** What to tell a person whose server still refuses the extension's origin (a server elsewhere, or a browser without the rule). */
export function serverOriginAdvice(browser: 'firefox' | 'chrome'): string {
  const origin = browser === 'firefox' ? 'moz-extension://*' : 'chrome-extension://*';
  return `Gleaner removes the extension’s Origin header only for a server on this machine (localhost, 127.0.0.1). For a server elsewhere, allow the extension there: for Ollama set OLLAMA_ORIGINS=${origin} and restart it; for LM Studio turn on “Enable CORS”.`;
}
