import { afterEach, describe, expect, it, vi } from 'vitest';
import { entrySize } from '@/lib/engine/webllm-cache';

/** A body of `chunks` × 1 MiB made on demand, like a weight shard read back from Cache Storage. */
function lazyBody(chunks: number): ReadableStream<Uint8Array> {
  const chunk = new Uint8Array(1024 * 1024);
  let sent = 0;
  return new ReadableStream<Uint8Array>({
    pull(controller) {
      if (sent++ < chunks) controller.enqueue(chunk);
      else controller.close();
    },
  });
}

afterEach(() => vi.restoreAllMocks());

describe('the size of a cached WebLLM file', () => {
  it('is its content-length when the cache kept one', async () => {
    expect(await entrySize(new Response('abc', { headers: { 'content-length': '123456' } }))).toBe(123456);
  });

  it('is counted by streaming when there is no content-length, never by reading the file whole', async () => {
    const whole = [vi.spyOn(Response.prototype, 'arrayBuffer'), vi.spyOn(Response.prototype, 'blob'), vi.spyOn(Response.prototype, 'text')];
    const response = new Response(lazyBody(48));
    expect(response.headers.get('content-length')).toBeNull();
    expect(await entrySize(response)).toBe(48 * 1024 * 1024);
    for (const spy of whole) expect(spy).not.toHaveBeenCalled();
  });

  it('is 0 for an empty entry', async () => {
    expect(await entrySize(new Response(null))).toBe(0);
  });
});
