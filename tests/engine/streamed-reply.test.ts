import { describe, expect, it } from 'vitest';
import { StreamedReply } from '@/lib/engine/streamed-reply';

describe('StreamedReply (what every backend keeps while a reply streams)', () => {
  it('keeps the text, counts non-empty pieces, passes each on, and measures from the clock it is given', () => {
    let now = 1000;
    const seen: string[] = [];
    const reply = new StreamedReply(
      (delta) => seen.push(delta),
      () => now,
    );
    now = 1250;
    reply.add('Hello');
    reply.add('');
    reply.add(undefined);
    now = 3250;
    reply.add(', world');
    expect(reply.text).toBe('Hello, world');
    expect(reply.pieces).toBe(2);
    expect(seen).toEqual(['Hello', ', world']);
    expect(reply.timeToFirstTokenMs()).toBe(250);
    // 9 tokens after the first, over the 2 s since it.
    expect(reply.decodeTokensPerSecond(10)).toBe(4.5);
  });

  it('says nothing it cannot measure: no piece yet, or a single token', () => {
    let now = 0;
    const reply = new StreamedReply(undefined, () => now);
    now = 40;
    expect(reply.timeToFirstTokenMs()).toBe(40);
    expect(reply.decodeTokensPerSecond(5)).toBeUndefined();
    reply.add('x');
    now = 90;
    expect(reply.decodeTokensPerSecond(1)).toBeUndefined();
  });
});
