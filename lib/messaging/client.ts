import { browser } from 'wxt/browser';
import { ConnectionError, isWireError } from './errors';
import { rebuildError } from './rebuild-error';
import type { ProtocolShape, HostProtocol, Protocol, ReplyEnvelope, Req, RequestEnvelope, Res, Target } from './protocol';

/**
 * Firefox refuses a message that arrives while its event page is stopping (idle
 * suspension) with "Could not establish connection. Receiving end does not exist."
 * The message was not delivered, so sending it again is safe, and the next one
 * starts the page afresh. Other failures (a reply channel closed mid-request)
 * may have been delivered and are not sent again.
 */
const NOT_DELIVERED = /Receiving end does not exist/i;
/** Waits before each resend: about 6 s in all, more than a stopping page needs. */
const RESEND_DELAYS_MS = [100, 400, 1500, 4000];

/** Sends one request to the context `target` and resolves with its typed reply (or throws the rebuilt error). */
async function request<P extends ProtocolShape<P>, K extends keyof P & string>(target: Target, type: K, data: Req<P, K>): Promise<Res<P, K>> {
  const envelope: RequestEnvelope = { gleaner: 1, target, type, data };
  let reply: ReplyEnvelope | undefined;
  for (let attempt = 0; ; attempt++) {
    try {
      reply = (await browser.runtime.sendMessage(envelope)) as ReplyEnvelope | undefined;
      break;
    } catch (error) {
      const message = (error as Error).message;
      if (NOT_DELIVERED.test(message) && attempt < RESEND_DELAYS_MS.length) {
        await new Promise((resolve) => setTimeout(resolve, RESEND_DELAYS_MS[attempt]));
        continue;
      }
      throw new ConnectionError(`Could not reach the ${target}: ${message}`);
    }
  }
  if (!reply) throw new ConnectionError(`No answer from the ${target} to "${type}".`);
  if (reply.ok) return reply.value as Res<P, K>;
  throw rebuildError(isWireError(reply.error) ? reply.error : { name: 'Error', message: 'Malformed error reply' });
}

/** Sends a request to the background (from a view, a content script or the engine host). */
export function sendToBackground<K extends keyof Protocol & string>(type: K, data: Req<Protocol, K>): Promise<Res<Protocol, K>> {
  return request<Protocol, K>('background', type, data);
}

/** Sends a request to the engine host (from the background, on Chrome where the host is the offscreen document). */
export function sendToHost<K extends keyof HostProtocol & string>(type: K, data: Req<HostProtocol, K>): Promise<Res<HostProtocol, K>> {
  return request<HostProtocol, K>('host', type, data);
}
