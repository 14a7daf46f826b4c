import type { PortLike } from '@/lib/messaging/port';
import { localPortPair } from '@/lib/engine/local-port';

/**
 * Two connected in-memory ports with runtime.Port's semantics (async delivery,
 * onDisconnect fires on the other side only). Unit tests use it where a real
 * browser Port cannot exist; the e2e tests use real ones. The same pair links
 * a client and the engine host inside Firefox's background page.
 */
export function portPair(name = 'test'): [PortLike, PortLike] {
  return localPortPair(name);
}
