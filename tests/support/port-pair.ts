import type { PortLike } from '@/lib/messaging/port';

/**
 * Two connected in-memory ports with runtime.Port's semantics (async delivery,
 * onDisconnect fires on the other side only). Unit tests use it where a real
 * browser Port cannot exist; the e2e tests use real ones.
 */
export function portPair(name = 'test'): [PortLike, PortLike] {
  const make = () => {
    const messageListeners: ((m: unknown) => void)[] = [];
    const disconnectListeners: (() => void)[] = [];
    return { name, messageListeners, disconnectListeners, open: true };
  };
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
