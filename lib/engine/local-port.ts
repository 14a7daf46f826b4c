import type { PortLike } from '@/lib/messaging/port';

/**
 * Two connected in-memory Ports with runtime.Port's semantics (structured
 * clone, async delivery, onDisconnect on the other side only). Used where the
 * client and the engine host share one context (Firefox's background page),
 * where `runtime.connect` cannot reach its own context.
 */
export function localPortPair(name: string): [PortLike, PortLike] {
  const make = () => ({ messageListeners: [] as ((m: unknown) => void)[], disconnectListeners: [] as (() => void)[], open: true });
  const a = make();
  const b = make();
  const side = (self: ReturnType<typeof make>, other: ReturnType<typeof make>): PortLike => ({
    name,
    postMessage(message) {
      if (!self.open) throw new Error('Attempting to use a disconnected port object');
      const copy = structuredClone(message);
      queueMicrotask(() => other.open && other.messageListeners.forEach((cb) => cb(copy)));
    },
    disconnect() {
      if (!self.open) return;
      self.open = false;
      other.open = false;
      queueMicrotask(() => other.disconnectListeners.forEach((cb) => cb()));
    },
    onMessage: { addListener: (cb) => self.messageListeners.push(cb) },
    onDisconnect: { addListener: (cb) => self.disconnectListeners.push(cb) },
  });
  return [side(a, b), side(b, a)];
}
