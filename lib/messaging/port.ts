import { AbortedError, ConnectionError, serializeError } from './errors';
import { rebuildError } from './rebuild-error';
import type { StreamFrame } from './protocol';

/** The part of `runtime.Port` that streaming uses (Chrome, Firefox and in-memory pairs all fit). */
export interface PortLike {
  name: string;
  postMessage(message: unknown): void;
  disconnect(): void;
  onMessage: { addListener(cb: (message: unknown) => void): void };
  onDisconnect: { addListener(cb: () => void): void };
}

/** A map of streaming methods: what each takes, streams, and finally returns. */
export type StreamMethods = Record<string, { params: unknown; chunk: unknown; result: unknown }>;

/** A map of broadcast events: the data each carries. */
export type StreamEvents = Record<string, unknown>;

/** What a stream handler may do while it runs. */
export interface StreamContext<Chunk> {
  /** Sends one chunk to the caller. */
  emit(chunk: Chunk): void;
  /** Aborted when the caller cancels or disconnects. */
  signal: AbortSignal;
}

/** Server-side implementation of every method of M. */
export type StreamHandlers<M extends StreamMethods> = {
  [K in keyof M]: (params: M[K]['params'], ctx: StreamContext<M[K]['chunk']>) => Promise<M[K]['result']>;
};

/**
 * Serves streaming requests on every Port it is given, and broadcasts events
 * (e.g. model load progress) to all connected clients.
 */
export class StreamServer<M extends StreamMethods, E extends StreamEvents = StreamEvents> {
  private readonly ports = new Set<PortLike>();
  constructor(private readonly handlers: StreamHandlers<M>) {}

  /** Starts serving one client Port. */
  accept(port: PortLike): void {
    this.ports.add(port);
    const running = new Map<string, AbortController>();
    port.onDisconnect.addListener(() => {
      this.ports.delete(port);
      for (const controller of running.values()) controller.abort();
      running.clear();
    });
    port.onMessage.addListener((message) => {
      const frame = message as StreamFrame;
      if (frame.kind === 'cancel') {
        running.get(frame.id)?.abort();
        return;
      }
      if (frame.kind !== 'request') return;
      const handler = this.handlers[frame.method as keyof M];
      const controller = new AbortController();
      running.set(frame.id, controller);
      const post = (out: StreamFrame) => {
        if (!this.ports.has(port)) return;
        try {
          port.postMessage(out);
        } catch {
          // The Port closed before its onDisconnect arrived: the caller is gone, stop its work.
          this.ports.delete(port);
          controller.abort();
        }
      };
      const ctx: StreamContext<unknown> = {
        emit: (data) => post({ id: frame.id, kind: 'chunk', data }),
        signal: controller.signal,
      };
      Promise.resolve()
        .then(() => {
          if (!handler) throw new Error(`Unknown stream method "${frame.method}".`);
          return (handler as (p: unknown, c: StreamContext<unknown>) => Promise<unknown>)(frame.params, ctx);
        })
        .then(
          (data) => post({ id: frame.id, kind: 'done', data }),
          (error: unknown) => post({ id: frame.id, kind: 'error', error: serializeError(error) }),
        )
        .finally(() => running.delete(frame.id));
    });
  }

  /** Sends an event to every connected client. */
  broadcast<K extends keyof E & string>(event: K, data: E[K]): void {
    for (const port of this.ports) {
      try {
        port.postMessage({ id: null, kind: 'event', event, data } satisfies StreamFrame);
      } catch {
        // Closed before its onDisconnect arrived: forget it.
        this.ports.delete(port);
      }
    }
  }

  /** How many clients are connected. */
  get clientCount(): number {
    return this.ports.size;
  }
}

interface Pending {
  onChunk?: (chunk: unknown) => void;
  resolve(value: unknown): void;
  reject(error: unknown): void;
}

/**
 * Client of a StreamServer. Connects lazily; when the Port drops (the host was
 * torn down) every pending call fails with a retryable ConnectionError and the
 * next call reconnects.
 */
export class StreamClient<M extends StreamMethods, E extends StreamEvents = StreamEvents> {
  private port: PortLike | null = null;
  private readonly pending = new Map<string, Pending>();
  private readonly listeners = new Map<string, Set<(data: unknown) => void>>();
  private nextId = 0;

  /** `connect` opens a new Port; `prepare` runs before each (re)connection (e.g. to wake the host). */
  constructor(
    private readonly connect: () => PortLike,
    private readonly prepare: () => Promise<void> = async () => {},
  ) {}

  /** Calls `method`, delivering chunks to `onChunk`; `signal` cancels it on the server. */
  async call<K extends keyof M & string>(
    method: K,
    params: M[K]['params'],
    options: { onChunk?: (chunk: M[K]['chunk']) => void; signal?: AbortSignal } = {},
  ): Promise<M[K]['result']> {
    if (options.signal?.aborted) throw new AbortedError('Stopped.');
    const port = await this.ensurePort();
    const id = `${Date.now().toString(36)}-${this.nextId++}`;
    return new Promise<M[K]['result']>((resolve, reject) => {
      const onAbort = () => {
        port.postMessage({ id, kind: 'cancel' } satisfies StreamFrame);
      };
      options.signal?.addEventListener('abort', onAbort, { once: true });
      const done = () => options.signal?.removeEventListener('abort', onAbort);
      this.pending.set(id, {
        onChunk: options.onChunk as ((chunk: unknown) => void) | undefined,
        resolve: (value) => {
          done();
          resolve(value as M[K]['result']);
        },
        reject: (error) => {
          done();
          reject(error);
        },
      });
      port.postMessage({ id, kind: 'request', method, params } satisfies StreamFrame);
    });
  }

  /** Subscribes to a broadcast event; returns the unsubscribe function. */
  on<K extends keyof E & string>(event: K, listener: (data: E[K]) => void): () => void {
    let set = this.listeners.get(event);
    if (!set) this.listeners.set(event, (set = new Set()));
    // The one place an event's data is given its type: the server's `broadcast` checked it against the same map E.
    const untyped = listener as (data: unknown) => void;
    set.add(untyped);
    return () => set.delete(untyped);
  }

  /** Connects now (to receive broadcasts before the first call). */
  async open(): Promise<void> {
    await this.ensurePort();
  }

  /** Drops the connection; pending calls fail. */
  close(): void {
    this.port?.disconnect();
    this.dropped();
  }

  private async ensurePort(): Promise<PortLike> {
    if (this.port) return this.port;
    await this.prepare();
    if (this.port) return this.port;
    const port = this.connect();
    this.port = port;
    port.onMessage.addListener((message) => this.receive(message as StreamFrame));
    port.onDisconnect.addListener(() => {
      if (this.port === port) this.dropped();
    });
    return port;
  }

  private dropped(): void {
    this.port = null;
    const error = new ConnectionError('The engine host stopped before it answered. Try again: it restarts by itself.');
    for (const pending of this.pending.values()) pending.reject(error);
    this.pending.clear();
  }

  private receive(frame: StreamFrame): void {
    if (frame.kind === 'event') {
      for (const listener of this.listeners.get(frame.event) ?? []) listener(frame.data);
      return;
    }
    if (frame.kind === 'request' || frame.kind === 'cancel') return;
    const pending = this.pending.get(frame.id);
    if (!pending) return;
    if (frame.kind === 'chunk') pending.onChunk?.(frame.data);
    else {
      this.pending.delete(frame.id);
      if (frame.kind === 'done') pending.resolve(frame.data);
      else pending.reject(rebuildError(frame.error));
    }
  }
}
