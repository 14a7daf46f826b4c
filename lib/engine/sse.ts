/**
 * A Server-Sent Events parser that is fed text as it arrives: lines may be
 * split anywhere between chunks, ends of line may be LF, CRLF or CR, comments
 * (`:`) are skipped and multi-line `data:` fields are joined, as the SSE
 * specification says.
 */

/** One dispatched event. */
export interface SseEvent {
  event: string;
  data: string;
}

/** Incremental SSE parser: `push` text, get the complete events; `end` flushes what is left. */
export class SseParser {
  private buffer = '';
  private data: string[] = [];
  private event = '';
  private pendingCR = false;

  /** Feeds a piece of the stream; returns the events it completed. */
  push(text: string): SseEvent[] {
    const out: SseEvent[] = [];
    let input = text;
    // A CR at the end of the previous piece may be the first half of CRLF.
    if (this.pendingCR && input.startsWith('\n')) input = input.slice(1);
    this.pendingCR = false;
    this.buffer += input;
    let start = 0;
    for (let i = 0; i < this.buffer.length; i++) {
      const ch = this.buffer[i];
      if (ch !== '\n' && ch !== '\r') continue;
      this.line(this.buffer.slice(start, i), out);
      if (ch === '\r') {
        if (i + 1 === this.buffer.length) this.pendingCR = true;
        else if (this.buffer[i + 1] === '\n') i++;
      }
      start = i + 1;
    }
    this.buffer = this.buffer.slice(start);
    return out;
  }

  /** True when the stream ended inside a line or an event (it was cut off). */
  get hasPartial(): boolean {
    return this.buffer.length > 0 || this.data.length > 0;
  }

  private line(line: string, out: SseEvent[]): void {
    if (line === '') {
      if (this.data.length > 0) out.push({ event: this.event || 'message', data: this.data.join('\n') });
      this.data = [];
      this.event = '';
      return;
    }
    if (line.startsWith(':')) return;
    const colon = line.indexOf(':');
    const field = colon === -1 ? line : line.slice(0, colon);
    let value = colon === -1 ? '' : line.slice(colon + 1);
    if (value.startsWith(' ')) value = value.slice(1);
    if (field === 'data') this.data.push(value);
    else if (field === 'event') this.event = value;
  }
}
