import type { Browser } from 'wxt/browser';
import { ValidationError, serializeError } from './errors';
import type { ProtocolShape, Handlers, ReplyEnvelope, RequestEnvelope, SenderInfo, Target } from './protocol';

/** Validates the data of a request that came from a web page's content script. */
export type Validator = (data: unknown) => unknown;

export interface RouterOptions {
  /** The extension's own origin, to tell extension pages from content scripts. */
  extensionOrigin: string;
  /** Message names a content script may send, each with its validator; others are refused. */
  contentScriptValidators?: Record<string, Validator>;
}

/** True when `value` is one of our request envelopes. */
function isRequestEnvelope(value: unknown): value is RequestEnvelope {
  return typeof value === 'object' && value !== null && (value as RequestEnvelope).gleaner === 1 && typeof (value as RequestEnvelope).type === 'string';
}

/**
 * True when a message or Port comes from one of the extension's own pages
 * (popup, side panel, offscreen document, worker) and not from a content
 * script: only those have a frame URL inside the extension's origin. A sender
 * without a URL is not trusted (fail closed).
 */
export function isExtensionPageSender(sender: Pick<Browser.runtime.MessageSender, 'url'> | undefined, extensionOrigin: string): boolean {
  const url = sender?.url;
  return typeof url === 'string' && extensionOrigin !== '' && url.startsWith(`${extensionOrigin}/`);
}

/** Reduces a runtime sender to what handlers may rely on. */
export function describeSender(sender: Browser.runtime.MessageSender, extensionOrigin: string): SenderInfo {
  const url = sender.url ?? sender.tab?.url;
  const fromContentScript = !isExtensionPageSender(sender, extensionOrigin);
  return {
    tabId: sender.tab?.id,
    windowId: sender.tab?.windowId,
    url,
    fromContentScript,
    incognito: sender.tab?.incognito ?? false,
  };
}

/** Runs the handler of `type`, validating content-script requests first. */
export async function dispatch<P extends ProtocolShape<P>>(
  handlers: Handlers<P>,
  type: string,
  data: unknown,
  sender: SenderInfo,
  options: Pick<RouterOptions, 'contentScriptValidators'> = {},
): Promise<unknown> {
  if (!Object.hasOwn(handlers, type)) throw new ValidationError(`Unknown message "${type}".`);
  let payload = data;
  if (sender.fromContentScript) {
    const validate = options.contentScriptValidators?.[type];
    if (!validate) throw new ValidationError(`A web page may not send "${type}".`);
    payload = validate(data);
  }
  const handler = handlers[type as keyof P] as (req: unknown, sender: SenderInfo) => unknown;
  return handler(payload, sender);
}

/**
 * Builds a `runtime.onMessage` listener that answers the requests addressed to
 * `target` and ignores the rest (returning undefined lets another context answer).
 */
export function createRouter<P extends ProtocolShape<P>>(target: Target, handlers: Handlers<P>, options: RouterOptions) {
  return (message: unknown, sender: Browser.runtime.MessageSender): Promise<ReplyEnvelope> | undefined => {
    if (!isRequestEnvelope(message) || message.target !== target) return undefined;
    const info = describeSender(sender, options.extensionOrigin);
    return dispatch(handlers, message.type, message.data, info, options).then(
      (value): ReplyEnvelope => ({ ok: true, value }),
      (error: unknown): ReplyEnvelope => ({ ok: false, error: serializeError(error) }),
    );
  };
}
