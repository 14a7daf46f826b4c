import { describe, expect, it } from 'vitest';
import { SseParser } from '@/lib/engine/sse';

describe('the SSE parser', () => {
  const stream = 'data: {"a":1}\n\n: comment\n\nevent: ping\ndata: one\ndata: two\n\ndata: [DONE]\n\n';

  it('gives the same events however the stream is split', () => {
    const whole = new SseParser().push(stream);
    expect(whole).toEqual([
      { event: 'message', data: '{"a":1}' },
      { event: 'ping', data: 'one\ntwo' },
      { event: 'message', data: '[DONE]' },
    ]);
    for (let size = 1; size <= 7; size++) {
      const parser = new SseParser();
      const events = [];
      for (let i = 0; i < stream.length; i += size) events.push(...parser.push(stream.slice(i, i + size)));
      expect(events).toEqual(whole);
    }
  });

  it('accepts CRLF and CR line ends, even when CR and LF arrive apart', () => {
    const parser = new SseParser();
    const events = [...parser.push('data: x\r'), ...parser.push('\n\r'), ...parser.push('\ndata: y\r\r')];
    expect(events.map((e) => e.data)).toEqual(['x', 'y']);
  });

  it('knows when the stream stopped inside an event', () => {
    const parser = new SseParser();
    parser.push('data: {"partial"');
    expect(parser.hasPartial).toBe(true);
  });
});
