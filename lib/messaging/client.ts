import { browser } from 'wxt/browser';
import { ConnectionError, isWireError, rebuildError } from './errors';
import type { ProtocolShape, HostProtocol, Protocol, ReplyEnvelope, Req, RequestEnvelope, Res, Target } from './protocol';

/** Sends one request to the context `target` and resolves with its typed reply (or throws the rebuilt error). */
async function request<P extends ProtocolShape<P>, K extends keyof P & string>(
  target: Target,
  type: K,
  data: Req<P, K>,
): Promise<Res<P, K>> {
  const envelope: RequestEnvelope = { gleaner: 1, target, type, data };
  let reply: ReplyEnvelope | undefined;
  try {
    reply = (await browser.runtime.sendMessage(envelope)) as ReplyEnvelope | undefined;
  } catch (error) {
    throw new ConnectionError(`Could not reach the ${target}: ${(error as Error).message}`);
  }
  if (!reply) throw new ConnectionError(`No answer from the ${target} to "${type}".`);
  if (reply.ok) return reply.value as Res<P, K>;
  throw rebuildError(isWireError(reply.error) ? reply.error : { name: 'Error', message: 'Malformed error reply' });
}

/** Sends a request to the background (from a view, a content script or the engine host). */
export function sendToBackground<K extends keyof Protocol & string>(
  type: K,
  data: Req<Protocol, K>,
): Promise<Res<Protocol, K>> {
  return request<Protocol, K>('background', type, data);
}

/** Sends a request to the engine host (from the background, on Chrome where the host is the offscreen document). */
export function sendToHost<K extends keyof HostProtocol & string>(
  type: K,
  data: Req<HostProtocol, K>,
): Promise<Res<HostProtocol, K>> {
  return request<HostProtocol, K>('host', type, data);
}
